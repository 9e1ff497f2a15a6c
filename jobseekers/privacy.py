"""Personal-data rights under UU 27/2022: consent versions, the access log, deletion and erasure.

Services (keyword-only, every write) and the reads the privacy pages and API share. Only the
jobseekers app's own records are touched here; what spans apps (the JSON export, the erasure of
applications and placements) is assembled in `portal.privacy`, which calls these functions.
"""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from jobseekers.models import (
    AkiCardEvent,
    ConsentAcceptance,
    ConsentText,
    DeletionRequest,
    Document,
    EducationEntry,
    ExperienceEntry,
    JobseekerProfile,
    ProfileAccess,
)

# Consent versions ------------------------------------------------------------------------------------------


def _published(now: datetime.datetime | None = None):
    return ConsentText.objects.filter(published_at__isnull=False, published_at__lte=now or timezone.now())


def consent_current_version() -> int | None:
    """The newest published consent version; None while staff have published none."""
    return _published().order_by("-version").values_list("version", flat=True).first()


def consent_text(*, version: int | None = None, language: str | None = None) -> ConsentText | None:
    """The text of a version (the current one by default) in the language asked, else in Indonesian, else any."""
    version = consent_current_version() if version is None else version
    if version is None:
        return None
    texts = {text.language: text for text in ConsentText.objects.filter(version=version)}
    language = (language or translation.get_language() or "id").split("-")[0]
    return texts.get(language) or texts.get(ConsentText.Language.INDONESIAN) or next(iter(texts.values()), None)


def consent_needs_acceptance(*, user: User) -> bool:
    """A jobseeker whose accepted version is older than the current one (one query; False for everyone else)."""
    if not user.is_authenticated or not user.is_jobseeker:
        return False
    current = _published().order_by("-version").values("version")[:1]
    row = (
        JobseekerProfile.objects.filter(user_id=user.pk)
        .annotate(current=Subquery(current))
        .values_list("consent_version", "current")
        .first()
    )
    if row is None:
        return False
    accepted, current_version = row
    # Sign-ups before versions existed agreed to what version 1 now holds.
    return current_version is not None and (accepted or 1) < current_version


def consent_record(*, profile: JobseekerProfile, version: int | None) -> None:
    """Store on the profile (and in the history) that the person accepted `version` now.

    Called inside the sign-up's or the acceptance's transaction; the unique constraint makes a
    second acceptance of the same version (a double click) a no-op for the history.
    """
    now = timezone.now()
    profile.consent_at = now
    profile.consent_version = version
    profile.save(update_fields=["consent_at", "consent_version", "updated_at"])
    if version is not None:
        try:
            with transaction.atomic():
                ConsentAcceptance.objects.create(jobseeker=profile, version=version, accepted_at=now)
        except IntegrityError:
            pass


@transaction.atomic
def consent_accept(*, profile: JobseekerProfile, version: int) -> JobseekerProfile:
    """The jobseeker accepts the version they were shown; it must be the current one."""
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile.pk)
    if version != consent_current_version():
        raise ValidationError(_("The consent text has changed meanwhile; read the new version and accept it."))
    consent_record(profile=profile, version=version)
    return profile


@transaction.atomic
def results_publication_consent_set(*, profile: JobseekerProfile, agree: bool) -> JobseekerProfile:
    """Give or withdraw the consent to be named (masked name, AK/I card number) in published selection results.

    Separate from the consent to data processing and off by default. The transparency page
    reads it on every request (portal.transparency), so a withdrawal takes the person off it
    at once. Giving it again keeps the first date; withdrawing empties it.
    """
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile.pk)
    if agree and profile.results_publication_consent_at is None:
        profile.results_publication_consent_at = timezone.now()
    elif not agree:
        profile.results_publication_consent_at = None
    profile.save(update_fields=["results_publication_consent_at", "updated_at"])
    return profile


# The access log ---------------------------------------------------------------------------------------------


def _clean_ip(ip_address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(ip_address or ""))
    except ValueError:
        return None


def profile_access_log(
    *,
    viewer: User,
    what: str,
    profiles: Iterable[JobseekerProfile],
    viewer_label: str = "",
    document: Document | None = None,
    ip_address: str | None = None,
) -> int:
    """Record that `viewer` saw these people's data (`what`: profile, document or cv); returns the rows written.

    The owner looking at their own data is never logged. A company member's `viewer_label` is
    the company's name (the caller knows it); staff are labelled with their own name.
    """
    if what not in ProfileAccess.What.values:
        raise ValueError(what)
    if not viewer.is_authenticated:
        return 0
    role = ProfileAccess.ViewerRole.STAFF if viewer.is_staff else ProfileAccess.ViewerRole.EMPLOYER
    label = (viewer_label or viewer.get_full_name())[:200]
    address = _clean_ip(ip_address)
    rows = [
        ProfileAccess(
            profile=profile,
            viewer=viewer,
            viewer_role=role,
            viewer_label=label,
            what=what,
            document=document,
            document_kind=document.kind if document is not None else "",
            ip_address=address,
        )
        for profile in {profile.pk: profile for profile in profiles}.values()
        if profile.user_id != viewer.pk
    ]
    ProfileAccess.objects.bulk_create(rows)
    return len(rows)


def profile_accesses(*, profile: JobseekerProfile):
    """Who has seen this person's data, newest first: what the privacy page and API list."""
    return ProfileAccess.objects.filter(profile=profile).order_by("-accessed_at", "-pk")


def access_viewer_display(access: ProfileAccess) -> str:
    """ "Disnaker staff <name>" or the company's name, as the person reads it."""
    if access.viewer_role == ProfileAccess.ViewerRole.STAFF:
        return _("Disnaker staff %(name)s") % {"name": access.viewer_label}
    return access.viewer_label


# Deletion -------------------------------------------------------------------------------------------------


@transaction.atomic
def deletion_request_create(*, profile: JobseekerProfile, password: str) -> DeletionRequest:
    """The person asks for deletion: the account closes now; the data is erased after the retention period.

    The password confirms it is really them. Deactivating the account ends every session at
    once (Django refuses inactive users' sessions) and the API tokens are deleted.
    """
    from rest_framework.authtoken.models import Token

    user = User.objects.select_for_update().get(pk=profile.user_id)
    if not user.check_password(password or ""):
        raise ValidationError({"password": _("The password is not correct.")})
    existing = DeletionRequest.objects.filter(jobseeker=profile).first()
    if existing is not None:
        return existing
    now = timezone.now()
    request = DeletionRequest.objects.create(
        jobseeker=profile,
        requested_at=now,
        erase_after=now + datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS),
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    return request


@transaction.atomic
def deletion_request_cancel(*, request_id: int) -> None:
    """Staff undo a request the person took back before the erasure: the account opens again.

    Raises ValidationError once the data is erased: nothing is left to give back.
    """
    request = DeletionRequest.objects.select_for_update().select_related("jobseeker").get(pk=request_id)
    if request.erased_at is not None:
        raise ValidationError(_("The personal data is already erased; the account cannot be reopened."))
    User.objects.filter(pk=request.jobseeker.user_id).update(is_active=True)
    request.delete()


def deletion_requests_due(*, now: datetime.datetime | None = None):
    """The requests whose retention period is over and that are not erased yet."""
    return DeletionRequest.objects.filter(erased_at__isnull=True, erase_after__lte=now or timezone.now())


def erased_name(profile_id: int) -> str:
    return f"Dihapus #{profile_id}"


def erased_nik(profile_id: int) -> str:
    """16 digits, as the column requires, starting 00: no region has that code, so no real NIK collides."""
    return f"{profile_id:016d}"


def _year_start(value: datetime.date | None) -> datetime.date | None:
    return value.replace(month=1, day=1) if value else None


def jobseeker_personal_data_erase(*, profile: JobseekerProfile) -> list[str]:
    """Erase the jobseekers app's personal data of one person; returns the storage names of files to delete.

    Run inside the caller's transaction (portal.privacy), after the other apps' parts. What stays
    is what the statutory reports and quotas count, none of it identifying on its own: sex, birth
    year (for the age group), education level, KTP kelurahan (kecamatan, local or not), the
    disability and poor-household flags, the card's dates and statuses, consent dates.
    Everything is overwritten with fixed values, so running it again changes nothing.
    """
    profile.full_name = erased_name(profile.pk)
    profile.nik = erased_nik(profile.pk)
    profile.birth_place = ""
    profile.birth_date = _year_start(profile.birth_date)
    profile.marital_status = ""
    profile.religion = ""
    profile.ktp_address = ""
    profile.resident_since = _year_start(profile.resident_since)
    profile.phone = ""
    profile.disability_note = ""
    profile.expected_wage = None
    profile.about = ""
    profile.save()
    EducationEntry.objects.filter(jobseeker=profile).update(institution="", major="", graduation_year=None, score=None)
    ExperienceEntry.objects.filter(jobseeker=profile).delete()
    documents = Document.objects.filter(jobseeker=profile)
    names = [name for name in documents.values_list("file", flat=True) if name]
    documents.delete()
    profile.aki_cards.update(rejection_reason="")
    AkiCardEvent.objects.filter(card__jobseeker=profile).update(note="")
    user = User.objects.get(pk=profile.user_id)
    user.email = f"dihapus-{user.pk}@dihapus.invalid"
    user.full_name = erased_name(profile.pk)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    return names
