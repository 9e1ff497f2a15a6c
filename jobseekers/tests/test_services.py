import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError
from bontang_aker.reference.models import Kelurahan, Skill
from jobseekers import services
from jobseekers.models import AkiCard, Document, JobseekerProfile, NikConflict
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, EducationEntryFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db


def registration(**overrides):
    fields = {
        "email": "Siti.Aminah@Example.id",
        "password": "kuat-sekali-2026",
        "consent": True,
        "nik": "6474 0154 0399 0002",
        "full_name": "Siti Aminah",
        "birth_place": "Bontang",
        "birth_date": datetime.date(1999, 3, 14),
        "sex": "F",
        "ktp_address": "Jl. Cut Nyak Dien RT 05",
        "kelurahan": Kelurahan.objects.get(code="64.74.02.1001"),
        "phone": "0812-3456-7890",
    }
    return {**fields, **overrides}


def test_jobseeker_register_creates_user_and_local_profile_with_consent():
    # when
    profile = services.jobseeker_register(skills=[Skill.objects.get(code="las-smaw")], **registration())
    # then
    profile.refresh_from_db()
    assert profile.user.email == "siti.aminah@example.id"
    assert profile.user.role == User.Role.JOBSEEKER
    assert profile.user.check_password("kuat-sekali-2026")
    assert profile.nik == "6474015403990002"
    assert profile.phone == "+6281234567890"
    assert profile.consent_at is not None
    assert profile.is_local
    assert [s.code for s in profile.skills.all()] == ["las-smaw"]


def test_local_status_comes_from_the_ktp_kelurahan_not_the_nik_prefix():
    # a Bontang-issued NIK living in Kutai Timur is not local; a Makassar NIK living in Bontang is
    outsider = services.jobseeker_register(
        **registration(email="a@example.id", kelurahan=None, outside_city="Kutai Timur")
    )
    newcomer = services.jobseeker_register(
        **registration(
            email="b@example.id", nik="7371015403990003", kelurahan=Kelurahan.objects.get(code="64.74.03.1003")
        )
    )
    assert not outsider.is_local
    assert newcomer.is_local
    assert set(JobseekerProfile.objects.local()) == {newcomer}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": False}, "consent"),
        ({"nik": "6474011403990001"}, "sex"),  # a man's NIK for a woman
        ({"birth_date": datetime.date(1998, 3, 14)}, "birth_date"),
        ({"nik": "12345"}, "nik"),
        ({"phone": "12345"}, "phone"),
        ({"kelurahan": None, "outside_city": ""}, "outside_city"),
    ],
)
def test_jobseeker_register_rejects_bad_input_and_saves_nothing(overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        services.jobseeker_register(**registration(**overrides))
    assert field in excinfo.value.message_dict
    assert not User.objects.exists()
    assert not JobseekerProfile.objects.exists()


def test_registering_the_same_nik_twice_is_a_conflict_not_a_refusal():
    first = services.jobseeker_register(**registration())
    second = services.jobseeker_register(**registration(email="other@example.id"))
    assert User.objects.count() == 2
    assert set(NikConflict.objects.get(status=NikConflict.Status.OPEN).claimants.all()) == {first, second}


def test_aki_card_request_needs_ktp_diploma_and_photo():
    # given a jobseeker with only a KTP uploaded
    profile = JobseekerProfileFactory()
    DocumentFactory(jobseeker=profile, kind=Document.Kind.KTP)
    # when / then
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.aki_card_request(jobseeker=profile, by=profile.user)
    assert "diploma" in str(excinfo.value) and "photo" in str(excinfo.value) and "KTP" not in str(excinfo.value)
    DocumentFactory(jobseeker=profile, kind=Document.Kind.DIPLOMA)
    DocumentFactory(jobseeker=profile, kind=Document.Kind.PHOTO)
    # and the rest of a complete profile: religion, an education entry and a skill
    profile.religion = "Islam"
    profile.save(update_fields=["religion"])
    EducationEntryFactory(jobseeker=profile)
    profile.skills.add(Skill.objects.get(code="las-smaw"))
    card = services.aki_card_request(jobseeker=profile, by=profile.user)
    assert card.status == AkiCard.Status.REQUESTED
    with pytest.raises(ValidationError):
        services.aki_card_request(jobseeker=profile, by=profile.user)


def test_aki_card_issue_numbers_the_card_and_sets_two_years_validity(petugas):
    # given
    first, second = AkiCardFactory(), AkiCardFactory()
    # when
    services.aki_card_issue(card_id=first.pk, by=petugas)
    services.aki_card_issue(card_id=second.pk, by=petugas)
    # then
    first.refresh_from_db()
    second.refresh_from_db()
    today = timezone.localdate()
    assert first.status == AkiCard.Status.ACTIVE
    assert first.number.startswith(f"6474-{today:%Y}-")
    assert first.number != second.number
    assert first.expires_on == today + relativedelta(months=24)
    assert first.verified_by == petugas
    assert first.events.get().to_status == "active"


def test_issuing_an_active_card_again_fails_and_keeps_its_number(petugas):
    card = AkiCardFactory(active=True)
    number = card.number
    with pytest.raises(TransitionError):
        services.aki_card_issue(card_id=card.pk, by=petugas)
    card.refresh_from_db()
    assert card.number == number


def test_aki_card_reject_requires_a_reason(petugas):
    card = AkiCardFactory()
    with pytest.raises(ValidationError):
        services.aki_card_reject(card_id=card.pk, by=petugas, reason="")
    services.aki_card_reject(card_id=card.pk, by=petugas, reason="Foto KTP tidak terbaca")
    card.refresh_from_db()
    assert (card.status, card.rejection_reason) == ("rejected", "Foto KTP tidak terbaca")


def test_lapse_overdue_lapses_expired_and_unreported_cards_only():
    # given
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=200)
    expired = AkiCardFactory(active=True, expires_on=today - datetime.timedelta(days=1))
    unreported = AkiCardFactory(active=True, last_reported_at=long_ago)
    fine = AkiCardFactory(active=True)
    requested = AkiCardFactory()
    # when
    lapsed = services.aki_cards_lapse_overdue(today=today)
    again = services.aki_cards_lapse_overdue(today=today)
    # then
    assert (lapsed, again) == (2, 0)
    statuses = dict(AkiCard.objects.values_list("pk", "status"))
    assert statuses == {expired.pk: "lapsed", unreported.pk: "lapsed", fine.pk: "active", requested.pk: "requested"}


def test_reporting_keeps_the_card_active(petugas):
    # given a card last reported 5 months ago
    card = AkiCardFactory(active=True, last_reported_at=timezone.now() - datetime.timedelta(days=150))
    # when the holder reports and time passes to 2 months later
    services.aki_card_report(card_id=card.pk, by=card.jobseeker.user)
    # then it is not lapsed
    assert services.aki_cards_lapse_overdue(today=timezone.localdate() + datetime.timedelta(days=60)) == 0
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE


def test_a_minimum_residence_makes_recent_arrivals_non_local(settings):
    # given a two-year minimum residence and two Bontang KTP holders
    settings.LOCAL_MIN_RESIDENCE_YEARS = 2
    today = timezone.localdate()
    settled = services.jobseeker_register(
        **registration(email="a@example.id", resident_since=today.replace(year=today.year - 5))
    )
    newcomer = services.jobseeker_register(
        **registration(
            email="b@example.id", nik="6474015403990003", resident_since=today - datetime.timedelta(days=200)
        )
    )
    unknown = services.jobseeker_register(**registration(email="c@example.id", nik="6474015403990004"))
    # then only the one living there long enough is local, in Python and in SQL alike
    assert (settled.is_local, newcomer.is_local, unknown.is_local) == (True, False, False)
    assert list(JobseekerProfile.objects.local()) == [settled]
    # and without a minimum every Bontang KTP counts
    settings.LOCAL_MIN_RESIDENCE_YEARS = 0
    assert newcomer.is_local and unknown.is_local
    assert JobseekerProfile.objects.local().count() == 3


def test_a_sign_up_that_loses_a_race_for_the_same_email_gets_a_message_and_leaves_no_account(monkeypatch):
    # given an account with this email saved by a concurrent request after our check ran
    services.jobseeker_register(**registration())
    monkeypatch.setattr(User.objects, "filter", lambda *a, **kw: User.objects.none())
    # when
    with pytest.raises(ValidationError):
        services.jobseeker_register(**registration(nik="6474015403990003"))
    # then the half-made account was rolled back with the profile (a NIK is never raced for: issue 8)
    monkeypatch.undo()
    assert list(User.objects.values_list("email", flat=True)) == ["siti.aminah@example.id"]
