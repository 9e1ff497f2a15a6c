"""The staff API for companies and vacancy reports: who may decide, what each decision does and refuses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from employers.models import Company, CompanyEvent, Vacancy, VacancyEvent
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def outsider(request):
    """A user who may not take staff decisions, by name: anonymous, jobseeker, employer or kabid."""
    return {
        "anonymous": lambda: None,
        "jobseeker": lambda: UserFactory(),
        "employer": lambda: CompanyMemberFactory().user,
        "kabid": lambda: UserFactory(kabid=True),
    }[request.param]()


def decision_url(kind: str, obj, decision: str) -> str:
    return reverse(f"api:staff-{kind}-{decision}", args=[obj.pk])


# Decisions taken -----------------------------------------------------------------------------


def test_petugas_verifies_a_pending_company(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(decision_url("company", company, "verify"), {"note": "NIB checked in OSS"})

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["status_display"]) == (company.pk, "verified", "Verified")
    assert body["verified_at"] is not None
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    event = CompanyEvent.objects.get(company=company, to_status="verified")
    assert (event.actor, event.from_status, event.note) == (petugas, "pending", "NIB checked in OSS")


def test_verify_without_a_body_records_an_empty_note(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(decision_url("company", company, "verify"))

    # then
    assert response.status_code == 200
    assert CompanyEvent.objects.get(company=company, to_status="verified").note == ""


def test_petugas_returns_a_company_with_the_reason(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        decision_url("company", company, "return"), {"reason": "The NPWP does not match the deed."}, format="json"
    )

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    event = CompanyEvent.objects.get(company=company, to_status="rejected")
    assert (event.actor, event.note) == (petugas, "The NPWP does not match the deed.")


def test_petugas_publishes_a_vacancy_in_review(petugas):
    # given
    vacancy = VacancyFactory(in_review=True)

    # when
    response = api(petugas).post(decision_url("vacancy", vacancy, "publish"), {}, format="json")

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["company"]["id"]) == ("published", vacancy.company_id)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.published_at is not None
    assert VacancyEvent.objects.get(vacancy=vacancy, to_status="published").actor == petugas


def test_petugas_returns_a_vacancy_report_with_the_reason(petugas):
    # given
    vacancy = VacancyFactory(in_review=True)

    # when
    response = api(petugas).post(decision_url("vacancy", vacancy, "return"), {"reason": "Give a wage range."})

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status="rejected")
    assert (event.actor, event.note) == (petugas, "Give a wage range.")


def test_a_real_token_authenticates_the_staff_member(petugas):
    # given
    company = CompanyFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=petugas).key}")

    # when
    response = client.post(decision_url("company", company, "verify"))

    # then
    assert response.status_code == 200
    assert CompanyEvent.objects.get(company=company, to_status="verified").actor == petugas


# Decisions refused ---------------------------------------------------------------------------

DECISIONS = [
    ("company", "verify"),
    ("company", "return"),
    ("vacancy", "publish"),
    ("vacancy", "return"),
]


def waiting(kind: str):
    return CompanyFactory() if kind == "company" else VacancyFactory(in_review=True)


@pytest.mark.parametrize(
    ("outsider", "status_code"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403), ("kabid", 403)],
    indirect=["outsider"],
)
@pytest.mark.parametrize(("kind", "decision"), DECISIONS)
def test_only_staff_with_the_permission_decide(outsider, status_code, kind, decision):
    # given
    obj = waiting(kind)

    # when
    response = api(outsider).post(decision_url(kind, obj, decision), {"reason": "No."}, format="json")

    # then
    assert response.status_code == status_code
    assert set(response.json()) == {"detail", "code"}
    obj.refresh_from_db()
    assert obj.status in (Company.Status.PENDING, Vacancy.Status.IN_REVIEW)
    assert not obj.events.filter(to_status__in=["verified", "published", "rejected"]).exists()


@pytest.mark.parametrize(("kind", "decision"), DECISIONS)
def test_an_unknown_id_is_404(petugas, kind, decision):
    # when
    response = api(petugas).post(reverse(f"api:staff-{kind}-{decision}", args=[987654321]), {"reason": "No."})

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_publishing_a_published_vacancy_is_409(petugas):
    # given
    vacancy = VacancyFactory(published=True)

    # when
    response = api(petugas).post(decision_url("vacancy", vacancy, "publish"))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert not VacancyEvent.objects.filter(vacancy=vacancy, to_status="published").exists()


def test_verifying_a_verified_company_is_409(petugas):
    # given
    company = CompanyFactory(verified=True)

    # when
    response = api(petugas).post(decision_url("company", company, "verify"))

    # then
    assert response.status_code == 409
    assert not company.events.exists()


@pytest.mark.parametrize(("kind", "decision"), [("company", "return"), ("vacancy", "return")])
@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_a_return_without_a_reason_is_400_naming_reason(petugas, kind, decision, body):
    # given
    obj = waiting(kind)

    # when
    response = api(petugas).post(decision_url(kind, obj, decision), body, format="json")

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    obj.refresh_from_db()
    assert obj.status in (Company.Status.PENDING, Vacancy.Status.IN_REVIEW)


def test_a_blank_reason_gets_the_services_message(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(decision_url("company", company, "return"), {"reason": " "}, format="json")

    # then
    assert response.json() == {"reason": ["Give the reason for the rejection; the company will see it."]}


@pytest.mark.parametrize("body", [{"note": "bad\x00note"}, {"note": "x" * 2001}, {"note": ["a list"]}])
def test_a_bad_note_is_400_naming_note(petugas, body):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(decision_url("company", company, "verify"), body, format="json")

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


# Lists and details ---------------------------------------------------------------------------


def test_pending_companies_are_listed_oldest_first(petugas):
    # given
    newer, older, oldest = CompanyFactory(), CompanyFactory(), CompanyFactory()
    for company, days in ((newer, 1), (older, 5), (oldest, 9)):
        Company.objects.filter(pk=company.pk).update(created_at=NOW - datetime.timedelta(days=days))
    CompanyFactory(verified=True)

    # when
    response = api(petugas).get(reverse("api:staff-company-list"), {"status": "pending"})

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [oldest.pk, older.pk, newer.pk]
    assert {row["status"] for row in body["results"]} == {"pending"}


def test_the_order_can_be_reversed(petugas):
    # given
    older, newer = CompanyFactory(), CompanyFactory()
    Company.objects.filter(pk=older.pk).update(created_at=NOW - datetime.timedelta(days=3))

    # when
    response = api(petugas).get(reverse("api:staff-company-list"), {"ordering": "-created_at"})

    # then
    assert [row["id"] for row in response.json()["results"]] == [newer.pk, older.pk]


def test_vacancies_in_review_are_listed_first_submitted_first(petugas):
    # given
    later, earlier = VacancyFactory(in_review=True), VacancyFactory(in_review=True)
    Vacancy.objects.filter(pk=earlier.pk).update(submitted_at=NOW - datetime.timedelta(days=2))
    VacancyFactory(published=True)

    # when
    response = api(petugas).get(reverse("api:staff-vacancy-list"), {"status": "in_review"})

    # then
    assert [row["id"] for row in response.json()["results"]] == [earlier.pk, later.pk]


@pytest.mark.parametrize("name", ["api:staff-company-list", "api:staff-vacancy-list"])
def test_an_unknown_status_is_400_naming_status(petugas, name):
    # when
    response = api(petugas).get(reverse(name), {"status": "nonsense"})

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["status"]


def test_kabid_may_read_the_lists_and_details(kabid):
    # given
    company = CompanyFactory()
    vacancy = VacancyFactory(in_review=True)

    # when
    responses = [
        api(kabid).get(reverse("api:staff-company-list")),
        api(kabid).get(reverse("api:staff-company-detail", args=[company.pk])),
        api(kabid).get(reverse("api:staff-vacancy-list")),
        api(kabid).get(reverse("api:staff-vacancy-detail", args=[vacancy.pk])),
    ]

    # then
    assert [response.status_code for response in responses] == [200, 200, 200, 200]
    assert responses[1].json()["nib"] == company.nib
    assert responses[3].json()["title"] == vacancy.title


@pytest.mark.parametrize(
    ("outsider", "status_code"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403)],
    indirect=["outsider"],
)
@pytest.mark.parametrize("name", ["api:staff-company-list", "api:staff-vacancy-list"])
def test_the_lists_are_for_staff_only(outsider, status_code, name):
    # given
    CompanyFactory()

    # when
    response = api(outsider).get(reverse(name))

    # then
    assert response.status_code == status_code


def test_a_company_detail_shows_what_the_reviewer_checks(petugas):
    # given
    company = CompanyFactory()

    # when
    body = api(petugas).get(reverse("api:staff-company-detail", args=[company.pk])).json()

    # then
    assert body["name"] == company.name
    assert (body["nib"], body["npwp"], body["kbli_code"]) == (company.nib, company.npwp, company.kbli_code)
    assert body["kbli_category"]["code"] == "C"
    assert body["kelurahan"]["code"] == company.kelurahan.code
    assert (body["status"], body["status_display"]) == ("pending", company.get_status_display())


@pytest.mark.parametrize("path", ["987654321/", "99999999999999999999999/", "abc/"])
def test_a_detail_that_does_not_exist_is_404(petugas, path):
    # when
    response = api(petugas).get(reverse("api:staff-company-list") + path)

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
