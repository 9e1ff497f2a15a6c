"""The single recruitment channel: applications, referrals (AK/V), placements (hire reports)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.validators import digits_only
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notice_send, notices_send
from employers.models import Company, Vacancy
from employers.services import vacancy_mark_filled
from jobseekers.models import AkiCard, JobseekerProfile
from jobseekers.services import aki_card_mark_placed
from placements.callups import callup_mark_applied
from placements.hire_reports import jobseeker_hire_report_confirm_with_placement, jobseeker_hire_report_match
from placements.models import Application, OutsideHireReport, Placement, Referral
from placements.permissions import can_resubmit_placement
from placements.selectors import ApplyBlocker, application_blockers, can_withdraw_application

__all__ = ["TransitionError"]


@transaction.atomic
def application_submit(*, jobseeker: JobseekerProfile, vacancy_id: int, motivation: str = "") -> Application:
    """Apply to a published vacancy until its closing date, with an active AK/I card.

    The vacancy's strict requirements (minimum education, age, sex) must be met; each unmet one
    is named. Errors are keyed `vacancy`, `aki_card` or `motivation`, with the blocker's code.
    """
    vacancy = Vacancy.objects.select_related("min_education").filter(pk=vacancy_id).first()
    blockers = (
        application_blockers(jobseeker=jobseeker, vacancy=vacancy)
        if vacancy is not None
        else [ApplyBlocker("not_open", "vacancy", _("This vacancy is not open for applications."))]
    )
    if blockers:
        errors = {}
        for blocker in blockers:
            errors.setdefault(blocker.field, []).append(ValidationError(blocker.message, code=blocker.code))
        raise ValidationError(errors)
    application = Application(jobseeker=jobseeker, vacancy=vacancy, motivation=motivation)
    application.full_clean(exclude=["jobseeker", "vacancy", "status"], validate_unique=False)
    try:
        with transaction.atomic():  # the unique constraint decides, so two clicks at once cannot both apply
            application.save()
    except IntegrityError:
        raise ValidationError(
            {"vacancy": ValidationError(_("You have already applied to this vacancy."), code="applied")}
        ) from None
    application.events.create(actor=jobseeker.user, from_status="", to_status=application.status)
    callup_mark_applied(application=application)  # a call-up (AK/IV) to this vacancy is answered
    return application


@transaction.atomic
def application_withdraw(*, application_id: int, by: User, note: str = "") -> Application:
    """The jobseeker withdraws while Disnaker has not referred them yet."""
    application = Application.objects.select_for_update().get(pk=application_id)
    if not can_withdraw_application(application):
        raise TransitionError(application, Application.Status.WITHDRAWN)
    transition(application, Application.Status.WITHDRAWN, actor=by, note=note)
    return application


@transaction.atomic
def application_decline(*, application_id: int, by: User, reason: str) -> Application:
    """Disnaker screened the application and does not refer it; the reason is shown to the jobseeker."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the jobseeker will see it.")})
    application = Application.objects.select_for_update().get(pk=application_id)
    transition(application, Application.Status.NOT_REFERRED, actor=by, note=reason)
    notice_send(
        user=application.jobseeker.user,
        key=f"application:{application.pk}:not_referred",
        template="placements/notices/application_not_referred",
        context={"application": application, "vacancy": application.vacancy, "reason": reason},
        url=reverse("placements:application_detail", args=[application.pk]),
    )
    return application


def _next_referral_letter_number(today: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('placements_referral_letter_seq')")
        (sequence,) = cursor.fetchone()
    return f"AK.V/{sequence:06d}/DISNAKER-BTG/{today:%m}/{today:%Y}"


@transaction.atomic
def referral_create(*, application_id: int, by: User, reasons: dict | None = None, note: str = "") -> Referral:
    """Refer an applicant to the employer's selection and number the AK/V letter.

    The jobseeker and every member of the company are told; the company's notice links to the
    vacancy's candidates. Refused (ValidationError) when the applicant is referred already or holds
    no active AK/I card: the letter certifies a registered jobseeker.
    """
    application = Application.objects.select_for_update().select_related("jobseeker").get(pk=application_id)
    existing = Referral.objects.filter(application=application).only("letter_number").first()
    if existing is not None:  # one application per person and vacancy, so this is "twice to the same vacancy"
        raise ValidationError(
            _("This applicant is already referred to this vacancy (AK/V letter %(number)s).")
            % {"number": existing.letter_number},
            code="already_referred",
        )
    if not application.can_become(Application.Status.REFERRED):  # declined or withdrawn: the 409 of the API
        raise TransitionError(application, Application.Status.REFERRED)
    if not application.jobseeker.aki_cards.active().exists():
        raise ValidationError(
            _("The applicant's AK/I card is not active: only holders of an active card can be referred."),
            code="aki_card_inactive",
        )
    transition(application, Application.Status.REFERRED, actor=by, note=note)
    referral = Referral.objects.create(
        application=application,
        letter_number=_next_referral_letter_number(timezone.localdate()),
        referred_by=by,
        reasons=reasons or {},
    )
    referral.events.create(actor=by, from_status="", to_status=referral.status, note=note)
    notice_send(
        user=application.jobseeker.user,
        key=f"application:{application.pk}:referred",
        template="placements/notices/application_referred",
        context={"referral": referral, "vacancy": application.vacancy},
        url=reverse("placements:application_detail", args=[application.pk]),
    )
    vacancy = application.vacancy
    notices_send(  # the candidates page promises the company is told
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"referral:{referral.pk}:company",
        template="placements/notices/candidate_referred",
        context={"referral": referral, "vacancy": vacancy},
        url=reverse("employers:vacancy_candidates", args=[vacancy.pk]),
        exclude=by,
    )
    return referral


@transaction.atomic
def referral_record_result(
    *,
    referral_id: int,
    by: User,
    result: str,
    notes: str = "",
    stage: str = "",
    reason: str = "",
    start_date: datetime.date | None = None,
) -> Referral:
    """The employer records a selection step or its outcome.

    In selection, `stage` says invited (the default) or tested/interviewed; recording it again only
    moves the stage on. Accepted takes the `start_date` and moves only the referral: the application
    becomes hired when Disnaker verifies the hire report (`placement_verify`). Not accepted (with a
    `reason` category) and did not attend end the application as not hired at once.
    """
    _referral_result_check(result=result, stage=stage, reason=reason)
    referral = Referral.objects.select_for_update().select_related("application").get(pk=referral_id)
    if notes:
        referral.selection_notes = "\n".join(filter(None, [referral.selection_notes, notes]))
    if result == Referral.Status.IN_SELECTION and referral.status == Referral.Status.IN_SELECTION:
        return _referral_stage_advance(referral, stage=stage or Referral.Stage.INTERVIEWED, by=by, notes=notes)
    if result == Referral.Status.IN_SELECTION:
        referral.stage = stage or Referral.Stage.INVITED
    referral.reason_category = reason if result == Referral.Status.NOT_ACCEPTED else ""
    referral.start_date = start_date if result == Referral.Status.ACCEPTED else None
    transition(
        referral,
        result,
        actor=by,
        note=notes,
        update_fields=("selection_notes", "stage", "reason_category", "start_date"),
    )
    if result in {Referral.Status.NOT_ACCEPTED, Referral.Status.NO_SHOW}:  # the employer's decision ends it
        application = Application.objects.select_for_update().get(pk=referral.application_id)
        transition(application, Application.Status.NOT_HIRED, actor=by, note=notes)
    notice_send(
        user=referral.application.jobseeker.user,
        key=f"referral:{referral.pk}:{result}",
        template="placements/notices/selection_result",
        context={"referral": referral, "vacancy": referral.application.vacancy},  # notes stay internal
        url=reverse("placements:application_detail", args=[referral.application_id]),
    )
    return referral


def placement_type_for(*, company: Company, vacancy: Vacancy | None = None) -> str:
    """AKL when the workplace is in Bontang, AKAD otherwise (AKAN is chosen explicitly).

    The workplace is the vacancy's work location (a Bontang kelurahan, or none when the work is
    elsewhere); only a hire without a vacancy falls back to the company's address.
    """
    in_bontang = vacancy.work_kelurahan_id if vacancy is not None else company.kelurahan_id
    return Placement.PlacementType.AKL if in_bontang else Placement.PlacementType.AKAD


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
    wage: int | None = None,
    outside_portal: bool = False,
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
    try:
        with transaction.atomic():  # the unique constraints decide a race between two reports of one hire
            placement = Placement.objects.create(
                jobseeker=jobseeker,
                company=company,
                vacancy=vacancy,
                referral=referral,
                position=position,
                occupation=occupation,
                employment_type=employment_type or (vacancy.employment_type if vacancy else ""),
                start_date=start_date,
                placement_type=placement_type or placement_type_for(company=company, vacancy=vacancy),
                is_local=jobseeker.is_local,
                reported_by=by,
                reported_by_role=role,
                wage=wage,
                outside_portal=outside_portal,
            )
    except IntegrityError:
        raise ValidationError(_("This hire has already been reported.")) from None
    placement.events.create(actor=by, from_status="", to_status=placement.status)
    jobseeker_hire_report_match(placement=placement)  # the jobseeker's own report of this hire, if any
    return placement


@transaction.atomic
def placement_verify(*, placement_id: int, by: User, note: str = "") -> Placement:
    """Disnaker confirms the hire; the active AK/I card becomes "placed", a referred application "hired"."""
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    placement.review_note = note
    transition(placement, Placement.Status.VERIFIED, actor=by, note=note, update_fields=("review_note",))
    if placement.referral_id is not None:
        # A hire through the referral: the referral and the application end as hired too, unless
        # they already ended otherwise (the review checks show staff that conflict beforehand).
        referral = Referral.objects.select_for_update().get(pk=placement.referral_id)
        if referral.can_become(Referral.Status.ACCEPTED):
            transition(referral, Referral.Status.ACCEPTED, actor=by, note=_("Placement verified"))
        application = Application.objects.select_for_update().get(pk=referral.application_id)
        if application.can_become(Application.Status.HIRED):
            transition(application, Application.Status.HIRED, actor=by, note=_("Placement verified"))
    jobseeker_hire_report_confirm_with_placement(placement=placement, by=by)
    card_id = AkiCard.objects.filter(jobseeker_id=placement.jobseeker_id).active().values_list("pk", flat=True).first()
    if card_id is not None:
        aki_card_mark_placed(card_id=card_id, by=by, placed_on=placement.start_date, note=_("Placement verified"))
    notices_send(
        users=[placement.reported_by, placement.jobseeker.user],
        key=f"placement:{placement.pk}:verified",
        template="placements/notices/placement_verified",
        context={"placement": placement},
        url=reverse("portal:dashboard"),
        exclude=by,
    )
    vacancy_fill_if_complete(vacancy_id=placement.vacancy_id, by=by)
    return placement


@transaction.atomic
def placement_reject(*, placement_id: int, by: User, reason: str) -> Placement:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the reporter will see it.")})
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    placement.review_note = reason
    event = transition(placement, Placement.Status.REJECTED, actor=by, note=reason, update_fields=("review_note",))
    notices_send(  # a report can be corrected and returned again: one notice per return
        users=[placement.reported_by, placement.jobseeker.user],
        key=f"placement:{placement.pk}:rejected:{event.pk}",
        template="placements/notices/placement_rejected",
        context={"placement": placement, "reason": reason},
        url=reverse("portal:dashboard"),
        exclude=by,
    )
    return placement


@transaction.atomic
def placement_resubmit(
    *,
    placement_id: int,
    by: User,
    start_date: datetime.date | None = None,
    contract_type: str | None = None,
    wage: int | None = None,
    note: str = "",
) -> Placement:
    """Send a returned hire report again, corrected: it is back in Disnaker's review queue.

    Only a member of the placement's company or the jobseeker who reported it may. A field left out
    (None) stays as it was; an empty `contract_type` means the vacancy's employment type. Disnaker's
    reason for returning it stays in the event history; `note` says what was corrected.
    """
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("jobseeker", "vacancy").get(pk=placement_id)
    )
    if not can_resubmit_placement(by, placement):
        raise PermissionDenied(_("Only the company or the jobseeker who reported this hire can send it again."))
    if not placement.can_become(Placement.Status.REPORTED):
        raise TransitionError(placement, Placement.Status.REPORTED)
    if contract_type and contract_type not in Vacancy.EmploymentType.values:
        raise ValidationError({"contract_type": _("Choose one of the employment types.")})
    if wage is not None and wage < 0:
        raise ValidationError({"wage": _("The wage cannot be negative.")})
    changed = ["review_note"]
    if start_date is not None and start_date != placement.start_date:
        placement.start_date = start_date
        changed.append("start_date")
    if contract_type is not None:
        placement.employment_type = contract_type or (placement.vacancy.employment_type if placement.vacancy else "")
        changed.append("employment_type")
    if wage is not None:
        placement.wage = wage
        changed.append("wage")
    placement.review_note = ""  # the reason it was returned is kept in its event row
    try:
        with transaction.atomic():  # the unique constraint decides: one report per person, company and start
            transition(
                placement,
                Placement.Status.REPORTED,
                actor=by,
                note=note or _("Corrected and sent again"),
                update_fields=tuple(changed),
            )
    except IntegrityError:
        raise ValidationError(
            {"start_date": _("A hire of this person at this company starting on this date is already reported.")}
        ) from None
    if "start_date" in changed and placement.referral_id is not None:
        referral = Referral.objects.select_for_update().get(pk=placement.referral_id)
        referral.start_date = placement.start_date
        referral.save(update_fields=["start_date", "updated_at"])
    return placement


_RESULTS = {
    Referral.Status.IN_SELECTION,
    Referral.Status.ACCEPTED,
    Referral.Status.NOT_ACCEPTED,
    Referral.Status.NO_SHOW,
}


def _referral_result_check(*, result: str, stage: str, reason: str) -> None:
    if result not in _RESULTS:
        raise ValidationError({"result": _("Choose the result of the selection.")})
    if stage and stage not in Referral.Stage.values:
        raise ValidationError({"stage": _("Choose the selection stage.")})
    if result == Referral.Status.NOT_ACCEPTED and reason not in Referral.ReasonCategory.values:
        raise ValidationError({"reason": _("Choose why the candidate was not selected.")})


def _referral_stage_advance(referral: Referral, *, stage: str, by: User, notes: str) -> Referral:
    """A further step inside the selection (invited, then tested or interviewed): no status change."""
    stages = list(Referral.Stage.values)
    if referral.stage and stages.index(stage) <= stages.index(referral.stage):
        # The stage is recorded already (the form sent twice, or an earlier step): the stage stays,
        # but notes typed with it are kept.
        if notes:
            referral.save(update_fields=["selection_notes", "updated_at"])
        return referral
    referral.stage = stage
    referral.save(update_fields=["stage", "selection_notes", "updated_at"])
    referral.events.create(
        actor=by,
        from_status=referral.status,
        to_status=referral.status,
        note=notes or str(Referral.Stage(stage).label),
    )
    return referral


@transaction.atomic
def placement_report_for_referral(
    *,
    referral_id: int,
    company: Company,
    by: User,
    start_date: datetime.date | None = None,
    contract_type: str = "",
    wage: int | None = None,
) -> Placement:
    """The employer's hire report (laporan penempatan) for a candidate Disnaker referred, in one step.

    A candidate not yet marked accepted is marked so now; the start date defaults to the one recorded
    with that result. One report per referral: a returned one is corrected with `placement_resubmit`.
    """
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("application__vacancy", "application__jobseeker")
        .filter(pk=referral_id, application__vacancy__company=company)
        .first()
    )
    if referral is None:
        raise ValidationError({"referral": _("This candidate was not referred to your company.")})
    existing = Placement.objects.filter(referral=referral).only("status").first()
    if existing is not None and existing.status == Placement.Status.REJECTED:
        raise ValidationError(
            {"referral": _("Disnaker returned the hire report for this candidate: correct it and send it again.")}
        )
    if existing is not None:
        raise ValidationError({"referral": _("The hire report for this candidate has already been sent.")})
    start_date = start_date or referral.start_date
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the date the candidate starts work.")})
    if referral.status != Referral.Status.ACCEPTED:
        referral_record_result(referral_id=referral.pk, by=by, result=Referral.Status.ACCEPTED, start_date=start_date)
    elif referral.start_date != start_date:
        referral.start_date = start_date
        referral.save(update_fields=["start_date", "updated_at"])
    vacancy = referral.application.vacancy
    return placement_report(
        jobseeker=referral.application.jobseeker,
        company=company,
        by=by,
        start_date=start_date,
        position=vacancy.title,
        occupation=vacancy.occupation,
        vacancy=vacancy,
        referral=referral,
        employment_type=contract_type,
        wage=wage,
    )


@transaction.atomic
def placement_report_outside_portal(
    *,
    vacancy_id: int,
    company: Company,
    by: User,
    start_date: datetime.date,
    full_name: str,
    birth_date: datetime.date,
    card_number: str = "",
    nik: str = "",
    contract_type: str = "",
    wage: int | None = None,
) -> OutsideHireReport:
    """A hire the portal did not refer: kept as typed for Disnaker, with one answer whatever it matched.

    The form must not be a look-up in the register of jobseekers (card numbers are sequential, a
    NIK can be guessed), so:

    - The company types the AK/I card number or the NIK *and* the person's full name and date of
      birth. Every report is stored as typed (`OutsideHireReport`), and the caller answers the
      same "sent to Disnaker for checking" whether the number exists, belongs to someone else or
      to a candidate referred for this vacancy. The only errors are about what was typed (a
      missing field, a NIK that is not 16 digits) and about the company's own vacancy.
    - Only when the number, the name (case and spacing aside) and the birth date all match one
      registered jobseeker, who was not referred for this vacancy and whose hire was not reported
      yet, is a Placement created (`outside_portal`, in the staff's review queue). The other
      reports wait in the admin with their outcome, for staff to follow up with the company.
    - The company sees an outside-portal hire, with the person's registered name and local status,
      only once staff have decided it (`employers.selectors.placement_list_for_company`; until it
      is verified the name shown is the one typed). The page and the API share one per-user rate
      limit (`employers.throttling`).
    """
    card_number, nik, full_name = card_number.strip(), digits_only(nik), " ".join(full_name.split())
    if bool(card_number) == bool(nik):
        raise ValidationError({"card_number": _("Enter either the AK/I card number or the NIK.")})
    if nik and len(nik) != 16:
        raise ValidationError({"nik": _("A NIK has 16 digits.")})
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's full name as on the KTP.")})
    vacancy = Vacancy.objects.filter(pk=vacancy_id, company=company).first()
    if vacancy is None:
        raise ValidationError({"vacancy": _("Choose one of your company's vacancies.")})
    if vacancy.status not in {Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED}:
        raise ValidationError({"vacancy": _("Hires can be reported only for a published or closed vacancy.")})
    report = OutsideHireReport(
        company=company,
        vacancy=vacancy,
        reported_by=by,
        card_number=card_number,
        nik=nik,
        full_name=full_name,
        birth_date=birth_date,
        start_date=start_date,
        employment_type=contract_type,
        wage=wage,
        outcome=OutsideHireReport.Outcome.NO_MATCH,
    )
    report.full_clean(exclude=["company", "vacancy", "reported_by", "placement"])
    if card_number:
        card = AkiCard.objects.select_related("jobseeker").filter(number__iexact=card_number).first()
        jobseeker = card.jobseeker if card is not None else None
    else:
        jobseeker = JobseekerProfile.objects.filter(nik=nik).first()
    if jobseeker is not None and (
        " ".join(jobseeker.full_name.split()).casefold() != full_name.casefold() or jobseeker.birth_date != birth_date
    ):
        jobseeker = None
    if jobseeker is not None:
        if Referral.objects.filter(application__jobseeker=jobseeker, application__vacancy=vacancy).exists():
            report.outcome = OutsideHireReport.Outcome.REFERRED
        else:
            try:
                with transaction.atomic():
                    report.placement = placement_report(
                        jobseeker=jobseeker,
                        company=company,
                        by=by,
                        start_date=start_date,
                        position=vacancy.title,
                        occupation=vacancy.occupation,
                        vacancy=vacancy,
                        employment_type=contract_type,
                        wage=wage,
                        outside_portal=True,
                    )
                report.outcome = OutsideHireReport.Outcome.MATCHED
            except ValidationError:  # the vacancy is the company's, so only "reported already" is left
                report.outcome = OutsideHireReport.Outcome.ALREADY_REPORTED
    report.save()
    return report


@transaction.atomic
def vacancy_fill_if_complete(*, vacancy_id: int | None, by: User) -> bool:
    """Once verified placements reach the openings, the vacancy is filled (Perpres 57/2023 art. 6).

    The candidates still in selection are then not accepted ("the openings have been filled") and
    applications not yet screened are closed; each of them is told. Returns whether it was filled now.
    """
    if vacancy_id is None:
        return False
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if not vacancy.can_become(Vacancy.Status.FILLED):
        return False
    if vacancy.placements.filter(status=Placement.Status.VERIFIED).count() < vacancy.openings:
        return False
    vacancy_mark_filled(vacancy_id=vacancy.pk, by=by, note=_("All openings are filled by verified placements."))
    # Locked as they are read: a withdrawal or a result recorded meanwhile is waited for, and a row
    # whose status no longer allows the change is skipped instead of undoing the verification.
    open_referrals = (
        Referral.objects.select_for_update(of=("self",))
        .filter(
            application__vacancy_id=vacancy.pk,
            status__in=[Referral.Status.REFERRED, Referral.Status.IN_SELECTION],
        )
        .order_by("pk")
    )
    for referral in open_referrals:
        application = Application.objects.select_for_update().get(pk=referral.application_id)
        closable = referral.can_become(Referral.Status.NOT_ACCEPTED) and application.can_become(
            Application.Status.NOT_HIRED
        )
        if not closable:  # withdrawn or decided meanwhile
            continue
        referral_record_result(
            referral_id=referral.pk, by=by, result=Referral.Status.NOT_ACCEPTED, reason=Referral.ReasonCategory.FILLED
        )
    waiting = (
        Application.objects.select_for_update()
        .filter(vacancy_id=vacancy.pk, status=Application.Status.SUBMITTED)
        .order_by("pk")
    )
    for application in waiting:
        if application.can_become(Application.Status.NOT_REFERRED):
            application_decline(application_id=application.pk, by=by, reason=_("The vacancy has been filled."))
    return True


def jobseeker_placement_data_erase(*, profile: JobseekerProfile, nik: str) -> None:
    """Erase the personal data placements hold about a person who asked for deletion (UU 27/2022).

    Run inside portal.privacy's transaction, before the profile itself is erased (`nik` is the
    person's NIK as it was). Free text about the person goes; the records the statutory reports
    count stay (status, dates, position, occupation, type, local or not, wage). A company's report
    of a hire outside the portal keeps only its identifier-free facts. Idempotent: fixed values only.
    """
    from jobseekers.privacy import erased_name
    from placements.models import ApplicationEvent, ReferralEvent

    applications = Application.objects.filter(jobseeker=profile)
    applications.update(motivation="")
    ApplicationEvent.objects.filter(application__in=applications).update(note="")
    referrals = Referral.objects.filter(application__jobseeker=profile)
    referrals.update(selection_notes="")
    ReferralEvent.objects.filter(referral__in=referrals).update(note="")
    reports = OutsideHireReport.objects.filter(placement__jobseeker=profile)
    if nik:
        reports = reports | OutsideHireReport.objects.filter(nik=nik)
    for report in reports.distinct():
        report.nik = ""
        report.card_number = report.card_number or "-"  # the constraint wants an identifier: a placeholder
        report.full_name = erased_name(profile.pk)
        report.birth_date = report.birth_date.replace(month=1, day=1)
        report.save(update_fields=["nik", "card_number", "full_name", "birth_date"])
