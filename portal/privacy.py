"""Personal-data rights across the apps (UU 27/2022): the full JSON download and the erasure.

jobseekers knows nothing of placements (placements builds on jobseekers), so what spans both is
assembled here, above them: each app contributes its own part through an explicit function
(`jobseekers.data_export.jobseeker_data`, `placements.selectors.jobseeker_placement_data`,
`placements.services.jobseeker_placement_data_erase`, `jobseekers.privacy.jobseeker_personal_data_erase`).
"""

from __future__ import annotations

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone

from bontang_aker.accounts.models import User
from bontang_aker.core.audit import audit_actor_erase, audit_erase
from bontang_aker.notices.models import Notice
from jobseekers import privacy
from jobseekers.data_export import jobseeker_data
from jobseekers.models import (
    AkiCard,
    DeletionRequest,
    Document,
    EducationEntry,
    ExperienceEntry,
    JobseekerProfile,
    NikConflict,
)
from matching.services import jobseeker_match_data_erase
from placements.models import Application, Referral
from placements.selectors import jobseeker_placement_data
from placements.services import jobseeker_placement_data_erase

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "bontang-aker-personal-data"
EXPORT_FORMAT_VERSION = 1


def personal_data_export(*, profile: JobseekerProfile) -> dict:
    """Everything the portal holds about this person, and only them, as JSON-ready values."""
    user = profile.user
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        **jobseeker_data(profile=profile),
        **jobseeker_placement_data(profile=profile),
        "notices": [
            {
                "subject": notice.subject,
                "body": notice.body,
                "url": notice.url,
                "created_at": notice.created_at,
                "read_at": notice.read_at,
            }
            for notice in Notice.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
    }


def personal_data_erase(*, deletion_request_id: int, now: datetime.datetime | None = None) -> bool:
    """Erase one person's personal data once their retention period is over; True if it did now.

    All or nothing in one transaction, the request row locked first: a second run, or a second
    worker, finds `erased_at` set and does nothing. Document files are deleted from storage only
    after the commit, so a failed erasure never loses a file whose row is still there.
    """
    now = now or timezone.now()
    with transaction.atomic():
        request = DeletionRequest.objects.select_for_update().filter(pk=deletion_request_id).first()
        if request is None or request.erased_at is not None or request.erase_after > now:
            return False
        profile = JobseekerProfile.objects.select_for_update().select_related("user").get(pk=request.jobseeker_id)
        audit_records = _audit_records_of(profile)  # before the erasure deletes some of them
        jobseeker_placement_data_erase(profile=profile, nik=profile.nik)
        jobseeker_match_data_erase(jobseeker_id=profile.pk)
        Notice.objects.filter(recipient_id=profile.user_id).delete()
        files = privacy.jobseeker_personal_data_erase(profile=profile)
        # Last: the erasure's own saves are in the audit trail too, with the values they replaced.
        for model, pks, fields in audit_records:
            audit_erase(model, pks, fields=fields)
        audit_actor_erase(user_id=profile.user_id, email=User.objects.get(pk=profile.user_id).email)
        request.erased_at = now
        request.last_error = ""
        request.save(update_fields=["erased_at", "last_error"])
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return True


def _audit_records_of(profile: JobseekerProfile) -> list[tuple[type, list[int], tuple[str, ...] | None]]:
    """The records whose audit entries hold this person's data: (model, ids, fields to blank or None for all)."""
    return [
        (JobseekerProfile, [profile.pk], None),
        (User, [profile.user_id], None),
        (EducationEntry, list(profile.education_entries.values_list("pk", flat=True)), None),
        (ExperienceEntry, list(profile.experience_entries.values_list("pk", flat=True)), None),
        (Document, list(profile.documents.values_list("pk", flat=True)), None),
        (AkiCard, list(profile.aki_cards.values_list("pk", flat=True)), ("rejection_reason",)),
        (NikConflict, list(NikConflict.objects.filter(nik=profile.nik).values_list("pk", flat=True)), ("nik", "note")),
        (
            Application,
            list(Application.objects.filter(jobseeker=profile).values_list("pk", flat=True)),
            ("motivation",),
        ),
        (
            Referral,
            list(Referral.objects.filter(application__jobseeker=profile).values_list("pk", flat=True)),
            ("selection_notes",),
        ),
    ]


def personal_data_erase_due(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Erase every request whose retention period is over; returns (erased, failed).

    One person's failure is logged and kept on the request (`last_error`, shown in the admin) and
    does not stop the others; the next night tries again.
    """
    now = now or timezone.now()
    erased = failed = 0
    for request_id in privacy.deletion_requests_due(now=now).order_by("erase_after", "pk").values_list("pk", flat=True):
        try:
            erased += personal_data_erase(deletion_request_id=request_id, now=now)
        except SoftTimeLimitExceeded:
            raise  # the task's time is up: the rest waits for the next run
        except Exception as error:  # noqa: BLE001 - one person's failure must not stop the others
            failed += 1
            logger.exception("Erasing the personal data of deletion request %s failed", request_id)
            DeletionRequest.objects.filter(pk=request_id).update(last_error=f"{type(error).__name__}: {error}"[:500])
    return erased, failed
