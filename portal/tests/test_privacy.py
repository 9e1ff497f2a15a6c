"""The whole-portal part of personal-data rights: the JSON download and the erasure after a deletion request."""

import datetime
import json
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice
from jobseekers import privacy
from jobseekers.models import DeletionRequest, Document, EducationEntry, ExperienceEntry, JobseekerProfile
from jobseekers.tests.factories import (
    AkiCardFactory,
    ExperienceEntryFactory,
    JobseekerProfileFactory,
)
from placements.models import Application, Placement
from placements.tests.factories import ReferralFactory
from portal import privacy as portal_privacy
from portal.tasks import erase_requested_personal_data_task

pytestmark = pytest.mark.django_db

EXPORT = reverse("portal:data_export")
EXPORT_API = reverse("api:my-export")


def person(**extra) -> JobseekerProfile:
    """A jobseeker with something in every part of the download."""
    profile = JobseekerProfileFactory(complete=True, **extra)
    ExperienceEntryFactory(jobseeker=profile, employer_name="PT Badak Contoh")
    AkiCardFactory(jobseeker=profile, active=True)
    referral = ReferralFactory(application__jobseeker=profile, application__motivation="Saya tekun bekerja")
    Placement.objects.create(
        jobseeker=profile,
        company=referral.application.vacancy.company,
        vacancy=referral.application.vacancy,
        referral=referral,
        position="Operator produksi",
        occupation=referral.application.vacancy.occupation,
        start_date=timezone.localdate(),
        is_local=True,
        reported_by=UserFactory(),
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    Notice.objects.create(recipient=profile.user, key=f"test:{profile.pk}", subject="Kartu terbit", body="Selamat")
    return profile


def test_the_download_holds_all_of_my_data_and_nobody_elses():
    # given two people with data everywhere, and a staff view of mine
    mine, theirs = person(full_name="Siti Aminah"), person(full_name="Rudi Hartono")
    privacy.profile_access_log(viewer=UserFactory(petugas=True, full_name="Budi"), what="profile", profiles=[mine])
    client = Client()
    client.force_login(mine.user)
    # when I download my data
    response = client.get(EXPORT)
    # then it is a JSON attachment with every part
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    for key in (
        "profile",
        "education",
        "experience",
        "skills",
        "documents",
        "aki_cards",
        "applications",
        "placements",
        "notices",
        "consent",
        "data_access_log",
    ):
        assert data[key], key
    assert data["profile"]["nik"] == mine.nik and data["account"]["email"] == mine.user.email
    assert data["experience"][0]["employer_name"] == "PT Badak Contoh"
    assert data["applications"][0]["motivation"] == "Saya tekun bekerja"
    assert data["applications"][0]["referral"]["letter_number"]
    assert data["placements"][0]["position"] == "Operator produksi"
    assert data["aki_cards"][0]["events"] is not None
    assert data["documents"][0]["download_url"] == reverse(
        "jobseekers:document_download", args=[data["documents"][0]["id"]]
    )
    assert "file" not in data["documents"][0]  # metadata and the link, never the bytes or the storage path
    with override("id"):  # the API answers in the default language
        assert data["data_access_log"][0]["viewer"] == gettext("Disnaker staff %(name)s") % {"name": "Budi"}
    assert data["notices"][0]["subject"] == "Kartu terbit"
    # and nothing of the other person
    text = response.content.decode()
    assert theirs.nik not in text and "Rudi Hartono" not in text and theirs.user.email not in text


def test_the_api_download_is_the_same_and_for_jobseekers_only():
    mine, theirs = person(), person()
    api = APIClient()
    api.force_authenticate(mine.user)
    body = api.get(EXPORT_API).json()
    assert body["profile"]["nik"] == mine.nik
    assert theirs.nik not in json.dumps(body)
    for user in (None, UserFactory(petugas=True)):
        other = APIClient()
        if user:
            other.force_authenticate(user)
        assert other.get(EXPORT_API).status_code in (401, 403)
    anonymous = Client().get(EXPORT)
    assert anonymous.status_code == 302


# Erasure ------------------------------------------------------------------------------------------------


def ask_deletion(profile: JobseekerProfile) -> DeletionRequest:
    profile.user.set_password("hapus-saja-1")
    profile.user.save()
    return privacy.deletion_request_create(profile=profile, password="hapus-saja-1")


def later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_nothing_is_erased_before_the_retention_period(settings, django_capture_on_commit_callbacks):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    profile = person()
    ask_deletion(profile)
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=later(29)) == (0, 0)
    profile.refresh_from_db()
    assert profile.full_name != privacy.erased_name(profile.pk)
    assert Document.objects.filter(jobseeker=profile).exists()


def test_after_the_retention_period_personal_data_goes_and_the_statistics_stay(
    settings, django_capture_on_commit_callbacks
):
    # given a person who asked for deletion, with documents, experience, an application and a hire
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    profile = person(has_disability=True, disability_note="Tunarungu", sex="F", birth_date=datetime.date(1999, 3, 14))
    profile.nik = "6474015403990002"
    profile.save()
    other = person()
    files = list(Document.objects.filter(jobseeker=profile).values_list("file", flat=True))
    assert files and all(default_storage.exists(name) for name in files)
    kelurahan_id, education_level = profile.kelurahan_id, EducationEntry.objects.get(jobseeker=profile).level_id
    request = ask_deletion(profile)
    # when the nightly task runs after the retention period
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=later(31)) == (1, 0)
    # then the identifying data is gone
    profile.refresh_from_db()
    assert profile.full_name == f"Dihapus #{profile.pk}"
    assert profile.nik == f"{profile.pk:016d}"
    assert (profile.phone, profile.ktp_address, profile.birth_place, profile.disability_note) == ("", "", "", "")
    assert not Document.objects.filter(jobseeker=profile).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not ExperienceEntry.objects.filter(jobseeker=profile).exists()
    education = EducationEntry.objects.get(jobseeker=profile)
    assert (education.institution, education.major, education.graduation_year) == ("", "", None)
    assert Application.objects.get(jobseeker=profile).motivation == ""
    assert not Notice.objects.filter(recipient=profile.user).exists()
    profile.user.refresh_from_db()
    assert not profile.user.is_active and not profile.user.has_usable_password()
    assert "6474015403990002" not in profile.user.email
    # and what the statutory reports count stays
    assert (profile.sex, profile.birth_date, profile.has_disability) == ("F", datetime.date(1999, 1, 1), True)
    assert (profile.kelurahan_id, education.level_id) == (kelurahan_id, education_level)
    placement = Placement.objects.get(jobseeker=profile)
    assert (placement.position, placement.is_local, placement.start_date) == (
        "Operator produksi",
        True,
        timezone.localdate(),
    )
    request.refresh_from_db()
    assert request.erased_at is not None
    # and the other person is untouched
    other.refresh_from_db()
    assert other.full_name != privacy.erased_name(other.pk) and Document.objects.filter(jobseeker=other).exists()


def test_erasing_twice_changes_nothing_more(django_capture_on_commit_callbacks):
    profile = person()
    request = ask_deletion(profile)
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=later(31)) == (1, 0)
    request.refresh_from_db()
    erased_at = request.erased_at
    snapshot = JobseekerProfile.objects.filter(pk=profile.pk).values().get()
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=later(32)) == (0, 0)
        assert portal_privacy.personal_data_erase(deletion_request_id=request.pk, now=later(33)) is False
    request.refresh_from_db()
    assert request.erased_at == erased_at
    assert JobseekerProfile.objects.filter(pk=profile.pk).values().get() == snapshot


def test_one_persons_error_does_not_stop_the_others(django_capture_on_commit_callbacks):
    first, second = person(), person()
    failing, working = ask_deletion(first), ask_deletion(second)
    original = privacy.jobseeker_personal_data_erase

    def flaky(*, profile):
        if profile.pk == first.pk:
            raise RuntimeError("disk full")
        return original(profile=profile)

    with mock.patch.object(privacy, "jobseeker_personal_data_erase", side_effect=flaky):
        with django_capture_on_commit_callbacks(execute=True):
            assert portal_privacy.personal_data_erase_due(now=later(31)) == (1, 1)
    failing.refresh_from_db()
    working.refresh_from_db()
    assert failing.erased_at is None and "disk full" in failing.last_error
    assert working.erased_at is not None
    first.refresh_from_db()
    assert first.full_name != privacy.erased_name(first.pk)  # all or nothing for the failed one
    # the next run erases it
    with django_capture_on_commit_callbacks(execute=True):
        assert portal_privacy.personal_data_erase_due(now=later(32)) == (1, 0)


def test_the_task_is_late_acknowledged_with_time_limits_and_runs_nightly(settings):
    assert erase_requested_personal_data_task.acks_late
    assert erase_requested_personal_data_task.soft_time_limit and erase_requested_personal_data_task.time_limit
    schedule = settings.CELERY_BEAT_SCHEDULE["erase-personal-data"]
    assert schedule["task"] == erase_requested_personal_data_task.name
    assert erase_requested_personal_data_task.run() == [0, 0]
