"""The staff API for AK/I cards: issuing a requested card, returning a request, and who may."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import CompanyMemberFactory
from jobseekers.models import AkiCard, AkiCardEvent
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

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
        "jobseeker": lambda: JobseekerProfileFactory().user,
        "employer": lambda: CompanyMemberFactory().user,
        "kabid": lambda: UserFactory(kabid=True),
    }[request.param]()


@pytest.fixture
def card():
    return AkiCardFactory(jobseeker=JobseekerProfileFactory(complete=True))


def url(card, decision: str) -> str:
    return reverse(f"api:staff-card-{decision}", args=[card.pk])


def test_petugas_issues_a_requested_card(petugas, card):
    # when
    response = api(petugas).post(url(card, "issue"), {"note": "KTP and diploma checked"}, format="json")

    # then
    assert response.status_code == 200
    body = response.json()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE and card.verified_by == petugas
    assert (body["status"], body["status_display"], body["number"]) == ("active", "Active", card.number)
    assert body["number"].startswith("6474-")
    assert body["jobseeker"]["nik"] == f"{card.jobseeker.nik[:4]}********{card.jobseeker.nik[-4:]}"  # masked
    event = AkiCardEvent.objects.get(card=card, to_status="active")
    assert (event.actor, event.from_status, event.note) == (petugas, "requested", "KTP and diploma checked")


def test_petugas_returns_a_card_request_with_the_reason(petugas, card):
    # when
    response = api(petugas).post(url(card, "return"), {"reason": "The KTP photo is unreadable."}, format="json")

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["rejection_reason"]) == (
        "rejected",
        "The KTP photo is unreadable.",
    )
    event = AkiCardEvent.objects.get(card=card, to_status="rejected")
    assert (event.actor, event.note) == (petugas, "The KTP photo is unreadable.")


@pytest.mark.parametrize(
    ("outsider", "status_code"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403), ("kabid", 403)],
    indirect=["outsider"],
)
@pytest.mark.parametrize("decision", ["issue", "return"])
def test_only_staff_with_verify_akicard_decide(outsider, status_code, decision, card):
    # when
    response = api(outsider).post(url(card, decision), {"reason": "No."}, format="json")

    # then
    assert response.status_code == status_code
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED and card.number is None
    assert not card.events.exists()


def test_the_holder_may_not_issue_their_own_card(card):
    # when
    response = api(card.jobseeker.user).post(url(card, "issue"))

    # then
    assert response.status_code == 403
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED


def test_issuing_an_active_card_again_is_409(petugas):
    # given
    card = AkiCardFactory(active=True)
    number = card.number

    # when
    response = api(petugas).post(url(card, "issue"))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    card.refresh_from_db()
    assert card.number == number


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "\n\t "}])
def test_a_return_without_a_reason_is_400_naming_reason(petugas, card, body):
    # when
    response = api(petugas).post(url(card, "return"), body, format="json")

    # then
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED


@pytest.mark.parametrize("decision", ["issue", "return"])
def test_an_unknown_card_is_404(petugas, decision):
    # when
    response = api(petugas).post(reverse(f"api:staff-card-{decision}", args=[987654321]), {"reason": "No."})

    # then
    assert response.status_code == 404


def test_requested_cards_are_listed_oldest_first(petugas):
    # given
    newer, older = AkiCardFactory(), AkiCardFactory()
    AkiCard.objects.filter(pk=older.pk).update(requested_at=timezone.now() - datetime.timedelta(days=4))
    AkiCardFactory(active=True)

    # when
    response = api(petugas).get(reverse("api:staff-card-list"), {"status": "requested"})

    # then
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [older.pk, newer.pk]


def test_kabid_may_read_cards_but_not_decide(kabid, card):
    # when
    listed = api(kabid).get(reverse("api:staff-card-list"))
    detail = api(kabid).get(reverse("api:staff-card-detail", args=[card.pk]))

    # then
    assert (listed.status_code, detail.status_code) == (200, 200)
    assert detail.json()["jobseeker"]["full_name"] == card.jobseeker.full_name


@pytest.mark.parametrize(
    ("outsider", "status_code"), [("anonymous", 401), ("jobseeker", 403), ("employer", 403)], indirect=["outsider"]
)
def test_the_card_list_is_for_staff_only(outsider, status_code, card):
    # when
    response = api(outsider).get(reverse("api:staff-card-list"))

    # then
    assert response.status_code == status_code
