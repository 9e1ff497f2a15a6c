"""The jobseeker's applications in the API: list, apply, detail with its timeline, withdraw."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import services
from placements.models import Application, Referral
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:my-application-list")


def detail_url(application) -> str:
    return reverse("api:my-application-detail", args=[application.pk])


def withdraw_url(application) -> str:
    return reverse("api:my-application-withdraw", args=[application.pk])


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def card_holder(api):
    profile = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    api.force_authenticate(profile.user)
    return profile


@pytest.fixture
def vacancy():
    return VacancyFactory(published=True)


# Who may call it ----------------------------------------------------------------------------------------


def test_anonymous_requests_get_401(api):
    application = ApplicationFactory()
    assert api.get(LIST).status_code == 401
    assert api.post(LIST, {"vacancy": application.vacancy_id}, format="json").status_code == 401
    assert api.get(detail_url(application)).status_code == 401
    assert api.post(withdraw_url(application)).status_code == 401


@pytest.mark.parametrize("role", ["employer", "petugas"])
def test_employers_and_staff_get_403(api, role):
    application = ApplicationFactory()
    api.force_authenticate(UserFactory(**{role: True}))
    assert api.get(LIST).status_code == 403
    assert api.post(LIST, {"vacancy": application.vacancy_id}, format="json").status_code == 403
    assert api.get(detail_url(application)).status_code == 403
    assert api.post(withdraw_url(application)).status_code == 403


def test_another_jobseekers_application_is_404(api, card_holder):
    other = ApplicationFactory()
    assert api.get(detail_url(other)).status_code == 404
    assert api.post(withdraw_url(other)).status_code == 404
    other.refresh_from_db()
    assert other.status == Application.Status.SUBMITTED


def test_the_list_holds_only_my_applications(api, card_holder):
    mine = ApplicationFactory(jobseeker=card_holder)
    ApplicationFactory()
    body = api.get(LIST).json()
    assert [item["id"] for item in body["results"]] == [mine.pk]
    assert body["results"][0]["vacancy"]["title"] == mine.vacancy.title


# Applying -----------------------------------------------------------------------------------------------


def test_apply_with_a_note(api, card_holder, vacancy):
    # when
    response = api.post(LIST, {"vacancy": vacancy.pk, "note": "Siap kerja shift"}, format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    application = Application.objects.get()
    assert body["id"] == application.pk and body["status"] == "submitted"
    assert body["note"] == "Siap kerja shift" and body["can_withdraw"] is True
    assert [entry["status"] for entry in body["timeline"]] == ["submitted"]
    assert application.jobseeker == card_holder


def test_applying_twice_is_409(api, card_holder, vacancy):
    api.post(LIST, {"vacancy": vacancy.pk}, format="json")
    again = api.post(LIST, {"vacancy": vacancy.pk}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "You have already applied to this vacancy.", "code": "already_applied"}
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"vacancy": None}, "vacancy", "may not be null"),
        ({"vacancy": "abc"}, "vacancy", "A valid integer is required"),
        ({"vacancy": 0}, "vacancy", "greater than or equal to 1"),
        ({"vacancy": 99999999999}, "vacancy", "less than or equal to"),
        ({"vacancy": 999999}, "vacancy", "not open for applications"),
        ({"note": "x" * 5000}, "note", "no more than 2000 characters"),
        ({"note": "bad\x1bcontrol"}, "note", "control character"),
    ],
)
def test_bad_input_is_400_naming_the_field(api, card_holder, vacancy, body, field, message):
    body = {"vacancy": vacancy.pk, **body}
    response = api.post(LIST, body, format="json")
    assert response.status_code == 400, response.json()
    assert message in " ".join(response.json()[field])
    assert not Application.objects.exists()


def test_a_missing_vacancy_is_400(api, card_holder):
    response = api.post(LIST, {"note": "tanpa lowongan"}, format="json")
    assert response.status_code == 400
    assert "required" in response.json()["vacancy"][0]


def test_applying_after_the_closing_date_is_400(api, card_holder):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    closed = VacancyFactory(published=True, open_date=yesterday - datetime.timedelta(days=9), close_date=yesterday)
    response = api.post(LIST, {"vacancy": closed.pk}, format="json")
    assert response.status_code == 400
    assert "closed on" in response.json()["vacancy"][0]


def test_a_draft_vacancy_is_not_open(api, card_holder):
    response = api.post(LIST, {"vacancy": VacancyFactory().pk}, format="json")
    assert response.status_code == 400
    assert "not open for applications" in response.json()["vacancy"][0]


def test_applying_without_an_active_card_names_the_missing_step(api, vacancy):
    profile = JobseekerProfileFactory(educated=True)
    api.force_authenticate(profile.user)
    response = api.post(LIST, {"vacancy": vacancy.pk}, format="json")
    assert response.status_code == 400
    assert "You need an active AK/I card to apply" in response.json()["aki_card"][0]


def test_unmet_strict_requirements_are_named(api):
    # given a man without any education entry, and a vacancy for women with SMK
    profile = AkiCardFactory(active=True).jobseeker
    api.force_authenticate(profile.user)
    vacancy = VacancyFactory(published=True, sex_requirement="F", sex_justification="Perawat wanita")
    # when
    response = api.post(LIST, {"vacancy": vacancy.pk}, format="json")
    # then both are named
    assert response.status_code == 400
    messages = " ".join(response.json()["vacancy"])
    assert "requires at least SMK" in messages and "open to women only" in messages


# Detail and timeline ------------------------------------------------------------------------------------


def test_detail_timeline_with_referral_letter_and_selection_result(api, card_holder, vacancy, petugas):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    referral = services.referral_create(application_id=application.pk, by=petugas)
    employer = CompanyMemberFactory(company=vacancy.company).user
    services.referral_record_result(
        referral_id=referral.pk,
        by=employer,
        result=Referral.Status.NOT_ACCEPTED,
        notes="nilai tes rendah",
        reason=Referral.ReasonCategory.TEST,
    )
    body = api.get(detail_url(application)).json()
    assert body["status"] == "not_hired" and body["referral_letter_number"] == referral.letter_number
    timeline = body["timeline"]
    assert [entry["status"] for entry in timeline] == ["submitted", "referred", "not_accepted", "not_hired"]
    assert timeline[1]["letter_number"] == referral.letter_number
    assert timeline[2]["label"] == "Selection result: not passed"
    assert all("nilai tes" not in entry["note"] for entry in timeline)
    assert body["can_withdraw"] is False


# Withdrawing --------------------------------------------------------------------------------------------


def test_withdraw_while_submitted(api, card_holder, vacancy):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    response = api.post(withdraw_url(application), {"note": "Sudah diterima di tempat lain"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["timeline"][-1]["note"] == "Sudah diterima di tempat lain"


def test_withdraw_once_referred_is_409(api, card_holder, vacancy, petugas):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    services.referral_create(application_id=application.pk, by=petugas)
    response = api.post(withdraw_url(application), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    application.refresh_from_db()
    assert application.status == Application.Status.REFERRED


def test_withdraw_twice_is_409(api, card_holder, vacancy):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    api.post(withdraw_url(application), format="json")
    assert api.post(withdraw_url(application), format="json").status_code == 409


def test_withdraw_with_a_too_long_reason_is_400(api, card_holder, vacancy):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    response = api.post(withdraw_url(application), {"note": "x" * 5000}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_schema_documents_every_answer_of_the_applications_api(api):
    import yaml

    paths = yaml.safe_load(api.get(reverse("api:schema")).content)["paths"]
    assert {"200", "401", "403", "404"} <= set(paths["/api/v1/me/applications/"]["get"]["responses"])
    assert {"201", "400", "401", "403", "409"} <= set(paths["/api/v1/me/applications/"]["post"]["responses"])
    assert {"200", "401", "403", "404"} <= set(paths["/api/v1/me/applications/{id}/"]["get"]["responses"])
    withdraw = paths["/api/v1/me/applications/{id}/withdraw/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(withdraw)
