"""Every write with business meaning on jobseekers and their AK/I cards."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notice_send
from jobseekers.models import AkiCard, Document, DocumentAccess, EducationEntry, ExperienceEntry, JobseekerProfile
from jobseekers.permissions import can_view_document
from jobseekers.selectors import profile_completeness

__all__ = ["TransitionError"]

KOTA_BONTANG_PREFIX = "6474"


@transaction.atomic
def jobseeker_register(*, email: str, password: str, consent: bool, skills=(), **profile_fields) -> JobseekerProfile:
    """Create a jobseeker account and profile; explicit consent is required (UU 27/2022)."""
    if not consent:
        raise ValidationError({"consent": _("You must agree to the processing of your personal data to register.")})
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    profile = JobseekerProfile(**profile_fields)
    profile.nik = digits_only(profile.nik)
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        profile.phone = normalize_phone(profile.phone)
    profile.consent_at = timezone.now()
    profile.full_clean(exclude=["user"])
    try:
        # The checks above give the friendly messages; the unique constraints settle a race
        # between two sign-ups with the same email or NIK.
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=profile.full_name, role=User.Role.JOBSEEKER
            )
            profile.user = user
            profile.save()
    except IntegrityError:
        raise ValidationError(_("This email address or NIK has just been registered. Log in instead.")) from None
    profile.skills.set(skills)
    return profile


@transaction.atomic
def aki_card_request(*, jobseeker: JobseekerProfile, by: User) -> AkiCard:
    """Ask Disnaker for an AK/I card once the profile is complete (KTP, last diploma and photo included)."""
    JobseekerProfile.objects.select_for_update().get(pk=jobseeker.pk)
    if AkiCard.objects.filter(jobseeker=jobseeker).open().exists():
        raise ValidationError(_("You already have an AK/I card that is requested or active."), code="card_open")
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


def _next_card_number(issued: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('jobseekers_aki_card_number_seq')")
        (sequence,) = cursor.fetchone()
    return f"{KOTA_BONTANG_PREFIX}-{issued:%Y}-{sequence:07d}"


@transaction.atomic
def aki_card_issue(*, card_id: int, by: User, note: str = "") -> AkiCard:
    """A Pengantar Kerja verified the documents: number the card and start its validity."""
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    if not card.can_become(AkiCard.Status.ACTIVE):
        raise TransitionError(card, AkiCard.Status.ACTIVE)
    now = timezone.now()
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
    """The holder's 6-monthly report ("lapor") that they are still looking for work."""
    card = AkiCard.objects.select_for_update().get(pk=card_id)
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
PROFILE_PREFERENCE_FIELDS = ("preferred_occupations", "expected_wage", "about")
EDUCATION_FIELDS = ("level", "institution", "major", "graduation_year", "score")
EXPERIENCE_FIELDS = ("employer_name", "position", "occupation", "start_date", "end_date", "description")
DOCUMENT_UPLOAD_KINDS = ("pdf", "jpg", "jpeg", "png")
# The first bytes of each accepted type: a renamed .exe is not a PDF.
_DOCUMENT_SIGNATURES = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG",)}


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
    """Preferred occupations (KBJI), expected wage and a few words about oneself; all optional."""
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
def document_upload(*, jobseeker: JobseekerProfile, kind: str, file, description: str = "") -> Document:
    """Store a KTP, diploma, photo or other document: PDF, JPG or PNG, at most DOCUMENT_UPLOAD_MAX_MB."""
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if extension not in DOCUMENT_UPLOAD_KINDS:
        raise ValidationError({"file": _("Upload a PDF, JPG or PNG file.")})
    if file.size > document_max_bytes():
        raise ValidationError(
            {"file": _("The file is too large: at most %(size)d MB.") % {"size": settings.DOCUMENT_UPLOAD_MAX_MB}}
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(_DOCUMENT_SIGNATURES[extension]):
        raise ValidationError({"file": _("This file is not really a PDF, JPG or PNG; it may be damaged.")})
    JobseekerProfile.objects.select_for_update().get(pk=jobseeker.pk)
    document = Document(jobseeker=jobseeker, kind=kind, file=file, description=description)
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
