"""Every write with business meaning on jobseekers and their AK/I cards."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import email_verification_request, user_email_verified
from bontang_aker.core.masking import mask_nik
from bontang_aker.core.validators import digits_only, normalize_phone, validate_nik, validate_nik_matches
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.models import Notice
from bontang_aker.notices.services import notice_send
from jobseekers import selectors
from jobseekers.card_statistics import aki_card_holders_snapshot
from jobseekers.document_files import document_file_clean
from jobseekers.models import (
    AkiCard,
    ConsentMethod,
    Document,
    DocumentAccess,
    EducationEntry,
    ExperienceEntry,
    JobseekerProfile,
    NikConflict,
    ProfileAccess,
)
from jobseekers.permissions import can_view_document, document_granted_label
from jobseekers.privacy import consent_current_version, consent_record, profile_access_log
from jobseekers.selectors import profile_completeness

__all__ = ["TransitionError"]

KOTA_BONTANG_PREFIX = "6474"
# The first key of the advisory locks that serialise the claims on one NIK (pg_advisory_xact_lock).
NIK_LOCK_NAMESPACE = 6474


def _profile_validate(profile: JobseekerProfile) -> None:
    """Every check of the profile except whether its NIK is verified for someone else.

    That one stays out of the answer to a sign-up: a NIK already claimed or verified gets the same
    response as a fresh one (issue 8); the registration is recorded as a conflict instead.
    """
    profile.full_clean(exclude=["user"], validate_constraints=False)
    profile.validate_constraints(exclude=["user", "nik"])


def _nik_lock(nik: str) -> None:
    """Serialise every claim on one NIK until the transaction ends: two sign-ups at once see each other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [NIK_LOCK_NAMESPACE, nik])


def _nik_claim(profile: JobseekerProfile, *, by: User | None) -> NikConflict | None:
    """Record `profile`'s claim on its NIK: a conflict when another live registration claims it too.

    The caller holds `_nik_lock(profile.nik)`. Returns the open conflict, or None when the NIK is free.
    """
    others = list(JobseekerProfile.objects.filter(nik=profile.nik, nik_revoked_at__isnull=True).exclude(pk=profile.pk))
    if not others:
        return None
    conflict = NikConflict.objects.filter(nik=profile.nik, status=NikConflict.Status.OPEN).first()
    if conflict is None:
        conflict = NikConflict.objects.create(nik=profile.nik)
        conflict.events.create(actor=by, from_status="", to_status=conflict.status)
    known = set(conflict.claimants.values_list("pk", flat=True))
    for claimant in [*others, profile]:
        if claimant.pk not in known:
            conflict.claimants.add(claimant)
            conflict.events.create(
                actor=by,
                from_status=conflict.status,
                to_status=conflict.status,
                profile=claimant,
                note=_("Claimant added: %(name)s, registered %(date)s.")
                % {
                    "name": claimant.full_name,
                    "date": timezone.localtime(claimant.created_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
    return conflict


def _prepare_profile(profile_fields: dict) -> JobseekerProfile:
    profile = JobseekerProfile(**profile_fields)
    profile.nik = digits_only(profile.nik)
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        profile.phone = normalize_phone(profile.phone)
    return profile


@transaction.atomic
def jobseeker_register(*, email: str, password: str, consent: bool, skills=(), **profile_fields) -> JobseekerProfile:
    """Create a jobseeker account and profile; explicit consent is required (UU 27/2022).

    The NIK is only claimed: it becomes the person's when Disnaker checks the KTP at card issue.
    A NIK someone else already claimed (or verified) gives the very same result, so the sign-up
    tells nobody whether a NIK is registered; the registration is recorded as a NikConflict for staff.
    """
    if not consent:
        raise ValidationError({"consent": _("You must agree to the processing of your personal data to register.")})
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    profile = _prepare_profile(profile_fields)
    profile.consent_at = timezone.now()
    profile.consent_method = ConsentMethod.ONLINE
    _profile_validate(profile)
    _nik_lock(profile.nik)
    try:
        # The check above gives the friendly message; the unique constraint settles a race
        # between two sign-ups with the same email.
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=profile.full_name, role=User.Role.JOBSEEKER
            )
            profile.user = user
            profile.save()
    except IntegrityError:
        raise ValidationError(_("This email address has just been registered. Log in instead.")) from None
    profile.skills.set(skills)
    consent_record(profile=profile, version=consent_current_version())  # the version the sign-up page showed
    _nik_claim(profile, by=None)
    email_verification_request(user=user)
    return profile


@transaction.atomic
def aki_card_request(*, jobseeker: JobseekerProfile, by: User) -> AkiCard:
    """Ask Disnaker for an AK/I card once the profile is complete (KTP, last diploma and photo included)."""
    JobseekerProfile.objects.select_for_update().get(pk=jobseeker.pk)
    if AkiCard.objects.filter(jobseeker=jobseeker).open().exists():
        raise ValidationError(_("You already have an AK/I card that is requested or active."), code="card_open")
    # Counter registrations have no address to verify: staff saw the KTP (issue 8).
    if not (jobseeker.registered_at_counter or user_email_verified(jobseeker.user)):
        raise ValidationError(
            _("Verify your email address before requesting the card: open the link we sent to %(email)s.")
            % {"email": jobseeker.user.email},
            code="email_unverified",
        )
    _percent, missing = profile_completeness(jobseeker)
    if missing:
        raise ValidationError(
            _("Complete your profile before requesting the card. Still missing: %(missing)s.")
            % {"missing": ", ".join(missing)},
            code="profile_incomplete",
        )
    card = AkiCard.objects.create(jobseeker=jobseeker, status=AkiCard.Status.REQUESTED)
    card.events.create(actor=by, from_status="", to_status=card.status)
    return card


def nik_conflict_open_for(profile: JobseekerProfile) -> NikConflict | None:
    """The open conflict on the profile's NIK that the profile is a claimant of, if any."""
    return NikConflict.objects.filter(status=NikConflict.Status.OPEN, nik=profile.nik, claimants=profile).first()


def _nik_verify_at_issue(profile_id: int, *, now: datetime.datetime) -> None:
    """Staff checked the KTP to issue the card: the NIK becomes the holder's, unless it is in conflict."""
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile_id)
    if profile.nik_verified_at is not None:
        return
    _nik_lock(profile.nik)
    conflict = nik_conflict_open_for(profile)
    if conflict is not None:
        raise ValidationError(
            _(
                "Another registration claims this NIK (NIK conflict %(conflict)s). Resolve the conflict "
                "under “NIK conflicts” first, with the KTP at hand."
            )
            % {"conflict": conflict},
            code="nik_conflict",
        )
    profile.nik_verified_at = now
    try:
        with transaction.atomic():
            profile.save(update_fields=["nik_verified_at", "updated_at"])
    except IntegrityError:
        raise ValidationError(
            _(
                "This NIK is already verified for another jobseeker. Check the KTP: if this registration "
                "has a mistyped NIK, correct it first."
            ),
            code="nik_verified_elsewhere",
        ) from None


def _next_card_number(issued: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('jobseekers_aki_card_number_seq')")
        (sequence,) = cursor.fetchone()
    return f"{KOTA_BONTANG_PREFIX}-{issued:%Y}-{sequence:07d}"


@transaction.atomic
def aki_card_issue(*, card_id: int, by: User, note: str = "") -> AkiCard:
    """A Pengantar Kerja verified the documents: number the card and start its validity."""
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    # Only a request is issued; a lapsed card becomes active again through a report instead.
    if card.status != AkiCard.Status.REQUESTED or not card.can_become(AkiCard.Status.ACTIVE):
        raise TransitionError(card, AkiCard.Status.ACTIVE)
    now = timezone.now()
    _nik_verify_at_issue(card.jobseeker_id, now=now)
    today = timezone.localdate(now)
    card.number = _next_card_number(today)
    card.issued_at = now
    card.last_reported_at = now
    card.expires_on = today + relativedelta(months=settings.AKI_CARD_VALIDITY_MONTHS)
    card.verified_by = by
    transition(
        card,
        AkiCard.Status.ACTIVE,
        actor=by,
        note=note,
        update_fields=("number", "issued_at", "last_reported_at", "expires_on", "verified_by"),
    )
    aki_card_holders_snapshot(card_ids=[card.pk])
    notice_send(
        user=card.jobseeker.user,
        key=f"akicard:{card.pk}:issued",
        template="jobseekers/notices/card_issued",
        context={"card": card, "report_months": settings.AKI_CARD_REPORT_INTERVAL_MONTHS},
        url=reverse("jobseekers:card"),
    )
    return card


@transaction.atomic
def aki_card_reject(*, card_id: int, by: User, reason: str) -> AkiCard:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the jobseeker will see it.")})
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    card.rejection_reason = reason
    card.verified_by = by
    transition(card, AkiCard.Status.REJECTED, actor=by, note=reason, update_fields=("rejection_reason", "verified_by"))
    notice_send(
        user=card.jobseeker.user,
        key=f"akicard:{card.pk}:rejected",
        template="jobseekers/notices/card_rejected",
        context={"card": card, "reason": reason},
        url=reverse("jobseekers:card"),
    )
    return card


@transaction.atomic
def aki_card_report(*, card_id: int, by: User) -> AkiCard:
    """The holder's 6-monthly report ("lapor") that they are still looking for work.

    On an active card it restarts the report interval. A card that lapsed for a missed report
    becomes active again (lapsed → active, with its event row) while it is within its validity
    and no newer card is open; past its validity, a ValidationError (code `card_expired`, or
    `card_superseded`) says to request a new card.
    """
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    if card.status == AkiCard.Status.LAPSED:
        # The jobseeker's row serializes this with aki_card_request: one open card per jobseeker.
        JobseekerProfile.objects.select_for_update().get(pk=card.jobseeker_id)
        if card.expires_on is None or card.expires_on < timezone.localdate():
            raise ValidationError(
                _(
                    "This card's validity has ended, so a report cannot make it active again. "
                    "Request a new AK/I card: it is free."
                ),
                code="card_expired",
            )
        if not selectors.card_can_reactivate(card):
            raise ValidationError(_("You already have a newer AK/I card; report on that one."), code="card_superseded")
        card.last_reported_at = timezone.now()
        transition(
            card,
            AkiCard.Status.ACTIVE,
            actor=by,
            note=_("Report (lapor): the card is active again"),
            update_fields=("last_reported_at",),
        )
        return card
    if card.status != AkiCard.Status.ACTIVE:
        raise TransitionError(card, AkiCard.Status.ACTIVE)
    card.last_reported_at = timezone.now()
    card.save(update_fields=["last_reported_at", "updated_at"])
    card.events.create(actor=by, from_status=card.status, to_status=card.status, note=_("Report (lapor)"))
    return card


@transaction.atomic
def aki_card_mark_placed(*, card_id: int, by: User, placed_on: datetime.date, note: str = "") -> AkiCard:
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    card.placed_on = placed_on
    transition(card, AkiCard.Status.PLACED, actor=by, note=note, update_fields=("placed_on",))
    return card


def aki_card_is_overdue(card: AkiCard, *, today: datetime.date) -> bool:
    """Past its validity, or no report within the report interval."""
    if card.expires_on and card.expires_on < today:
        return True
    if card.last_reported_at is None:
        return False
    report_due = timezone.localdate(card.last_reported_at) + relativedelta(
        months=settings.AKI_CARD_REPORT_INTERVAL_MONTHS
    )
    return report_due < today


def aki_cards_lapse_overdue(*, today: datetime.date | None = None) -> int:
    """Lapse every active card that expired or missed its report; returns how many. Safe to re-run."""
    today = today or timezone.localdate()
    report_cutoff = today - relativedelta(months=settings.AKI_CARD_REPORT_INTERVAL_MONTHS)
    candidates = AkiCard.objects.active().filter(expires_on__lt=today) | AkiCard.objects.active().filter(
        last_reported_at__date__lt=report_cutoff
    )
    lapsed = 0
    for card_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            card = AkiCard.objects.select_for_update().get(pk=card_id)
            if card.status != AkiCard.Status.ACTIVE or not aki_card_is_overdue(card, today=today):
                continue  # reported or changed since the query
            transition(card, AkiCard.Status.LAPSED, note=_("Expired or not reported in time"))
            lapsed += 1
    return lapsed


# Reminders to report ("lapor"): this many days before the due date, and on the day itself.
REPORT_REMINDER_DAYS_BEFORE = 7


def aki_card_report_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind each active card's holder to report: once in the week before the due date, once on it.

    The due date is `selectors.card_next_report_date` (the last report plus the report interval,
    or the end of the validity if that comes first; the card lapses the night after it). Each
    reminder is a notice (in the portal and by e-mail) keyed by card, due date and kind, so a
    second run, on the same day or the next, sends nothing twice; a report moves the due date
    and so starts new reminders. A day the task did not run is caught up the next day while the
    due date is still ahead. Returns how many reminders were sent.
    """
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=REPORT_REMINDER_DAYS_BEFORE)
    interval = relativedelta(months=settings.AKI_CARD_REPORT_INTERVAL_MONTHS)
    # Reports whose due date can fall in [today, last_day]; month ends make "+ interval" uneven,
    # so the range is a little wider and the exact due date is checked for each card below.
    reported_from = today - interval - datetime.timedelta(days=4)
    reported_to = last_day - interval + datetime.timedelta(days=1)
    candidates = AkiCard.objects.active().filter(
        Q(last_reported_at__date__range=(reported_from, reported_to)) | Q(expires_on__range=(today, last_day)),
        jobseeker__user__is_active=True,  # a closed account (deletion requested) is not reminded
    )
    sent = 0
    for card in candidates.select_related("jobseeker__user").order_by("pk").iterator(chunk_size=500):
        due = selectors.card_next_report_date(card)
        if due is None or not today <= due <= last_day:
            continue
        kind = "due" if due == today else "before"
        key = f"akicard:{card.pk}:report:{due:%Y%m%d}:{kind}"
        user = card.jobseeker.user
        if Notice.objects.filter(recipient=user, key=key).exists():
            continue  # sent by an earlier run
        notice_send(
            user=user,
            key=key,
            template="jobseekers/notices/card_report_reminder",
            context={
                "card": card,
                "due": due,
                "days_left": (due - today).days,
                # The last report date is the end of the validity: a report no longer extends it.
                "expires": card.expires_on is not None and due >= card.expires_on,
            },
            url=reverse("jobseekers:card"),
        )
        sent += 1
    return sent


@transaction.atomic
def document_open(*, document_id: int, user: User, ip_address: str | None = None) -> Document:
    """The document if `user` may see it, logging the opening when it is not the owner's.

    Raises Document.DoesNotExist for a missing document and for one the user may not see
    alike, so the answer never tells whether it exists.
    """
    document = Document.objects.select_related("jobseeker").filter(pk=document_id).first()
    if document is None or not can_view_document(user, document):
        raise Document.DoesNotExist
    if document.jobseeker.user_id != user.pk:
        try:
            address = str(ipaddress.ip_address(ip_address or ""))
        except ValueError:
            address = None
        DocumentAccess.objects.create(document=document, viewer=user, ip_address=address)
        profile_access_log(
            viewer=user,
            what=ProfileAccess.What.DOCUMENT,
            profiles=[document.jobseeker],
            document=document,
            ip_address=address,
            viewer_label="" if user.is_staff else document_granted_label(user, document),
        )
    return document


# The jobseeker's own profile steps and documents (pages under /pencaker/profil/ and /api/v1/me/) ----------

PROFILE_PERSONAL_FIELDS = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "marital_status",
    "religion",
    "phone",
    "ktp_address",
    "kelurahan",
    "resident_since",
    "outside_city",
    "has_disability",
    "disability_note",
    "is_poor_household",
)
# What Disnaker checks against the KTP: fixed while a card is requested or in force.
PROFILE_IDENTITY_FIELDS = ("full_name", "birth_place", "birth_date", "sex")
PROFILE_PREFERENCE_FIELDS = ("preferred_occupations", "expected_wage", "willing_to_work_outside_bontang", "about")
EDUCATION_FIELDS = ("level", "institution", "major", "graduation_year", "score")
EXPERIENCE_FIELDS = ("employer_name", "position", "occupation", "start_date", "end_date", "description")
DOCUMENT_UPLOAD_KINDS = ("pdf", "jpg", "jpeg", "png")


def _only(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def identity_locked(profile: JobseekerProfile) -> bool:
    """Name, birth and sex were (or are being) checked against the KTP for a card."""
    return profile.aki_cards.open().exists()


@transaction.atomic
def profile_update_personal(*, profile: JobseekerProfile, **fields) -> JobseekerProfile:
    """Change the personal data; the identity on a card in progress or in force stays as Disnaker checked it."""
    _only(fields, PROFILE_PERSONAL_FIELDS)
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile.pk)
    if identity_locked(profile):
        changed = [n for n in PROFILE_IDENTITY_FIELDS if n in fields and fields[n] != getattr(profile, n)]
        if changed:
            message = _("Checked against your KTP for your AK/I card: ask Disnaker to correct it.")
            raise ValidationError({name: message for name in changed})
    for name, value in fields.items():
        setattr(profile, name, value)
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        profile.phone = normalize_phone(profile.phone)
    if not profile.has_disability:
        profile.disability_note = ""  # specific personal data (UU 27/2022): kept only while it applies
    if profile.kelurahan_id is not None:
        profile.outside_city = ""
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def education_entry_check(*, graduation_year: int | None) -> None:
    """A graduation year at most next year: students about to finish may enter it."""
    if graduation_year and graduation_year > timezone.localdate().year + 1:
        raise ValidationError({"graduation_year": _("The year of graduation is too far in the future.")})


@transaction.atomic
def education_entry_save(*, profile: JobseekerProfile, entry_id: int | None = None, **fields) -> EducationEntry:
    """Add an education entry, or change one of the jobseeker's own (another's is DoesNotExist)."""
    _only(fields, EDUCATION_FIELDS)
    if entry_id is None:
        entry = EducationEntry(jobseeker=profile)
    else:
        entry = EducationEntry.objects.select_for_update().get(pk=entry_id, jobseeker=profile)
    for name, value in fields.items():
        setattr(entry, name, value)
    education_entry_check(graduation_year=entry.graduation_year)
    entry.full_clean(exclude=["jobseeker"])
    entry.save()
    return entry


@transaction.atomic
def education_entry_delete(*, profile: JobseekerProfile, entry_id: int) -> None:
    EducationEntry.objects.select_for_update().get(pk=entry_id, jobseeker=profile).delete()


def experience_dates_check(*, start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    """Work experience has started already and does not end before it began."""
    errors = {}
    if start_date and start_date > timezone.localdate():
        errors["start_date"] = _("The start date cannot be in the future.")
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def experience_entry_save(*, profile: JobseekerProfile, entry_id: int | None = None, **fields) -> ExperienceEntry:
    """Add a work experience entry, or change one of the jobseeker's own (another's is DoesNotExist)."""
    _only(fields, EXPERIENCE_FIELDS)
    if entry_id is None:
        entry = ExperienceEntry(jobseeker=profile)
    else:
        entry = ExperienceEntry.objects.select_for_update().get(pk=entry_id, jobseeker=profile)
    for name, value in fields.items():
        setattr(entry, name, value)
    experience_dates_check(start_date=entry.start_date, end_date=entry.end_date)
    entry.full_clean(exclude=["jobseeker"])
    entry.save()
    return entry


@transaction.atomic
def experience_entry_delete(*, profile: JobseekerProfile, entry_id: int) -> None:
    ExperienceEntry.objects.select_for_update().get(pk=entry_id, jobseeker=profile).delete()


@transaction.atomic
def profile_set_skills(*, profile: JobseekerProfile, skills) -> JobseekerProfile:
    """Replace the jobseeker's skills; only active skills of the vocabulary count."""
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile.pk)
    skills = list(skills)
    if any(not skill.is_active for skill in skills):
        raise ValidationError({"skills": _("One of these skills is no longer in use; choose another.")})
    profile.skills.set(skills)
    return profile


@transaction.atomic
def profile_update_preferences(*, profile: JobseekerProfile, **fields) -> JobseekerProfile:
    """Preferred occupations (KBJI), expected wage, work outside Bontang, a few words about oneself; all optional."""
    _only(fields, PROFILE_PREFERENCE_FIELDS)
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile.pk)
    occupations = fields.pop("preferred_occupations", None)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=[f.name for f in JobseekerProfile._meta.concrete_fields if f.name not in fields])
    profile.save()
    if occupations is not None:
        if any(not occupation.is_active for occupation in occupations):
            raise ValidationError({"preferred_occupations": _("One of these occupations is no longer in use.")})
        profile.preferred_occupations.set(occupations)
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: JobseekerProfile,
    personal: dict | None = None,
    education: list[dict] | None = None,
    experience: list[dict] | None = None,
    skills=None,
    preferences: dict | None = None,
) -> JobseekerProfile:
    """Several steps at once, all or nothing (the API's PATCH).

    A list of entries replaces the jobseeker's list: items with an `id` change that entry,
    items without one are added, and entries not in the list are deleted.
    """
    if personal:
        profile = profile_update_personal(profile=profile, **personal)
    for items, model, save, label in (
        (education, EducationEntry, education_entry_save, "education"),
        (experience, ExperienceEntry, experience_entry_save, "experience"),
    ):
        if items is None:
            continue
        own = set(model.objects.filter(jobseeker=profile).values_list("pk", flat=True))
        kept = {item["id"] for item in items if item.get("id") is not None}
        if kept - own:
            raise ValidationError({label: _("An entry in this list is not one of yours.")})
        model.objects.filter(jobseeker=profile).exclude(pk__in=kept).delete()
        for item in items:
            fields = {key: value for key, value in item.items() if key != "id"}
            save(profile=profile, entry_id=item.get("id"), **fields)
    if skills is not None:
        profile_set_skills(profile=profile, skills=skills)
    if preferences:
        profile = profile_update_preferences(profile=profile, **preferences)
    return profile


def document_max_bytes() -> int:
    return settings.DOCUMENT_UPLOAD_MAX_MB * 1024 * 1024


@transaction.atomic
def document_upload(
    *,
    jobseeker: JobseekerProfile,
    kind: str,
    file,
    description: str = "",
    certificate_name: str = "",
    certificate_issuer: str = "",
    certificate_number: str = "",
    certificate_valid_until: datetime.date | None = None,
) -> Document:
    """Store a KTP, diploma, photo, CV, certificate or other paper: PDF, JPG or PNG, at most DOCUMENT_UPLOAD_MAX_MB.

    The type is read from the content (jobseekers.document_files); images are stored re-encoded,
    without EXIF or anything appended. A certificate needs its name, issuer and number; the
    certificate details of any other kind are dropped. Every problem is reported at once, per field.
    """
    errors: dict[str, list[str]] = {}
    if kind not in Document.Kind.values:
        errors["kind"] = [_("Choose what kind of document this is.")]
    certificate = {
        "certificate_name": (certificate_name or "").strip(),
        "certificate_issuer": (certificate_issuer or "").strip(),
        "certificate_number": (certificate_number or "").strip(),
        "certificate_valid_until": certificate_valid_until,
    }
    if kind == Document.Kind.CERTIFICATE:
        required = {
            "certificate_name": _("Give the name of the certificate."),
            "certificate_issuer": _("Give who issued the certificate."),
            "certificate_number": _("Give the certificate number."),
        }
        errors.update({name: [message] for name, message in required.items() if not certificate[name]})
    else:
        certificate = dict.fromkeys(("certificate_name", "certificate_issuer", "certificate_number"), "")
        certificate["certificate_valid_until"] = None
    stored = None
    if file is None:
        errors["file"] = [_("Choose a file to upload.")]
    else:
        try:
            stored = document_file_clean(file=file)
        except ValidationError as error:
            errors["file"] = error.message_dict["file"]
    if errors:
        raise ValidationError(errors)
    JobseekerProfile.objects.select_for_update().get(pk=jobseeker.pk)
    document = Document(jobseeker=jobseeker, kind=kind, file=stored, description=description, **certificate)
    document.full_clean(exclude=["jobseeker", "file"])
    document.save()
    return document


def document_can_delete(document: Document) -> bool:
    """Not while Disnaker is checking the documents for a card request."""
    return not document.jobseeker.aki_cards.filter(status=AkiCard.Status.REQUESTED).exists()


@transaction.atomic
def document_delete(*, jobseeker: JobseekerProfile, document_id: int) -> None:
    """Delete one of the jobseeker's own documents (another's is DoesNotExist) and its file."""
    document = Document.objects.select_for_update().select_related("jobseeker").get(pk=document_id, jobseeker=jobseeker)
    if not document_can_delete(document):
        raise ValidationError(_("Disnaker is checking your documents for your AK/I card; you can delete them later."))
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)


# NIK conflicts (issue 8): staff resolve them after seeing the KTP --------------------------------------------


def _conflict_for_update(conflict_id: int) -> NikConflict:
    conflict = NikConflict.objects.select_for_update().get(pk=conflict_id)
    if conflict.status != NikConflict.Status.OPEN:
        raise TransitionError(conflict, NikConflict.Status.RESOLVED)
    _nik_lock(conflict.nik)
    return conflict


def _live_claimant(conflict: NikConflict, profile_id: int) -> JobseekerProfile:
    profile = conflict.live_claimants().select_for_update().select_related("user").filter(pk=profile_id).first()
    if profile is None:
        raise ValidationError({"profile": _("Choose one of the registrations that still claim this NIK.")})
    return profile


def _claim_withdraw(conflict: NikConflict, profile: JobseekerProfile, *, by: User, reason: str) -> None:
    """Disable the account of a registration that loses the NIK, keeping the record and the reason."""
    now = timezone.now()
    profile.nik_revoked_at = now
    profile.nik_verified_at = None
    profile.save(update_fields=["nik_revoked_at", "nik_verified_at", "updated_at"])
    user = profile.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    conflict.events.create(
        actor=by, from_status=conflict.status, to_status=conflict.status, profile=profile, note=reason
    )


def _conflict_resolve(
    conflict: NikConflict, *, by: User, resolution: str, note: str, owner: JobseekerProfile | None = None
) -> NikConflict:
    conflict.resolution = resolution
    conflict.resolved_at = timezone.now()
    conflict.resolved_by = by
    conflict.owner = owner
    conflict.note = note
    text = NikConflict.Resolution(resolution).label
    transition(
        conflict,
        NikConflict.Status.RESOLVED,
        actor=by,
        note=f"{text}. {note}".strip(),
        update_fields=("resolution", "resolved_at", "resolved_by", "owner", "note"),
    )
    return conflict


@transaction.atomic
def nik_conflict_release(*, conflict_id: int, owner_id: int, by: User, note: str = "") -> NikConflict:
    """Staff saw the owner's KTP: the NIK is verified for them; every other claimant's account is disabled."""
    conflict = _conflict_for_update(conflict_id)
    owner = _live_claimant(conflict, owner_id)
    others = conflict.live_claimants().select_for_update().select_related("user").exclude(pk=owner.pk)
    reason = _("Account disabled: NIK conflict %(conflict)s, the NIK was released to its verified owner.") % {
        "conflict": conflict
    }
    for other in others:
        _claim_withdraw(conflict, other, by=by, reason=f"{reason} {note}".strip())
    if owner.nik_verified_at is None:
        owner.nik_verified_at = timezone.now()
        owner.save(update_fields=["nik_verified_at", "updated_at"])
    return _conflict_resolve(conflict, by=by, resolution=NikConflict.Resolution.RELEASED, note=note, owner=owner)


@transaction.atomic
def nik_conflict_disable_claimant(*, conflict_id: int, profile_id: int, by: User, note: str = "") -> NikConflict:
    """Disable one registration that is not the NIK's owner (a squatter).

    The conflict is resolved once at most one registration still claims the NIK; the remaining one
    gets the NIK verified at card issue as usual.
    """
    conflict = _conflict_for_update(conflict_id)
    squatter = _live_claimant(conflict, profile_id)
    reason = _("Account disabled: NIK conflict %(conflict)s, this registration does not own the NIK.") % {
        "conflict": conflict
    }
    _claim_withdraw(conflict, squatter, by=by, reason=f"{reason} {note}".strip())
    if conflict.live_claimants().count() <= 1:
        return _conflict_resolve(conflict, by=by, resolution=NikConflict.Resolution.SQUATTER_DISABLED, note=note)
    return conflict


@transaction.atomic
def nik_conflict_correct_typo(
    *, conflict_id: int, profile_id: int, corrected_nik: str, by: User, note: str = ""
) -> NikConflict:
    """Not a conflict: one person mistyped their NIK. Staff asked them and enter the NIK from their KTP.

    The conflict is resolved once at most one registration still claims the NIK; the corrected NIK is
    claimed like any other (another conflict if someone claims it too).
    """
    conflict = _conflict_for_update(conflict_id)
    profile = _live_claimant(conflict, profile_id)
    corrected = digits_only(corrected_nik or "")
    if corrected == conflict.nik:
        raise ValidationError({"corrected_nik": _("Enter the NIK from this person's KTP; it differs from this one.")})
    try:
        validate_nik(corrected)
        validate_nik_matches(corrected, birth_date=profile.birth_date, sex=profile.sex)
    except ValidationError as error:
        raise ValidationError({"corrected_nik": error.messages}) from None
    previous = profile.nik
    profile.nik = corrected
    profile.nik_verified_at = None
    profile.save(update_fields=["nik", "nik_verified_at", "updated_at"])
    conflict.events.create(
        actor=by,
        from_status=conflict.status,
        to_status=conflict.status,
        profile=profile,
        note=(_("NIK corrected from %(old)s to %(new)s.") % {"old": mask_nik(previous), "new": mask_nik(corrected)})
        + (f" {note}" if note else ""),
    )
    _nik_lock(corrected)
    _nik_claim(profile, by=by)
    if conflict.live_claimants().count() <= 1:
        return _conflict_resolve(conflict, by=by, resolution=NikConflict.Resolution.TYPO, note=note)
    return conflict


@transaction.atomic
def nik_claim_after_correction(*, profile_id: int, by: User) -> NikConflict | None:
    """Staff corrected a NIK in the admin: record the claim on the new NIK like a sign-up's."""
    profile = JobseekerProfile.objects.select_for_update().get(pk=profile_id)
    _nik_lock(profile.nik)
    return _nik_claim(profile, by=by)


# Registration at the Disnaker counter and the take-over of such an account (issue 8) ------------------------

COUNTER_EMAIL_DOMAIN = "counter.invalid"  # RFC 2606: never delivered; notices skip it
# No 0/O, 1/I/L: read from paper and typed back by hand.
TAKEOVER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TAKEOVER_CODE_LENGTH = 12


def is_counter_placeholder_email(email: str) -> bool:
    return (email or "").lower().endswith("@" + COUNTER_EMAIL_DOMAIN)


def _takeover_code_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _takeover_code_new(profile: JobseekerProfile) -> str:
    raw = "".join(secrets.choice(TAKEOVER_CODE_ALPHABET) for _i in range(TAKEOVER_CODE_LENGTH))
    profile.takeover_code_hash = make_password(raw)
    profile.takeover_code_expires_at = timezone.now() + datetime.timedelta(days=settings.COUNTER_TAKEOVER_CODE_DAYS)
    return "-".join(raw[i : i + 4] for i in range(0, TAKEOVER_CODE_LENGTH, 4))


@transaction.atomic
def jobseeker_register_at_counter(
    *, by: User, consent_signed: bool, email: str = "", skills=(), **profile_fields
) -> tuple[JobseekerProfile, str]:
    """Staff register a person at the counter after seeing the KTP; returns the profile and its take-over code.

    The paper consent form is signed there (recorded: by whom, when, how). The NIK is verified at
    once. Without an email the account gets an internal address that receives nothing and no
    usable password; the person takes it over later with the one-time code (shown once, stored hashed).
    """
    if not consent_signed:
        raise ValidationError({"consent_signed": _("The person must sign the paper consent form first.")})
    email = User.objects.normalize_email(email or "").lower()
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    profile = _prepare_profile(profile_fields)
    now = timezone.now()
    profile.consent_at = now
    profile.consent_method = ConsentMethod.COUNTER
    profile.consent_recorded_by = by
    profile.registered_at_counter = True
    profile.nik_verified_at = now
    _profile_validate(profile)
    _nik_lock(profile.nik)
    if JobseekerProfile.objects.filter(nik=profile.nik, nik_verified_at__isnull=False).exists():
        raise ValidationError(
            {
                "nik": _(
                    "This NIK is already verified for another jobseeker. Check the KTP; look the NIK up "
                    "among the jobseekers before registering anyone again."
                )
            }
        )
    code = _takeover_code_new(profile)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email or f"counter-{secrets.token_hex(8)}@{COUNTER_EMAIL_DOMAIN}",
                password=None,  # unusable until the person takes the account over
                full_name=profile.full_name,
                role=User.Role.JOBSEEKER,
            )
            profile.user = user
            profile.save()
    except IntegrityError:
        raise ValidationError(_("This email address or NIK has just been registered. Look it up first.")) from None
    profile.skills.set(skills)
    consent_record(profile=profile, version=consent_current_version())  # the paper form prints the current text
    _nik_claim(profile, by=by)
    if email:
        email_verification_request(user=user)
    return profile, code


@transaction.atomic
def takeover_code_renew(*, profile_id: int, by: User) -> str:
    """A new take-over sheet for a counter registration not yet taken over; the old code stops working."""
    profile = JobseekerProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
    if not profile.registered_at_counter or not is_counter_placeholder_email(profile.user.email):
        raise ValidationError(_("This account was not registered at the counter, or it was taken over already."))
    code = _takeover_code_new(profile)
    profile.save(update_fields=["takeover_code_hash", "takeover_code_expires_at", "updated_at"])
    return code


TAKEOVER_REFUSED = gettext_lazy(
    "The NIK and the code do not match an account waiting to be taken over, or the code has expired. "
    "Check both on your sheet, or ask Disnaker for a new sheet."
)


@transaction.atomic
def jobseeker_take_over(*, nik: str, code: str, email: str, password: str) -> JobseekerProfile:
    """The person registered at the counter makes the account theirs: own email and password; the code is used up.

    A wrong, used or expired code (or NIK) gets one neutral message (TAKEOVER_REFUSED).
    """
    code = _takeover_code_normalize(code)
    now = timezone.now()
    candidates = (
        JobseekerProfile.objects.select_for_update()
        .select_related("user")
        .filter(
            nik=digits_only(nik or ""),
            registered_at_counter=True,
            takeover_code_expires_at__gt=now,
            user__is_active=True,
        )
        .exclude(takeover_code_hash="")
    )
    profile = next((p for p in candidates if code and check_password(code, p.takeover_code_hash)), None)
    if profile is None:
        raise ValidationError(TAKEOVER_REFUSED, code="takeover_refused")
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exclude(pk=profile.user_id).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = profile.user
    user.email = email
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "password"])
    except IntegrityError:
        raise ValidationError({"email": _("An account with this email address already exists.")}) from None
    profile.takeover_code_hash = ""
    profile.takeover_code_expires_at = None
    profile.save(update_fields=["takeover_code_hash", "takeover_code_expires_at", "updated_at"])
    email_verification_request(user=user)  # the address is new: the usual link
    return profile
