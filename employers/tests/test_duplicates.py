"""Issue 9.3: similar vacancies open at the same time (warning, reviewer flag) and re-posting a closed one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from employers import services
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def english_client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.mark.parametrize(
    ("first", "second", "similar"),
    [
        ("Dibutuhkan Segera: Operator Produksi!", "operator produksi", True),
        ("Lowongan Operator, Produksi", "Produksi Operator", True),
        ("Operator Produksi Shift Malam Bontang", "Operator Produksi Shift Malam", True),  # 4/5 = 0.8
        ("Operator Produksi Shift Malam", "Operator Produksi Shift Pagi", False),  # 3/5
        ("Operator Produksi", "Operator Gudang", False),
        ("Lowongan", "Dibutuhkan", False),
    ],
)
def test_titles_similar(first, second, similar):
    assert services.titles_similar(first, second) is similar


def test_submit_warns_about_a_similar_open_vacancy_then_flags_it(company, member):
    existing = VacancyFactory(company=company, title="Operator Produksi", published=True)
    draft = VacancyFactory(company=company, title="Dibutuhkan segera operator produksi")
    with pytest.raises(services.DuplicateVacancyWarning) as warning:
        services.vacancy_submit(vacancy_id=draft.pk, by=member)
    assert warning.value.duplicate == existing
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT

    services.vacancy_submit(vacancy_id=draft.pk, by=member, confirm_duplicate=True)
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.IN_REVIEW
    assert draft.duplicate_of == existing
    assert f"#{existing.pk}" in draft.events.last().note


def test_no_warning_when_dates_do_not_overlap_or_company_differs(company, member):
    VacancyFactory(
        company=company,
        title="Operator Produksi",
        published=True,
        open_date=TODAY - datetime.timedelta(days=40),
        close_date=TODAY - datetime.timedelta(days=1),
    )
    VacancyFactory(title="Operator Produksi", published=True)  # another company
    draft = VacancyFactory(company=company, title="Operator Produksi")
    services.vacancy_submit(vacancy_id=draft.pk, by=member)
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.IN_REVIEW
    assert draft.duplicate_of is None


def test_submit_page_shows_the_warning_and_sends_after_confirming(company, member):
    existing = VacancyFactory(company=company, title="Operator Produksi", in_review=True)
    draft = VacancyFactory(company=company, title="Operator produksi")
    client = english_client(member)
    url = reverse("employers:vacancy_submit", args=[draft.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert "A similar vacancy is already open" in response.text
    assert reverse("employers:vacancy_detail", args=[existing.pk]) in response.text
    assert 'name="confirm_duplicate"' in response.text
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT

    response = client.post(url, {"confirm_duplicate": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.IN_REVIEW
    assert draft.duplicate_of == existing


def test_admin_shows_the_duplicate_flag(superuser, company, member):
    existing = VacancyFactory(company=company, title="Operator Produksi", published=True)
    flagged = VacancyFactory(company=company, title="Operator Produksi", in_review=True, duplicate_of=existing)
    VacancyFactory(company=company, title="Juru Masak", in_review=True)
    client = Client(headers={"accept-language": "en"})
    client.force_login(superuser)
    response = client.get(reverse("admin:employers_vacancy_changelist"), {"duplicate_of__isempty": "0"})
    assert response.status_code == 200
    assert reverse("admin:employers_vacancy_change", args=[flagged.pk]) in response.text
    assert "Juru Masak" not in response.text
    response = client.get(reverse("admin:employers_vacancy_change", args=[flagged.pk]))
    assert response.status_code == 200
    assert "possible duplicate of" in response.text.lower()


def _closed(company, *, days_ago, title="Operator Produksi"):
    vacancy = VacancyFactory(company=company, title=title, published=True)
    services.vacancy_close(vacancy_id=vacancy.pk, by=None, note="test")
    Vacancy.objects.filter(pk=vacancy.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days_ago))
    vacancy.refresh_from_db()
    return vacancy


def test_reposting_a_recently_closed_vacancy_is_refused_with_a_link(company, member):
    old = _closed(company, days_ago=3)
    draft = VacancyFactory(company=company, title="Lowongan: Operator Produksi")
    with pytest.raises(services.RecentlyClosedVacancyError) as refusal:
        services.vacancy_submit(vacancy_id=draft.pk, by=member, confirm_duplicate=True)
    assert refusal.value.previous == old

    response = english_client(member).post(reverse("employers:vacancy_submit", args=[draft.pk]))
    assert response.status_code == 200
    assert reverse("employers:vacancy_reopen", args=[old.pk]) in response.text
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT


def test_reposting_after_the_cooldown_is_allowed(company, member, settings):
    settings.VACANCY_REPOST_COOLDOWN_DAYS = 14
    _closed(company, days_ago=15)
    draft = VacancyFactory(company=company, title="Operator Produksi")
    services.vacancy_submit(vacancy_id=draft.pk, by=member)
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.IN_REVIEW


def test_reopen_within_the_cooldown_goes_back_to_review_with_its_event(company, member):
    old = _closed(company, days_ago=3)
    new_date = TODAY + datetime.timedelta(days=20)
    response = english_client(member).post(
        reverse("employers:vacancy_reopen", args=[old.pk]), {"close_date": new_date.isoformat()}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Vacancy.Status.IN_REVIEW
    assert old.close_date == new_date
    assert old.closed_at is None
    event = old.events.last()
    assert (event.from_status, event.to_status, event.actor) == ("closed", "in_review", member)


def test_reopen_after_the_cooldown_is_refused(company, member):
    old = _closed(company, days_ago=20)
    with pytest.raises(ValidationError):
        services.vacancy_reopen(vacancy_id=old.pk, by=member, close_date=TODAY + datetime.timedelta(days=5))
    client = english_client(member)
    response = client.get(reverse("employers:vacancy_reopen", args=[old.pk]))
    assert response.status_code == 302
    assert "Reopen the vacancy" not in client.get(reverse("employers:vacancy_detail", args=[old.pk])).text
    old.refresh_from_db()
    assert old.status == Vacancy.Status.CLOSED


def test_reopen_date_past_the_maximum_is_an_error_on_the_field(company, member, settings):
    settings.VACANCY_EXTENSION_MAX_DAYS = 60
    old = _closed(company, days_ago=1)
    response = english_client(member).post(
        reverse("employers:vacancy_reopen", args=[old.pk]),
        {"close_date": (TODAY + datetime.timedelta(days=61)).isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["close_date"]
    assert "at most 60 days" in response.text
    old.refresh_from_db()
    assert old.status == Vacancy.Status.CLOSED


def test_company_a_cannot_reopen_company_b_vacancy(member):
    other = _closed(CompanyMemberFactory().company, days_ago=1)
    client = english_client(member)
    url = reverse("employers:vacancy_reopen", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"close_date": (TODAY + datetime.timedelta(days=5)).isoformat()}).status_code == 404
    other.refresh_from_db()
    assert other.status == Vacancy.Status.CLOSED
