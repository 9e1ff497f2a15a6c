"""Every write with business meaning on jobseekers and their AK/I cards."""

from __future__ import annotations

import contextlib
import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import TransitionError, transition
from jobseekers.models import AkiCard, JobseekerProfile

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
    """Ask Disnaker for an AK/I card; the KTP, last diploma and photo must be uploaded first."""
    JobseekerProfile.objects.select_for_update().get(pk=jobseeker.pk)
    if AkiCard.objects.filter(jobseeker=jobseeker).open().exists():
        raise ValidationError(_("You already have an AK/I card that is requested or active."))
    kinds = set(jobseeker.documents.values_list("kind", flat=True))
    missing = [
        label
        for kind, label in (("ktp", _("KTP")), ("diploma", _("last diploma")), ("photo", _("photo")))
        if kind not in kinds
    ]
    if missing:
        raise ValidationError(_("Upload these documents first: %(documents)s.") % {"documents": ", ".join(missing)})
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
    return card


@transaction.atomic
def aki_card_reject(*, card_id: int, by: User, reason: str) -> AkiCard:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the jobseeker will see it.")})
    card = AkiCard.objects.select_for_update().get(pk=card_id)
    card.rejection_reason = reason
    card.verified_by = by
    transition(card, AkiCard.Status.REJECTED, actor=by, note=reason, update_fields=("rejection_reason", "verified_by"))
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
