import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bontang_aker.core.templatetags.portal import rupiah
from employers.models import Vacancy
from employers.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db


def test_home_lists_only_published_open_vacancies(client):
    # given
    VacancyFactory(published=True, title="Operator DCS Amonia")
    VacancyFactory(title="Draf Juru Las")
    VacancyFactory(in_review=True, title="Sedang Ditinjau Teknisi")
    past = VacancyFactory(published=True, title="Lowongan Kedaluwarsa")
    Vacancy.objects.filter(pk=past.pk).update(
        open_date=timezone.localdate() - datetime.timedelta(days=40),
        close_date=timezone.localdate() - datetime.timedelta(days=1),
    )

    # when
    response = client.get(reverse("home"))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Operator DCS Amonia" in content
    assert "Draf Juru Las" not in content
    assert "Sedang Ditinjau Teknisi" not in content
    assert "Lowongan Kedaluwarsa" not in content


def test_home_shows_vacancy_facts_with_rupiah_and_local_date(client):
    # given
    vacancy = VacancyFactory(published=True, wage_min=4_000_000, wage_max=5_500_000)

    # when
    content = client.get(reverse("home")).content.decode()

    # then
    assert vacancy.company.name in content
    assert vacancy.work_location in content
    assert vacancy.min_education.name in content
    assert "Rp 4.000.000" in content
    assert "Rp 5.500.000" in content
    assert f'datetime="{vacancy.close_date:%Y-%m-%d}"' in content


def test_home_shows_empty_state_without_vacancies(client):
    # when
    response = client.get(reverse("home"))

    # then
    assert response.context["vacancies"] == []
    assert 'class="empty-state"' in response.content.decode()


def test_home_shows_entry_points_for_each_role(client):
    # when
    content = client.get(reverse("home")).content.decode()

    # then
    assert 'id="for-jobseekers"' in content
    assert 'id="for-employers"' in content
    assert 'id="for-staff"' in content
    assert reverse("admin:index") in content
    assert reverse("accounts:login") in content


def test_home_queries_do_not_grow_with_vacancies(client, django_assert_max_num_queries):
    # given
    VacancyFactory.create_batch(12, published=True)
    client.get(reverse("home"))  # the first request of a process reads the reference tables into memory

    # when / then: the reference check, vacancies with their companies, their skills, whatever the count
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))
    assert len(response.context["vacancies"]) == 10


def test_pages_default_to_indonesian(client):
    # when
    response = client.get(reverse("home"))

    # then
    assert '<html lang="id">' in response.content.decode()


def test_language_switcher_changes_to_english(client):
    # given
    home = reverse("home")

    # when
    response = client.post(reverse("set_language"), {"language": "en", "next": home}, follow=True)

    # then
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == home
    assert '<html lang="en">' in content
    assert "Latest vacancies" in content


def test_every_page_carries_the_free_service_notice(client):
    # when
    content = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then
    assert "This service is free of charge." in content
    assert "pungli" in content
    assert "WITA" in content


def test_unknown_page_shows_friendly_404(client, settings):
    # given
    settings.DEBUG = False

    # when
    response = client.get("/tidak-ada-halaman-ini/")

    # then
    assert response.status_code == 404
    assert "error-page" in response.content.decode()
    assert 'id="main"' in response.content.decode()


def test_server_error_page_renders_without_request_context(rf):
    # given: the handler must work even when the database or context processors are broken
    from bontang_aker.core.views import server_error

    # when
    response = server_error(rf.get("/"))

    # then
    assert response.status_code == 500
    assert "500" in response.content.decode()


def test_permission_denied_page_is_friendly(rf, django_user_model):
    # given
    from django.contrib.auth.models import AnonymousUser

    from bontang_aker.core.views import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()

    # when
    response = permission_denied(request)

    # then
    assert response.status_code == 403
    assert "error-page" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4_000_000, "Rp 4.000.000"), (950, "Rp 950"), (0, "Rp 0"), (None, ""), ("12500", "Rp 12.500")],
)
def test_rupiah_uses_indonesian_thousands_separators(value, expected):
    assert rupiah(value) == expected


def test_field_partial_ties_help_and_errors_to_inputs():
    # given: a bound form with errors on a text field and on a radio group
    from django import forms
    from django.template.loader import render_to_string

    class ExampleForm(forms.Form):
        phone = forms.CharField(label="Telepon", help_text="Contoh: 0812…")
        sex = forms.ChoiceField(label="Jenis kelamin", choices=[("M", "L"), ("F", "P")], widget=forms.RadioSelect)
        note = forms.CharField(label="Catatan", required=False)

    form = ExampleForm(data={})
    assert not form.is_valid()

    # when
    phone = render_to_string("includes/_field.html", {"field": form["phone"]})
    sex = render_to_string("includes/_field.html", {"field": form["sex"]})
    note = render_to_string("includes/_field.html", {"field": form["note"]})
    summary = render_to_string("includes/_form_errors.html", {"form": form})

    # then
    assert '<label class="field__label" for="id_phone">' in phone
    assert 'id="id_phone_helptext"' in phone
    assert 'id="id_phone_error"' in phone
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in phone
    assert 'aria-invalid="true"' in phone
    assert "<fieldset" in sex and "<legend" in sex
    assert 'aria-describedby="id_sex_error"' in sex
    assert "field__optional" in note
    assert 'role="alert"' in summary
    assert 'href="#id_phone"' in summary
    assert 'href="#id_sex"' in summary
