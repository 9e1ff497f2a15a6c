"""The employer API's vacancy actions beyond submit and close: the duplicate and re-post checks at
submit, extending the closing date, reopening a recently closed vacancy, answering "still open?"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from employers import services
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(vacancy, action: str) -> str:
    return reverse(f"api:employer-vacancy-{action}", args=[vacancy.pk])


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.fixture
def api(member):
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(member)
    return client


def closed(company, *, days_ago: int, title: str = "Operator Produksi") -> Vacancy:
    vacancy = VacancyFactory(company=company, title=title, published=True)
    services.vacancy_close(vacancy_id=vacancy.pk, by=None, note="test")
    Vacancy.objects.filter(pk=vacancy.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days_ago))
    return vacancy


def test_a_similar_open_vacancy_is_409_naming_it_then_sent_once_confirmed(api, company):
    existing = VacancyFactory(company=company, title="Operator Produksi", published=True)
    draft = VacancyFactory(company=company, title="Dibutuhkan operator produksi")
    response = api.post(url(draft, "submit"), {}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["vacancy"]) == ("similar_vacancy_open", existing.pk)
    assert "Operator Produksi" in body["detail"]
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT
    response = api.post(url(draft, "submit"), {"confirm_duplicate": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    draft.refresh_from_db()
    assert draft.duplicate_of == existing


def test_a_repost_of_a_recently_closed_vacancy_is_409_pointing_to_reopen(api, company):
    old = closed(company, days_ago=2)
    draft = VacancyFactory(company=company, title="Operator  produksi")
    response = api.post(url(draft, "submit"), {"confirm_duplicate": True}, format="json")
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["vacancy"]) == ("recently_closed", old.pk)
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT
    # reopen the old one instead: back to review with the new date
    new_date = TODAY + datetime.timedelta(days=20)
    response = api.post(url(old, "reopen"), {"close_date": new_date.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["close_date"]) == ("in_review", new_date.isoformat())


@pytest.mark.parametrize("body", [{"confirm_duplicate": "maybe"}, ["x"]])
def test_a_bad_submit_body_is_400(api, company, body):
    draft = VacancyFactory(company=company)
    assert api.post(url(draft, "submit"), body, format="json").status_code == 400
    draft.refresh_from_db()
    assert draft.status == Vacancy.Status.DRAFT


def test_extend_once_within_the_maximum(api, company, settings):
    vacancy = VacancyFactory(company=company, published=True)
    too_far = vacancy.close_date + datetime.timedelta(days=settings.VACANCY_EXTENSION_MAX_DAYS + 1)
    response = api.post(url(vacancy, "extend"), {"close_date": too_far.isoformat()}, format="json")
    assert response.status_code == 400 and "close_date" in response.json()
    for bad in ({}, {"close_date": "31-12-2026"}, {"close_date": "2026-02-30"}):
        response = api.post(url(vacancy, "extend"), bad, format="json")
        assert response.status_code == 400 and "close_date" in response.json(), bad
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.extended_at) == (Vacancy.Status.PUBLISHED, None)  # nothing changed

    new_date = vacancy.close_date + datetime.timedelta(days=10)
    response = api.post(url(vacancy, "extend"), {"close_date": new_date.isoformat()}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["close_date"]) == ("in_review", new_date.isoformat())
    # in review now: a second extension is not possible in this status
    assert api.post(url(vacancy, "extend"), {"close_date": new_date.isoformat()}, format="json").status_code == 409


def test_reopen_after_the_cooldown_is_400_and_a_published_one_409(api, company, settings):
    old = closed(company, days_ago=settings.VACANCY_REPOST_COOLDOWN_DAYS + 1)
    date = (TODAY + datetime.timedelta(days=10)).isoformat()
    response = api.post(url(old, "reopen"), {"close_date": date}, format="json")
    assert response.status_code == 400
    assert "Write a new report instead" in str(response.json())
    published = VacancyFactory(company=company, published=True)
    assert api.post(url(published, "reopen"), {"close_date": date}, format="json").status_code == 409


def test_confirm_open_restarts_the_still_open_clock(api, company):
    vacancy = VacancyFactory(company=company, published=True)
    response = api.post(url(vacancy, "confirm-open"))
    assert response.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.confirmed_open_at is not None
    assert vacancy.events.filter(note="Confirmed still open").exists()
    assert api.post(url(VacancyFactory(company=company), "confirm-open")).status_code == 409


def test_another_companys_vacancy_is_404_for_every_action(api):
    other = VacancyFactory(published=True)
    date = (TODAY + datetime.timedelta(days=10)).isoformat()
    for action in ("submit", "extend", "reopen", "confirm-open"):
        assert api.post(url(other, action), {"close_date": date}, format="json").status_code == 404, action
    other.refresh_from_db()
    assert (other.status, other.extended_at, other.confirmed_open_at) == (Vacancy.Status.PUBLISHED, None, None)
