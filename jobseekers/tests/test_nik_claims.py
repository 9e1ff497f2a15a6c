"""Issue 8: a NIK is claimed, not owned, until Disnaker checks the KTP at card issue."""

import datetime
import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import Kelurahan
from jobseekers import services
from jobseekers.models import AkiCard, JobseekerProfile, NikConflict
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory, nik_for

pytestmark = pytest.mark.django_db

REGISTER = reverse("jobseekers:register")
BIRTH = datetime.date(1999, 3, 14)
NIK = nik_for(77, BIRTH, "M")  # 6474011403990078
OTHER_NIK = nik_for(88, BIRTH, "M")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides):
    data = {
        "account_email": "rudi@example.id",
        "password1": "Pencaker-Bontang-26",
        "password2": "Pencaker-Bontang-26",
        "nik": NIK,
        "full_name": "Rudi Hartono",
        "birth_place": "Bontang",
        "birth_date": "1999-03-14",
        "sex": "M",
        "phone": "0812 3456 7890",
        "ktp_address": "Jl. Awang Long RT 3",
        "kelurahan": str(Kelurahan.objects.get(code="64.74.01.1002").pk),
        "outside_city": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def service_data(**overrides):
    data = {
        "email": "squatter@example.id",
        "password": "Pencaker-Bontang-26",
        "consent": True,
        "nik": NIK,
        "full_name": "Orang Lain",
        "birth_place": "Samarinda",
        "birth_date": BIRTH,
        "sex": "M",
        "ktp_address": "Jl. Lain RT 1",
        "kelurahan": Kelurahan.objects.get(code="64.74.01.1002"),
        "phone": "081234567891",
    }
    data.update(overrides)
    return data


def log_in(client, email: str, password: str = TEST_PASSWORD) -> bool:
    """Through the login page (django-axes needs the request); True when the session is logged in."""
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def normalized(content: bytes, *secrets: str) -> str:
    text = content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', text)
    for secret in secrets:
        text = text.replace(secret, "…")
    return text


# The sign-up tells nobody whether a NIK is registered ------------------------------------------------------


def test_a_claimed_nik_gets_exactly_the_answer_of_a_fresh_one(client):
    # given someone registered NIK first
    JobseekerProfileFactory(nik=NIK)
    # when a second person registers that NIK, and a third a fresh one, with the same other data
    claimed_client, fresh_client = client.__class__(), client.__class__()
    claimed = claimed_client.post(REGISTER, form_data(account_email="b@example.id"), **ENGLISH)
    fresh = fresh_client.post(REGISTER, form_data(account_email="c@example.id", nik=OTHER_NIK), **ENGLISH)
    # then status, redirect and messages are the same
    assert claimed.status_code == fresh.status_code == 302
    assert claimed.url == fresh.url == reverse("portal:dashboard")
    claimed_messages = [(m.level, str(m)) for m in get_messages(claimed.wsgi_request)]
    fresh_messages = [(m.level, str(m)) for m in get_messages(fresh.wsgi_request)]
    assert claimed_messages == fresh_messages and claimed_messages
    # and so is the page that follows, apart from the CSRF token, the email and the NIK typed
    claimed_page = claimed_client.get(claimed.url, **ENGLISH)
    fresh_page = fresh_client.get(fresh.url, **ENGLISH)
    assert claimed_page.status_code == fresh_page.status_code == 200
    assert normalized(claimed_page.content, "b@example.id", NIK) == normalized(
        fresh_page.content, "c@example.id", OTHER_NIK
    )
    # and the card page shows both the same neutral notice
    for page_client in (claimed_client, fresh_client):
        card_page = page_client.get(reverse("jobseekers:card"), **ENGLISH).content.decode()
        assert "when Disnaker checks your KTP" in card_page
    # but staff see the conflict
    conflict = NikConflict.objects.get()
    assert conflict.status == NikConflict.Status.OPEN
    claimant_emails = {p.user.email for p in conflict.claimants.all()}
    assert len(claimant_emails) == 2 and "b@example.id" in claimant_emails and "c@example.id" not in claimant_emails


def test_a_form_error_reads_the_same_for_a_claimed_and_a_fresh_nik(client):
    JobseekerProfileFactory(nik=NIK)
    claimed = client.post(REGISTER, form_data(password2="lain"), **ENGLISH)
    fresh = client.post(REGISTER, form_data(password2="lain", nik=OTHER_NIK), **ENGLISH)
    assert claimed.status_code == fresh.status_code == 200
    assert normalized(claimed.content, NIK) == normalized(fresh.content, OTHER_NIK)


def test_the_api_answers_a_claimed_nik_like_a_fresh_one():
    JobseekerProfileFactory(nik=NIK)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    body = {
        "email": "b@example.id",
        "password": "Pencaker-Bontang-26",
        "consent": True,
        "nik": NIK,
        "full_name": "Rudi Hartono",
        "birth_place": "Bontang",
        "birth_date": "1999-03-14",
        "sex": "M",
        "phone": "081234567890",
        "ktp_address": "Jl. Awang Long RT 3",
        "kelurahan": Kelurahan.objects.get(code="64.74.01.1002").code,
    }
    claimed = api.post(reverse("api:jobseeker-register"), body, format="json")
    fresh_body = {**body, "email": "c@example.id", "nik": OTHER_NIK}
    fresh = api.post(reverse("api:jobseeker-register"), fresh_body, format="json")
    assert claimed.status_code == fresh.status_code == 201, claimed.json()
    assert set(claimed.json()) == set(fresh.json())
    assert NikConflict.objects.filter(status=NikConflict.Status.OPEN).count() == 1


# The first person is never locked out ---------------------------------------------------------------------


def test_a_squatter_cannot_lock_the_owner_out(client, petugas):
    # given the owner registered first, with a complete profile, and a squatter registers their NIK
    owner = JobseekerProfileFactory(nik=NIK, complete=True)
    squatter = services.jobseeker_register(**service_data())
    conflict = NikConflict.objects.get()
    # then the owner can still log in and request a card
    assert log_in(client, owner.user.email)
    assert client.post(reverse("jobseekers:card_request")).status_code == 302
    card = AkiCard.objects.get(jobseeker=owner)
    # but the card is not issued while the conflict is open, and the message names the conflict
    with pytest.raises(ValidationError) as excinfo:
        services.aki_card_issue(card_id=card.pk, by=petugas)
    assert excinfo.value.code == "nik_conflict"
    assert str(conflict) in " ".join(excinfo.value.messages)
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED
    # when staff saw the owner's KTP and release the NIK to them
    services.nik_conflict_release(conflict_id=conflict.pk, owner_id=owner.pk, by=petugas, note="KTP seen")
    # then the card is issued, the NIK is the owner's, the squatter cannot log in any more
    services.aki_card_issue(card_id=card.pk, by=petugas)
    card.refresh_from_db()
    owner.refresh_from_db()
    squatter.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE
    assert owner.nik_verified_at is not None
    assert not squatter.user.is_active and squatter.nik_revoked_at is not None
    assert not log_in(client.__class__(), "squatter@example.id", "Pencaker-Bontang-26")
    conflict.refresh_from_db()
    assert (conflict.status, conflict.resolution, conflict.owner, conflict.resolved_by) == (
        NikConflict.Status.RESOLVED,
        NikConflict.Resolution.RELEASED,
        owner,
        petugas,
    )
    assert conflict.events.filter(profile=squatter).exclude(note="").exists()  # why the squatter was disabled


def test_card_issue_verifies_the_nik_once_the_conflict_is_gone(petugas):
    profile = JobseekerProfileFactory(nik=NIK)
    card = AkiCardFactory(jobseeker=profile)
    services.aki_card_issue(card_id=card.pk, by=petugas)
    profile.refresh_from_db()
    assert profile.nik_verified_at is not None


def test_registering_a_verified_nik_is_flagged_and_never_gets_it(petugas):
    # given a NIK verified at card issue
    owner = JobseekerProfileFactory(nik=NIK, nik_verified_at=timezone.now())
    # when someone registers it: the account is created as for anyone
    squatter = services.jobseeker_register(**service_data())
    assert squatter.user.is_active
    conflict = NikConflict.objects.get(status=NikConflict.Status.OPEN)
    assert set(conflict.claimants.all()) == {owner, squatter}
    # then the squatter's card is refused while the conflict is open
    card = AkiCardFactory(jobseeker=squatter)
    with pytest.raises(ValidationError):
        services.aki_card_issue(card_id=card.pk, by=petugas)
    # and the verified owner is not blocked by it
    owner_card = AkiCardFactory(jobseeker=owner)
    services.aki_card_issue(card_id=owner_card.pk, by=petugas)
    # when staff disable the squatter, the conflict is resolved
    services.nik_conflict_disable_claimant(conflict_id=conflict.pk, profile_id=squatter.pk, by=petugas)
    conflict.refresh_from_db()
    squatter.refresh_from_db()
    assert conflict.resolution == NikConflict.Resolution.SQUATTER_DISABLED
    assert not squatter.user.is_active and squatter.nik_verified_at is None


# The partial unique constraint -----------------------------------------------------------------------------


def test_two_verified_profiles_cannot_share_a_nik():
    JobseekerProfileFactory(nik=NIK, nik_verified_at=timezone.now())
    JobseekerProfileFactory(nik=NIK)  # claimed only: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        JobseekerProfileFactory(nik=NIK, nik_verified_at=timezone.now())


def test_verifying_a_nik_verified_elsewhere_is_a_clear_message(petugas):
    # given two registrations of one NIK without a conflict (e.g. from before issue 8), one verified
    JobseekerProfileFactory(nik=NIK, nik_verified_at=timezone.now())
    other = JobseekerProfileFactory(nik=NIK)
    card = AkiCardFactory(jobseeker=other)
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        services.aki_card_issue(card_id=card.pk, by=petugas)
    assert excinfo.value.code == "nik_verified_elsewhere"
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED


# Resolution services -------------------------------------------------------------------------------------


def test_a_mistyped_nik_is_corrected_and_the_conflict_closed(petugas):
    owner = JobseekerProfileFactory(nik=NIK)
    typo = services.jobseeker_register(**service_data())
    conflict = NikConflict.objects.get()
    # a corrected NIK must match the person's birth date and sex
    with pytest.raises(ValidationError) as excinfo:
        services.nik_conflict_correct_typo(
            conflict_id=conflict.pk, profile_id=typo.pk, corrected_nik=nik_for(5, BIRTH, "F"), by=petugas
        )
    assert "corrected_nik" in excinfo.value.message_dict
    services.nik_conflict_correct_typo(
        conflict_id=conflict.pk, profile_id=typo.pk, corrected_nik=OTHER_NIK, by=petugas, note="by phone"
    )
    typo.refresh_from_db()
    conflict.refresh_from_db()
    assert typo.nik == OTHER_NIK and typo.user.is_active
    assert conflict.resolution == NikConflict.Resolution.TYPO
    assert conflict.live_claimants().get() == owner
    assert NikConflict.objects.count() == 1  # the corrected NIK was free


def test_a_conflict_of_three_stays_open_until_one_claimant_is_left(petugas):
    JobseekerProfileFactory(nik=NIK)
    second = services.jobseeker_register(**service_data())
    third = services.jobseeker_register(**service_data(email="third@example.id"))
    conflict = NikConflict.objects.get()
    assert conflict.claimants.count() == 3
    services.nik_conflict_disable_claimant(conflict_id=conflict.pk, profile_id=second.pk, by=petugas)
    conflict.refresh_from_db()
    assert conflict.status == NikConflict.Status.OPEN
    services.nik_conflict_disable_claimant(conflict_id=conflict.pk, profile_id=third.pk, by=petugas)
    conflict.refresh_from_db()
    assert conflict.status == NikConflict.Status.RESOLVED
    # a resolved conflict takes no further decision; a new claim opens a new one
    with pytest.raises(services.TransitionError):
        services.nik_conflict_disable_claimant(conflict_id=conflict.pk, profile_id=second.pk, by=petugas)
    services.jobseeker_register(**service_data(email="fourth@example.id"))
    assert NikConflict.objects.filter(status=NikConflict.Status.OPEN).count() == 1


def test_only_a_live_claimant_can_be_chosen(petugas):
    JobseekerProfileFactory(nik=NIK)
    services.jobseeker_register(**service_data())
    conflict = NikConflict.objects.get()
    stranger = JobseekerProfileFactory()
    with pytest.raises(ValidationError):
        services.nik_conflict_release(conflict_id=conflict.pk, owner_id=stranger.pk, by=petugas)


# The admin ------------------------------------------------------------------------------------------------


def test_staff_see_conflicts_masked_oldest_first_and_resolve_them_in_the_admin(client, petugas):
    owner = JobseekerProfileFactory(nik=NIK, complete=True)
    AkiCardFactory(jobseeker=owner)
    squatter = services.jobseeker_register(**service_data())
    conflict = NikConflict.objects.get()
    client.force_login(petugas)
    # the list
    listing = client.get(reverse("admin:jobseekers_nikconflict_changelist") + "?status__exact=open", **ENGLISH)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "6474********0078" in page and NIK not in page
    assert "squatter@example.id" in page and owner.user.email in page
    # the change page links to the decision
    change = client.get(reverse("admin:jobseekers_nikconflict_change", args=[conflict.pk]), **ENGLISH)
    resolve_url = reverse("admin:jobseekers_nikconflict_resolve", args=[conflict.pk])
    assert resolve_url in change.content.decode()
    # a typo without the corrected NIK keeps the form with its error
    bad = client.post(resolve_url, {"action": "typo", "profile": squatter.pk}, **ENGLISH)
    assert bad.status_code == 200 and "Enter the NIK" in bad.content.decode()
    # release to the owner
    done = client.post(resolve_url, {"action": "release", "profile": owner.pk, "note": "KTP seen"}, **ENGLISH)
    assert done.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolution == NikConflict.Resolution.RELEASED
    squatter.user.refresh_from_db()
    assert not squatter.user.is_active


def test_the_admin_card_issue_names_the_conflict(client, petugas):
    owner = JobseekerProfileFactory(nik=NIK, complete=True)
    card = AkiCardFactory(jobseeker=owner)
    services.jobseeker_register(**service_data())
    client.force_login(petugas)
    url = reverse("admin:jobseekers_akicard_decide", args=[card.pk, "issue"])
    response = client.post(url, {"note": ""}, follow=True, **ENGLISH)
    assert "NIK conflict" in response.content.decode()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REQUESTED


@pytest.mark.parametrize("who", ["anonymous", "jobseeker", "employer", "kabid"])
def test_only_card_verifiers_resolve_conflicts(client, who):
    JobseekerProfileFactory(nik=NIK)
    owner = JobseekerProfile.objects.get()
    services.jobseeker_register(**service_data())
    conflict = NikConflict.objects.get()
    user = {
        "anonymous": None,
        "jobseeker": owner.user,
        "employer": UserFactory(employer=True),
        "kabid": UserFactory(kabid=True),
    }[who]
    if user:
        client.force_login(user)
    url = reverse("admin:jobseekers_nikconflict_resolve", args=[conflict.pk])
    response = client.post(url, {"action": "release", "profile": owner.pk})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response.url or "login" in response.url
    conflict.refresh_from_db()
    assert conflict.status == NikConflict.Status.OPEN


# Staff API and queues ----------------------------------------------------------------------------------


def test_the_staff_api_lists_open_conflicts_for_card_verifiers_only(petugas):
    JobseekerProfileFactory(nik=NIK)
    services.jobseeker_register(**service_data())
    api = APIClient()
    url = reverse("api:staff-nik-conflict-list")
    assert api.get(url).status_code == 401
    api.force_authenticate(JobseekerProfile.objects.first().user)
    assert api.get(url).status_code == 403
    api.force_authenticate(petugas)
    body = api.get(url + "?status=open").json()
    (row,) = body["results"]
    assert row["nik_masked"] == "6474********0078" and NIK not in str(body)
    assert len(row["claimants"]) == 2 and {"email", "registered_at", "has_card_request"} <= set(row["claimants"][0])
    assert api.get(url + "?status=nonsense").status_code == 400
    queues = {q["key"]: q for q in api.get(reverse("api:staff-queues")).json()["queues"]}
    assert queues["nik_conflicts"]["count"] == 1


def test_the_dashboard_links_staff_to_the_open_conflicts(client, petugas):
    client.force_login(petugas)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("admin:jobseekers_nikconflict_changelist") in page


# The race -------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_of_one_nik_at_once_both_succeed_and_are_seen_as_a_conflict():
    barrier = threading.Barrier(2)
    errors = []

    def sign_up(email):
        try:
            barrier.wait(timeout=5)
            services.jobseeker_register(**service_data(email=email))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(f"racer{i}@example.id",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert JobseekerProfile.objects.filter(nik=NIK).count() == 2
    conflict = NikConflict.objects.get()
    assert conflict.claimants.count() == 2
    User.objects.filter(email__startswith="racer").delete()


def test_a_nik_corrected_by_staff_in_the_admin_is_claimed_like_a_sign_up(client, superuser):
    from bontang_aker.core.tests.admin_helpers import change_form_data

    JobseekerProfileFactory(nik=NIK)
    profile = JobseekerProfileFactory(nik=OTHER_NIK)
    client.force_login(superuser)
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])
    data = change_form_data(client.get(url))
    data["nik"] = NIK
    assert client.post(url, data).status_code == 302
    assert NikConflict.objects.get().claimants.count() == 2
