"""The staff API for the single channel: screening applications, reviewing hire reports, and who may."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import KbjiGroup
from employers.tests.factories import CompanyMemberFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory
from placements.models import Application, ApplicationEvent, Placement, PlacementEvent, Referral
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def outsider(request):
    return {
        "anonymous": lambda: None,
        "jobseeker": lambda: UserFactory(),
        "employer": lambda: CompanyMemberFactory().user,
        "kabid": lambda: UserFactory(kabid=True),
    }[request.param]()


@pytest.fixture
def application():
    return ApplicationFactory(jobseeker=AkiCardFactory(active=True).jobseeker)


def reported_placement(**fields) -> Placement:
    """A hire reported by the employer for a jobseeker holding an active AK/I card."""
    member = CompanyMemberFactory()
    values = {
        "jobseeker": AkiCardFactory(active=True).jobseeker,
        "company": member.company,
        "position": "Operator Produksi",
        "occupation": KbjiGroup.objects.get(code="8"),
        "start_date": timezone.localdate() - datetime.timedelta(days=3),
        "is_local": True,
        "reported_by": member.user,
        "reported_by_role": Placement.ReportedByRole.EMPLOYER,
        **fields,
    }
    return Placement.objects.create(**values)


@pytest.fixture
def placement():
    return reported_placement()


def url(kind: str, obj, decision: str) -> str:
    return reverse(f"api:staff-{kind}-{decision}", args=[obj.pk])


# Applications --------------------------------------------------------------------------------


def test_petugas_refers_a_submitted_application(petugas, application):
    # when
    response = api(petugas).post(url("application", application, "refer"), {"note": "Meets every requirement"})

    # then
    assert response.status_code == 200
    referral = Referral.objects.get(application=application)
    assert referral.referred_by == petugas and referral.letter_number.startswith("AK.V/")
    body = response.json()
    assert (body["status"], body["status_display"]) == ("referred", "Referred to the employer")
    assert body["letter_number"] == referral.letter_number
    assert body["jobseeker"]["nik"] == f"{application.jobseeker.nik[:4]}********{application.jobseeker.nik[-4:]}"
    event = ApplicationEvent.objects.get(application=application, to_status="referred")
    assert (event.actor, event.note) == (petugas, "Meets every requirement")


def test_petugas_declines_an_application_with_the_reason(petugas, application):
    # when
    response = api(petugas).post(
        url("application", application, "decline"), {"reason": "The vacancy asks for SMK."}, format="json"
    )

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["letter_number"]) == ("not_referred", None)
    event = ApplicationEvent.objects.get(application=application, to_status="not_referred")
    assert (event.actor, event.note) == (petugas, "The vacancy asks for SMK.")
    assert not Referral.objects.filter(application=application).exists()


def test_referring_a_declined_application_is_409(petugas):
    # given
    application = ApplicationFactory(status=Application.Status.NOT_REFERRED)

    # when
    response = api(petugas).post(url("application", application, "refer"))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert not Referral.objects.filter(application=application).exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "  "}])
def test_a_decline_without_a_reason_is_400_naming_reason(petugas, application, body):
    # when
    response = api(petugas).post(url("application", application, "decline"), body, format="json")

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_submitted_applications_are_listed_oldest_first(petugas):
    # given
    newer, older = ApplicationFactory(), ApplicationFactory()
    Application.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    ApplicationFactory(status=Application.Status.WITHDRAWN)

    # when
    response = api(petugas).get(reverse("api:staff-application-list"), {"status": "submitted"})

    # then
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [older.pk, newer.pk]
    assert response.json()["results"][0]["vacancy"]["company"]["id"] == older.vacancy.company_id


# Placements ----------------------------------------------------------------------------------


def test_petugas_approves_a_hire_report(petugas, placement):
    # when
    response = api(petugas).post(url("placement", placement, "approve"), {"note": "Contract seen"})

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_note"]) == ("verified", "Contract seen")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.VERIFIED
    assert AkiCard.objects.get(jobseeker=placement.jobseeker).status == AkiCard.Status.PLACED
    event = PlacementEvent.objects.get(placement=placement, to_status="verified")
    assert (event.actor, event.from_status) == (petugas, "reported")


def test_petugas_returns_a_hire_report_with_the_reason(petugas, placement):
    # when
    response = api(petugas).post(url("placement", placement, "return"), {"reason": "Wrong start date."})

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    event = PlacementEvent.objects.get(placement=placement, to_status="rejected")
    assert (event.actor, event.note) == (petugas, "Wrong start date.")


def test_approving_a_verified_hire_report_is_409(petugas):
    # given
    placement = reported_placement(status=Placement.Status.VERIFIED)

    # when
    response = api(petugas).post(url("placement", placement, "approve"))

    # then
    assert response.status_code == 409
    assert not placement.events.exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}])
def test_a_return_without_a_reason_is_400_naming_reason(petugas, placement, body):
    # when
    response = api(petugas).post(url("placement", placement, "return"), body, format="json")

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]


def test_reported_hires_are_listed_oldest_first(petugas):
    # given
    newer, older = reported_placement(), reported_placement()
    Placement.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=6))
    reported_placement(status=Placement.Status.VERIFIED)

    # when
    response = api(petugas).get(reverse("api:staff-placement-list"), {"status": "reported"})

    # then
    assert [row["id"] for row in response.json()["results"]] == [older.pk, newer.pk]
    row = response.json()["results"][0]
    assert (row["reported_by_role"], row["reported_by_role_display"]) == ("employer", "Employer")
    assert row["jobseeker"]["nik"] == f"{older.jobseeker.nik[:4]}********{older.jobseeker.nik[-4:]}"  # masked
    assert row["vacancy"] is None


# Who may -------------------------------------------------------------------------------------

DECISIONS = [
    ("application", "refer"),
    ("application", "decline"),
    ("placement", "approve"),
    ("placement", "return"),
]


@pytest.mark.parametrize(
    ("outsider", "status_code"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403), ("kabid", 403)],
    indirect=["outsider"],
)
@pytest.mark.parametrize(("kind", "decision"), DECISIONS)
def test_only_staff_with_the_permission_decide(outsider, status_code, kind, decision):
    # given
    obj = ApplicationFactory() if kind == "application" else reported_placement()

    # when
    response = api(outsider).post(url(kind, obj, decision), {"reason": "No."}, format="json")

    # then
    assert response.status_code == status_code
    obj.refresh_from_db()
    assert obj.status in (Application.Status.SUBMITTED, Placement.Status.REPORTED)
    assert not obj.events.exists()


def test_the_reporting_employer_may_not_approve_its_own_hire_report(placement):
    # when
    response = api(placement.reported_by).post(url("placement", placement, "approve"))

    # then
    assert response.status_code == 403


@pytest.mark.parametrize(("kind", "decision"), DECISIONS)
def test_an_unknown_id_is_404(petugas, kind, decision):
    # when
    response = api(petugas).post(reverse(f"api:staff-{kind}-{decision}", args=[987654321]), {"reason": "No."})

    # then
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["application", "placement"])
def test_kabid_may_read_the_lists_and_details(kabid, kind):
    # given
    obj = ApplicationFactory() if kind == "application" else reported_placement()

    # when
    listed = api(kabid).get(reverse(f"api:staff-{kind}-list"))
    detail = api(kabid).get(reverse(f"api:staff-{kind}-detail", args=[obj.pk]))

    # then
    assert (listed.status_code, detail.status_code) == (200, 200)
    assert detail.json()["id"] == obj.pk


@pytest.mark.parametrize(
    ("outsider", "status_code"), [("anonymous", 401), ("jobseeker", 403), ("employer", 403)], indirect=["outsider"]
)
@pytest.mark.parametrize("kind", ["application", "placement"])
def test_the_lists_are_for_staff_only(outsider, status_code, kind):
    # when
    response = api(outsider).get(reverse(f"api:staff-{kind}-list"))

    # then
    assert response.status_code == status_code
