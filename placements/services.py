"""The single recruitment channel: applications, referrals (AK/V), placements (hire reports)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError, transition
from employers.models import Company, Vacancy
from jobseekers.models import AkiCard, JobseekerProfile
from jobseekers.services import aki_card_mark_placed
from placements.models import Application, Placement, Referral

__all__ = ["TransitionError"]


@transaction.atomic
def application_submit(*, jobseeker: JobseekerProfile, vacancy_id: int, motivation: str = "") -> Application:
    """Apply to a published vacancy; only holders of an active AK/I card may apply."""
    vacancy = Vacancy.objects.published().filter(pk=vacancy_id).first()
    if vacancy is None:
        raise ValidationError(_("This vacancy is not open for applications."))
    if not jobseeker.aki_cards.active().exists():
        raise ValidationError(_("You need an active AK/I card to apply. Request one from your profile."))
    try:
        with transaction.atomic():  # the unique constraint decides, so two clicks at once cannot both apply
            application = Application.objects.create(jobseeker=jobseeker, vacancy=vacancy, motivation=motivation)
    except IntegrityError:
        raise ValidationError(_("You have already applied to this vacancy.")) from None
    application.events.create(actor=jobseeker.user, from_status="", to_status=application.status)
    return application


@transaction.atomic
def application_withdraw(*, application_id: int, by: User, note: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application_id)
    transition(application, Application.Status.WITHDRAWN, actor=by, note=note)
    return application


@transaction.atomic
def application_decline(*, application_id: int, by: User, reason: str) -> Application:
    """Disnaker screened the application and does not refer it; the reason is shown to the jobseeker."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the jobseeker will see it.")})
    application = Application.objects.select_for_update().get(pk=application_id)
    transition(application, Application.Status.NOT_REFERRED, actor=by, note=reason)
    return application


def _next_referral_letter_number(today: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('placements_referral_letter_seq')")
        (sequence,) = cursor.fetchone()
    return f"AK.V/{sequence:06d}/DISNAKER-BTG/{today:%m}/{today:%Y}"


@transaction.atomic
def referral_create(*, application_id: int, by: User, reasons: dict | None = None, note: str = "") -> Referral:
    """Refer an applicant to the employer's selection and number the AK/V letter."""
    application = Application.objects.select_for_update().get(pk=application_id)
    transition(application, Application.Status.REFERRED, actor=by, note=note)
    referral = Referral.objects.create(
        application=application,
        letter_number=_next_referral_letter_number(timezone.localdate()),
        referred_by=by,
        reasons=reasons or {},
    )
    referral.events.create(actor=by, from_status="", to_status=referral.status, note=note)
    return referral


@transaction.atomic
def referral_record_result(*, referral_id: int, by: User, result: str, notes: str = "") -> Referral:
    """The employer records a selection step or its outcome; the application follows the outcome."""
    referral = Referral.objects.select_for_update().select_related("application").get(pk=referral_id)
    if notes:
        referral.selection_notes = "\n".join(filter(None, [referral.selection_notes, notes]))
    transition(referral, result, actor=by, note=notes, update_fields=("selection_notes",))
    application_status = {
        Referral.Status.ACCEPTED: Application.Status.HIRED,
        Referral.Status.NOT_ACCEPTED: Application.Status.NOT_HIRED,
        Referral.Status.NO_SHOW: Application.Status.NOT_HIRED,
    }.get(result)
    if application_status:
        application = Application.objects.select_for_update().get(pk=referral.application_id)
        transition(application, application_status, actor=by, note=notes)
    return referral


def placement_type_for(company: Company) -> str:
    """AKL when the workplace is in Bontang, AKAD otherwise (AKAN is chosen explicitly)."""
    return Placement.PlacementType.AKL if company.kelurahan_id else Placement.PlacementType.AKAD


@transaction.atomic
def placement_report(
    *,
    jobseeker: JobseekerProfile,
    company: Company,
    by: User,
    start_date: datetime.date,
    position: str,
    occupation,
    vacancy: Vacancy | None = None,
    referral: Referral | None = None,
    employment_type: str = "",
    placement_type: str | None = None,
) -> Placement:
    """Report a hire (by the employer, the jobseeker or staff); Disnaker reviews it.

    Local status is the jobseeker's KTP domicile at the time of the report, kept for the quota.
    """
    if vacancy is not None and vacancy.company_id != company.pk:
        raise ValidationError({"vacancy": _("This vacancy belongs to another company.")})
    if referral is not None and referral.application.jobseeker_id != jobseeker.pk:
        raise ValidationError({"referral": _("This referral is for another jobseeker.")})
    if Placement.objects.filter(jobseeker=jobseeker, company=company, start_date=start_date).exists():
        raise ValidationError(_("This hire has already been reported."))
    role = {
        User.Role.EMPLOYER: Placement.ReportedByRole.EMPLOYER,
        User.Role.JOBSEEKER: Placement.ReportedByRole.JOBSEEKER,
    }.get(by.role, Placement.ReportedByRole.STAFF)
    placement = Placement.objects.create(
        jobseeker=jobseeker,
        company=company,
        vacancy=vacancy,
        referral=referral,
        position=position,
        occupation=occupation,
        employment_type=employment_type or (vacancy.employment_type if vacancy else ""),
        start_date=start_date,
        placement_type=placement_type or placement_type_for(company),
        is_local=jobseeker.is_local,
        reported_by=by,
        reported_by_role=role,
    )
    placement.events.create(actor=by, from_status="", to_status=placement.status)
    return placement


@transaction.atomic
def placement_verify(*, placement_id: int, by: User, note: str = "") -> Placement:
    """Disnaker confirms the hire; the jobseeker's active AK/I card becomes "placed"."""
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    placement.review_note = note
    transition(placement, Placement.Status.VERIFIED, actor=by, note=note, update_fields=("review_note",))
    card_id = AkiCard.objects.filter(jobseeker_id=placement.jobseeker_id).active().values_list("pk", flat=True).first()
    if card_id is not None:
        aki_card_mark_placed(card_id=card_id, by=by, placed_on=placement.start_date, note=_("Placement verified"))
    return placement


@transaction.atomic
def placement_reject(*, placement_id: int, by: User, reason: str) -> Placement:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the reporter will see it.")})
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    placement.review_note = reason
    transition(placement, Placement.Status.REJECTED, actor=by, note=reason, update_fields=("review_note",))
    return placement
