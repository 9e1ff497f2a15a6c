"""The staff API's refusals take a reason from the admin's lists (`reason_code`) plus an explanation,
recorded as the admin records it; `GET staff/decision-reasons/` lists the codes in the user's language."""

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.reasons import reason_compose
from employers.decision_reasons import COMPANY_REJECT_REASONS, VACANCY_REJECT_REASONS
from employers.models import Company, CompanyEvent, VacancyEvent
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.decision_reasons import AKI_CARD_REJECT_REASONS
from jobseekers.models import AkiCardEvent
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements.decision_reasons import APPLICATION_DECLINE_REASONS
from placements.models import ApplicationEvent
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def api(user=None, language="en") -> APIClient:
    client = APIClient(headers={"accept-language": language})
    if user is not None:
        client.force_authenticate(user)
    return client


def indonesian(reasons, code) -> str:
    with translation.override("id"):
        return str(dict(reasons)[code])


# (URL name, waiting record, its list, a code, the event of the recorded reason)
REFUSALS = {
    "company": (
        "api:staff-company-return",
        lambda: CompanyFactory(),
        COMPANY_REJECT_REASONS,
        "nib_not_found",
        lambda obj: CompanyEvent.objects.get(company=obj, to_status="rejected"),
    ),
    "vacancy": (
        "api:staff-vacancy-return",
        lambda: VacancyFactory(in_review=True),
        VACANCY_REJECT_REASONS,
        "wage_below_minimum",
        lambda obj: VacancyEvent.objects.get(vacancy=obj, to_status="rejected"),
    ),
    "card": (
        "api:staff-card-return",
        lambda: AkiCardFactory(jobseeker=JobseekerProfileFactory(complete=True)),
        AKI_CARD_REJECT_REASONS,
        "ktp_unreadable",
        lambda obj: AkiCardEvent.objects.get(card=obj, to_status="rejected"),
    ),
    "application": (
        "api:staff-application-decline",
        lambda: ApplicationFactory(jobseeker=AkiCardFactory(active=True).jobseeker),
        APPLICATION_DECLINE_REASONS,
        "education_requirement",
        lambda obj: ApplicationEvent.objects.get(application=obj, to_status="not_referred"),
    ),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_a_code_from_the_list_with_an_explanation_is_recorded_as_the_admin_records_it(petugas, kind):
    # given
    url_name, make, reasons, code, event_of = REFUSALS[kind]
    obj = make()

    # when: staff working in English
    response = api(petugas).post(
        reverse(url_name, args=[obj.pk]), {"reason_code": code, "reason": "Dicek 3 Maret."}, format="json"
    )

    # then: the label in Indonesian, as the other side reads it, then the explanation
    assert response.status_code == 200, response.json()
    expected = f"{indonesian(reasons, code)}. Dicek 3 Maret."
    assert event_of(obj).note == expected
    assert expected == reason_compose(reasons=reasons, code=code, text="Dicek 3 Maret.")  # the admin's function


def test_a_code_from_the_list_needs_no_explanation(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        reverse("api:staff-company-return", args=[company.pk]), {"reason_code": "documents_unreadable"}, format="json"
    )

    # then
    assert response.status_code == 200
    event = CompanyEvent.objects.get(company=company, to_status="rejected")
    assert event.note == indonesian(COMPANY_REJECT_REASONS, "documents_unreadable")


def test_other_records_the_explanation_alone(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        reverse("api:staff-company-return", args=[company.pk]),
        {"reason_code": "other", "reason": "  Akta pendirian belum dilegalisasi.  "},
        format="json",
    )

    # then
    assert response.status_code == 200
    assert CompanyEvent.objects.get(company=company, to_status="rejected").note == "Akta pendirian belum dilegalisasi."


@pytest.mark.parametrize("body", [{"reason_code": "other"}, {"reason_code": "other", "reason": "   "}])
def test_other_without_an_explanation_is_400_naming_reason(petugas, body):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(reverse("api:staff-company-return", args=[company.pk]), body, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Choose a reason from the list or write one: the people concerned are told why."]
    }
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


@pytest.mark.parametrize(
    "code",
    [
        "because",
        "",
        "wage_below_minimum",  # a vacancy's reason, not a company's
    ],
)
def test_an_unknown_code_is_400_naming_reason_code(petugas, code):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        reverse("api:staff-company-return", args=[company.pk]), {"reason_code": code, "reason": "x"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason_code"]
    assert not company.events.filter(to_status="rejected").exists()


def test_a_code_and_an_explanation_too_long_together_is_400_naming_reason(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        reverse("api:staff-company-return", args=[company.pk]),
        {"reason_code": "nib_not_found", "reason": "x" * 1990},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert "too long" in response.json()["reason"][0]


def test_the_free_text_reason_alone_works_as_before(petugas):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(
        reverse("api:staff-company-return", args=[company.pk]), {"reason": "The NPWP does not match."}, format="json"
    )

    # then
    assert response.status_code == 200
    assert CompanyEvent.objects.get(company=company, to_status="rejected").note == "The NPWP does not match."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "This field is required."),
        ({"reason": " "}, "Give the reason for the rejection; the company will see it."),
    ],
)
def test_without_a_code_a_missing_or_blank_reason_is_400_as_before(petugas, body, message):
    # given
    company = CompanyFactory()

    # when
    response = api(petugas).post(reverse("api:staff-company-return", args=[company.pk]), body, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {"reason": [message]}


# The lists ----------------------------------------------------------------------------------


def test_staff_read_each_refusals_codes_and_labels_in_their_language(petugas):
    # when
    english = api(petugas, "en").get(reverse("api:staff-decision-reasons")).json()
    indonesian_ = api(petugas, "id").get(reverse("api:staff-decision-reasons")).json()

    # then
    decisions = {row["decision"]: row for row in english["decisions"]}
    assert set(decisions) == {
        "staff-company-return",
        "staff-vacancy-return",
        "staff-vacancy-revision-reject",
        "staff-card-return",
        "staff-application-decline",
        "staff-placement-return",
        "staff-hire-report-reject",
    }
    company = decisions["staff-company-return"]
    assert company["path"] == "/api/v1/staff/companies/{id}/return/"
    with translation.override("en"):
        assert company["reasons"] == [{"code": code, "label": str(label)} for code, label in COMPANY_REJECT_REASONS]
    in_indonesian = {row["decision"]: row for row in indonesian_["decisions"]}["staff-company-return"]
    assert in_indonesian["reasons"][0] == {
        "code": "nib_not_found",
        "label": indonesian(COMPANY_REJECT_REASONS, "nib_not_found"),
    }


@pytest.mark.parametrize(
    ("make_user", "status_code"),
    [
        (lambda: None, 401),
        (lambda: UserFactory(), 403),
        (lambda: CompanyMemberFactory().user, 403),
    ],
)
def test_only_staff_read_the_lists(make_user, status_code):
    # when
    response = api(make_user()).get(reverse("api:staff-decision-reasons"))

    # then
    assert response.status_code == status_code
