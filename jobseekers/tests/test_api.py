"""The jobseeker's API: sign-up, my profile, my AK/I card."""

import datetime

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import VacancyFactory
from jobseekers.models import AkiCard, JobseekerProfile
from jobseekers.tests.factories import (
    AkiCardFactory,
    EducationEntryFactory,
    ExperienceEntryFactory,
    JobseekerProfileFactory,
)

pytestmark = pytest.mark.django_db

REGISTER = reverse("api:jobseeker-register")
PROFILE = reverse("api:my-profile")
CARD = reverse("api:my-card")
CARD_REQUEST = reverse("api:my-card-request")
CARD_REPORT = reverse("api:my-card-report")


@pytest.fixture(autouse=True)
def _no_throttle_counts_from_other_tests():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def jobseeker(api):
    profile = JobseekerProfileFactory()
    api.force_authenticate(profile.user)
    return profile


def registration(**overrides):
    data = {
        "email": "Rina@Example.id",
        "password": "Pencaker-Bontang-26",
        "consent": True,
        "nik": "6474 0154 0399 0002",
        "full_name": "Rina Wati",
        "birth_place": "Bontang",
        "birth_date": "1999-03-14",
        "sex": "F",
        "phone": "0812 3456 7890",
        "ktp_address": "Jl. Cut Nyak Dien RT 05",
        "kelurahan": "64.74.02.1001",
        "skills": ["las-smaw"],
    }
    data.update(overrides)
    return data


# Sign-up -------------------------------------------------------------------------------------------------


def test_register_creates_the_account_and_profile(api):
    # when
    response = api.post(REGISTER, registration(), format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    profile = JobseekerProfile.objects.get()
    assert body["id"] == profile.pk and body["email"] == "rina@example.id"
    assert body["nik"] == "6474015403990002"
    assert body["kelurahan"] == "64.74.02.1001" and body["is_local"] is True
    assert body["skills"] == ["las-smaw"]
    assert (
        body["completeness"] < 100 and {"code": "education", "label": "at least one education entry"} in body["missing"]
    )
    assert "password" not in body
    assert profile.user.role == User.Role.JOBSEEKER and profile.consent_at is not None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nik": "12345"}, "nik", "exactly 16 digits"),
        ({"consent": False}, "consent", "must agree"),
        ({"password": "123"}, "password", "too short"),
        ({"kelurahan": "99.99"}, "kelurahan", "does not exist"),
        ({"sex": "X"}, "sex", "not a valid choice"),
        ({"birth_date": "14-03-1999"}, "birth_date", "Date has wrong format"),
        ({"birth_date": "1999-03-15"}, "birth_date", "does not match the NIK"),
        ({"skills": ["terbang"]}, "skills", "does not exist"),
        ({"full_name": "x" * 500}, "full_name", "no more than 150 characters"),
    ],
)
def test_bad_registration_input_is_400_naming_the_field(api, overrides, field, message):
    response = api.post(REGISTER, registration(**overrides), format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not User.objects.exists()


def test_an_email_already_registered_is_400_on_email(api):
    JobseekerProfileFactory(user__email="rina@example.id")
    response = api.post(REGISTER, registration(), format="json")
    assert response.status_code == 400
    assert "already exists" in response.json()["email"][0]


def test_register_ignores_a_token_and_needs_none(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.post(REGISTER, registration(), format="json").status_code == 201


# My profile ----------------------------------------------------------------------------------------------


def test_profile_needs_a_token(api):
    assert api.get(PROFILE).status_code == 401
    assert api.patch(PROFILE, {}, format="json").status_code == 401


@pytest.mark.parametrize("role", ["employer", "petugas"])
def test_employers_and_staff_have_no_jobseeker_profile(api, role):
    api.force_authenticate(UserFactory(**{role: True}))
    for url in (PROFILE, CARD):
        assert api.get(url).status_code == 403
    assert api.post(CARD_REQUEST).status_code == 403
    assert api.post(CARD_REPORT).status_code == 403


def test_a_jobseeker_account_without_a_profile_gets_403(api):
    api.force_authenticate(UserFactory())
    assert api.get(PROFILE).status_code == 403


def test_get_my_profile_with_completeness(api, jobseeker):
    EducationEntryFactory(jobseeker=jobseeker)
    body = api.get(PROFILE).json()
    assert body["id"] == jobseeker.pk
    assert body["education"][0]["level"] == "SMK"
    assert body["completeness"] == 17  # education only, of six items
    assert {item["code"] for item in body["missing"]} == {
        "personal",
        "skills",
        "document_ktp",
        "document_diploma",
        "document_photo",
    }


def test_patch_personal_data_skills_and_nested_entries(api, jobseeker):
    # when
    response = api.patch(
        PROFILE,
        {
            "religion": "Islam",
            "phone": "0812-1111-2222",
            "skills": ["las-smaw", "rigging"],
            "preferred_occupations": ["7", "8"],
            "expected_wage": 4500000,
            "education": [{"level": "SMK", "institution": "SMKN 1 Bontang", "graduation_year": 2017}],
            "experience": [
                {"employer_name": "PT Badak", "position": "Helper", "start_date": "2018-01-01", "end_date": None}
            ],
        },
        format="json",
    )
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["religion"] == "Islam" and body["phone"] == "+6281211112222"
    assert sorted(body["skills"]) == ["las-smaw", "rigging"]
    assert sorted(body["preferred_occupations"]) == ["7", "8"]
    assert body["education"][0]["institution"] == "SMKN 1 Bontang"
    assert body["experience"][0]["employer_name"] == "PT Badak"
    assert {item["code"] for item in body["missing"]} == {"document_ktp", "document_diploma", "document_photo"}
    assert body["completeness"] == 50


def test_patch_entry_lists_replace_the_lists(api, jobseeker):
    # given two entries
    kept = EducationEntryFactory(jobseeker=jobseeker, institution="SMP 1")
    EducationEntryFactory(jobseeker=jobseeker, institution="SMA 2")
    # when the list names the first (changed) and a new one
    response = api.patch(
        PROFILE,
        {
            "education": [
                {"id": kept.pk, "level": "SMP", "institution": "SMP Negeri 1 Bontang"},
                {"level": "S1", "institution": "Universitas Mulawarman"},
            ]
        },
        format="json",
    )
    # then the first is changed under its id, the other is deleted and the new one added
    assert response.status_code == 200
    entries = {entry["institution"]: entry["id"] for entry in response.json()["education"]}
    assert entries.keys() == {"SMP Negeri 1 Bontang", "Universitas Mulawarman"}
    assert entries["SMP Negeri 1 Bontang"] == kept.pk
    assert jobseeker.education_entries.count() == 2


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {
                "experience": [
                    {"employer_name": "A", "position": "B", "start_date": "2021-01-01", "end_date": "2020-01-01"}
                ]
            },
            "experience[0].end_date",
            "cannot be before the start date",
        ),
        (
            {"experience": [{"employer_name": "A", "position": "B", "start_date": "2999-01-01"}]},
            "experience[0].start_date",
            "cannot be in the future",
        ),
        ({"education": [{"level": "SMK", "institution": ""}]}, "education[0].institution", "may not be blank"),
        ({"education": [{"level": "XYZ", "institution": "A"}]}, "education[0].level", "does not exist"),
        (
            {"education": [{"level": "SMK", "institution": "A", "graduation_year": 2090}]},
            "education[0].graduation_year",
            "too far",
        ),
        ({"skills": ["las-smaw", "terbang"]}, "skills", "does not exist"),
        ({"expected_wage": 10**12}, "expected_wage", "less than or equal to"),
        ({"sex": "F"}, "sex", "does not match the NIK"),
        ({"about": "x" * 5000}, "about", "no more than 2000 characters"),
        ({"education": "SMK"}, "education", "Expected a list"),
    ],
)
def test_bad_profile_input_is_400_naming_the_field(api, jobseeker, body, field, message):
    response = api.patch(PROFILE, body, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()
    assert message in " ".join(errors[field]), errors
    assert all(isinstance(messages, list) for messages in errors.values())
    jobseeker.refresh_from_db()
    assert jobseeker.sex == "M" and not jobseeker.experience_entries.exists()


def test_another_jobseekers_entry_cannot_be_changed(api, jobseeker):
    other = ExperienceEntryFactory()
    response = api.patch(
        PROFILE,
        {"experience": [{"id": other.pk, "employer_name": "Diambil", "position": "X", "start_date": "2019-01-01"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "not one of yours" in response.json()["experience"][0]
    other.refresh_from_db()
    assert other.employer_name != "Diambil"


def test_identity_is_fixed_while_a_card_is_active(api, jobseeker):
    AkiCardFactory(jobseeker=jobseeker, active=True)
    response = api.patch(PROFILE, {"full_name": "Nama Lain", "religion": "Islam"}, format="json")
    assert response.status_code == 400
    assert "ask Disnaker to correct it" in response.json()["full_name"][0]
    jobseeker.refresh_from_db()
    assert jobseeker.full_name != "Nama Lain" and jobseeker.religion == ""
    assert api.get(PROFILE).json()["identity_locked"] is True


def test_put_is_not_allowed(api, jobseeker):
    assert api.put(PROFILE, {}, format="json").status_code == 405


# My AK/I card --------------------------------------------------------------------------------------------


def test_no_card_yet_is_404(api, jobseeker):
    assert api.get(CARD).status_code == 404
    assert api.post(CARD_REPORT).status_code == 404


def test_requesting_with_an_incomplete_profile_is_400_with_what_is_missing(api, jobseeker):
    response = api.post(CARD_REQUEST)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "profile_incomplete"
    assert "Complete your profile" in body["detail"]
    assert {item["code"] for item in body["missing"]} >= {"education", "skills", "document_ktp"}
    assert not AkiCard.objects.exists()


def test_requesting_with_a_complete_profile_and_then_again(api):
    profile = JobseekerProfileFactory(complete=True)
    api.force_authenticate(profile.user)
    # when
    first = api.post(CARD_REQUEST)
    second = api.post(CARD_REQUEST)
    # then
    assert first.status_code == 201 and first.json()["status"] == "requested"
    assert second.status_code == 409 and second.json()["code"] == "card_open"
    assert api.get(CARD).json()["id"] == first.json()["id"]
    assert profile.aki_cards.count() == 1


def test_my_card_shows_number_validity_and_next_report_date(api, jobseeker, settings):
    settings.AKI_CARD_REPORT_INTERVAL_MONTHS = 6
    reported = timezone.make_aware(datetime.datetime(2026, 1, 10, 9, 0))
    AkiCardFactory(
        jobseeker=jobseeker, active=True, number="6474-2026-0000042", last_reported_at=reported, expires_on="2027-12-31"
    )
    body = api.get(CARD).json()
    assert body["number"] == "6474-2026-0000042"
    assert body["expires_on"] == "2027-12-31"
    assert body["next_report_due"] == "2026-07-10"
    assert body["status_display"] == "Active"


def test_reporting_on_an_active_card(api, jobseeker):
    card = AkiCardFactory(
        jobseeker=jobseeker, active=True, last_reported_at=timezone.now() - datetime.timedelta(days=170)
    )
    response = api.post(CARD_REPORT)
    assert response.status_code == 200
    card.refresh_from_db()
    assert timezone.now() - card.last_reported_at < datetime.timedelta(minutes=1)


def test_reporting_on_a_card_not_active_is_409(api, jobseeker):
    AkiCardFactory(jobseeker=jobseeker)  # requested
    response = api.post(CARD_REPORT)
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_a_returned_card_carries_the_reason(api, jobseeker):
    AkiCardFactory(jobseeker=jobseeker, status=AkiCard.Status.REJECTED, rejection_reason="Foto KTP buram")
    body = api.get(CARD).json()
    assert body["status"] == "rejected" and body["rejection_reason"] == "Foto KTP buram"


# Schema ---------------------------------------------------------------------------------------------------


def test_the_schema_documents_every_answer_of_the_jobseeker_api(api):
    import yaml

    paths = yaml.safe_load(api.get(reverse("api:schema")).content)["paths"]
    expected = {
        ("/api/v1/jobseekers/register/", "post"): {"201", "400"},
        ("/api/v1/me/profile/", "get"): {"200", "401", "403"},
        ("/api/v1/me/profile/", "patch"): {"200", "400", "401", "403"},
        ("/api/v1/me/card/", "get"): {"200", "401", "403", "404"},
        ("/api/v1/me/card/request/", "post"): {"201", "400", "401", "403", "409"},
        ("/api/v1/me/card/report/", "post"): {"200", "401", "403", "404", "409"},
    }
    for (path, method), codes in expected.items():
        assert codes <= set(paths[path][method]["responses"]), path
    profile = paths["/api/v1/me/profile/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert profile["$ref"].endswith("/Profile")


# Fuzzing: the jobseeker's operations with a complete profile and an active card ---------------------------
#
# tests/test_api_schemathesis.py signs in as an account without a jobseeker profile, so it sees only
# the 403s of these operations; here a real jobseeker's token reaches the serializers and services.

jobseeker_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    get_wsgi_application(),
    config=schemathesis.Config.from_str("[phases.coverage]\nenabled = false\n[phases.stateful]\nenabled = false\n"),
).include(path_regex="^/api/v1/(me/(profile|card|applications)|jobseekers/)")


@pytest.fixture
def in_process_requests():
    """Requests in this test's transaction: the handler must not close the connection (see tests/)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@jobseeker_schema.parametrize()
@hypothesis.settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
    ],
)
def test_a_jobseeker_gets_only_documented_answers(case, in_process_requests):
    # given a jobseeker with a complete profile, an active card and a published vacancy to apply to
    VacancyFactory(published=True)
    user = AkiCardFactory(active=True, jobseeker__complete=True).jobseeker.user
    token = Token.objects.create(user=user).key
    # when / then: no server error, and every answer as documented
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
