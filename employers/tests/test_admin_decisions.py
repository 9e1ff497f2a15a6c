"""The staff workspace's decisions (issue 10, point 1): reasons from a list plus free text, bulk
actions that confirm first and never change more than ADMIN_BULK_ACTION_MAX records at once."""

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import reverse
from django.utils import translation

from bontang_aker.core.tests.admin_helpers import choose_action, confirm_action
from employers.decision_reasons import VACANCY_REJECT_REASONS
from employers.models import Company, Vacancy, VacancyEvent
from employers.tests.factories import CompanyFactory, VacancyFactory

pytestmark = pytest.mark.django_db

COMPANIES = reverse("admin:employers_company_changelist")
VACANCIES = reverse("admin:employers_vacancy_changelist")


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def test_the_reason_page_offers_the_usual_reasons(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    response = choose_action(client, VACANCIES, "reject", [vacancy])
    page = response.content.decode()
    assert response.status_code == 200
    for code, _label in VACANCY_REJECT_REASONS:
        assert f'value="{code}"' in page
    assert 'value="other"' in page
    assert 'name="reason"' in page  # the explanation


def test_a_reason_from_the_list_is_recorded_in_indonesian_with_the_explanation(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # staff working in English: the employer still reads Indonesian
    confirm_action(
        client, VACANCIES, "reject", [vacancy], reason_choice="wage_below_minimum", reason="Rp 2.500.000 per bulan."
    )
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.REJECTED
    with translation.override("id"):
        label = str(dict(VACANCY_REJECT_REASONS)["wage_below_minimum"])
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status=Vacancy.Status.REJECTED)
    assert event.note == f"{label}. Rp 2.500.000 per bulan."
    assert event.note.startswith("Upah")


def test_a_reason_from_the_list_alone_is_enough(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    confirm_action(client, VACANCIES, "reject", [vacancy], reason_choice="asks_for_payment", reason="")
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status=Vacancy.Status.REJECTED)
    with translation.override("id"):
        assert event.note == str(dict(VACANCY_REJECT_REASONS)["asks_for_payment"])


def test_other_reason_needs_the_explanation_and_keeps_the_choice(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    response = confirm_action(client, VACANCIES, "reject", [vacancy], reason_choice="other", reason=" ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert response.context["form"]["reason_choice"].value() == "other"  # what was chosen stays chosen
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_an_unknown_reason_code_is_refused(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    response = confirm_action(client, VACANCIES, "reject", [vacancy], reason_choice="because", reason="x")
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_the_decision_button_on_the_change_page_offers_the_same_reasons(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    url = reverse("admin:employers_vacancy_decide", args=[vacancy.pk, "reject"])
    page = client.get(url).content.decode()
    assert 'value="discriminatory_requirement"' in page
    client.post(url, {"reason_choice": "discriminatory_requirement", "reason": "Hanya laki-laki."})
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status=Vacancy.Status.REJECTED)
    assert event.note.endswith(". Hanya laki-laki.")


def test_a_bulk_approval_asks_to_confirm_first(client, petugas):
    vacancies = [VacancyFactory(in_review=True), VacancyFactory(in_review=True)]
    client.force_login(petugas)
    response = choose_action(client, VACANCIES, "publish", vacancies)
    assert response.status_code == 200
    page = response.content.decode()
    assert all(vacancy.title in page for vacancy in vacancies)
    assert Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED).count() == 0  # nothing yet
    confirm_action(client, VACANCIES, "publish", vacancies, note="Dicek bersama.")
    assert Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED).count() == 2
    assert set(VacancyEvent.objects.filter(to_status=Vacancy.Status.PUBLISHED).values_list("note", flat=True)) == {
        "Dicek bersama."
    }


def test_a_bulk_action_larger_than_the_limit_changes_nothing(client, petugas, settings):
    settings.ADMIN_BULK_ACTION_MAX = 2
    companies = [CompanyFactory() for _ in range(3)]
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = confirm_action(client, COMPANIES, "verify", companies)
    assert response.status_code == 302
    with translation.override("en"):
        [(level, text)] = messages_of(response)
    assert level == ERROR
    assert "3 records are selected" in text and "at most 2" in text
    assert not Company.objects.filter(status=Company.Status.VERIFIED).exists()
    # within the limit it works
    confirm_action(client, COMPANIES, "verify", companies[:2])
    assert Company.objects.filter(status=Company.Status.VERIFIED).count() == 2
