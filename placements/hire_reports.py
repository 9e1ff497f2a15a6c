"""The jobseeker's own hire report ("lapor diterima kerja"): report, match with the employer's, decide.

The employer must report each hire within `settings.PLACEMENT_REPORT_DEADLINE_DAYS` of its start
date, and the jobseeker gets the same deadline. A late report is still accepted, flagged `late`:
the report is how the register learns that the person is no longer looking for work (their AK/I
card, the IPK statistics), and refusing it would only keep a wrong record and leave the person
without a way to tell Disnaker. The form says that it is late before and after sending.

A report joins the employer's report of the same hire (same person and company, start dates at
most `HIRE_MATCH_WINDOW_DAYS` apart): staff then decide both on the placement's review page, and
verifying the placement confirms this report too (`placement_verify`). A report without its
employer's counterpart waits in the staff's queue; staff confirm it (the active AK/I card becomes
placed) or reject it with a reason. Nothing is placed on the jobseeker's word alone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notice_send
from employers.models import Company
from jobseekers.models import AkiCard, JobseekerProfile
from jobseekers.services import aki_card_mark_placed
from placements.models import JobseekerHireReport, Placement, Referral
from placements.selectors import REGISTERED_COMPANY_STATUSES

# Two reports of one hire whose start dates are at most this far apart are the same hire.
HIRE_MATCH_WINDOW_DAYS = 14
# A start date further back than this is taken for a typing error; one this far ahead is too early to report.
START_DATE_MAX_PAST_DAYS = 730
START_DATE_MAX_FUTURE_DAYS = 90

Flag = JobseekerHireReport.Flag


def hire_report_deadline(start_date: datetime.date) -> datetime.date:
    """The last day a hire starting on `start_date` is reported in time."""
    return _shifted(start_date, settings.PLACEMENT_REPORT_DEADLINE_DAYS)


def hire_report_is_late(*, start_date: datetime.date, reported_on: datetime.date | None = None) -> bool:
    return (reported_on or timezone.localdate()) > hire_report_deadline(start_date)


def normalized_company_name(name: str) -> str:
    return " ".join(name.split())


def registered_companies():
    return Company.objects.filter(status__in=REGISTERED_COMPANY_STATUSES)


def hire_report_flags(report: JobseekerHireReport) -> list[str]:
    """The flags of a report from what it says and what it matched (`report.placement`)."""
    flags = []
    reported_on = timezone.localdate(report.reported_at) if report.reported_at else timezone.localdate()
    if hire_report_is_late(start_date=report.start_date, reported_on=reported_on):
        flags.append(Flag.LATE)
    placement = report.placement
    if report.company_id is None:
        flags.append(Flag.COMPANY_NOT_REGISTERED)
        through_portal = False
    elif placement is None:
        flags.append(Flag.NOT_REPORTED_BY_EMPLOYER)
        through_portal = Referral.objects.filter(
            application__jobseeker_id=report.jobseeker_id, application__vacancy__company_id=report.company_id
        ).exists()
    else:
        through_portal = placement.referral_id is not None
    if not through_portal:
        flags.append(Flag.NOT_REFERRED)
    return [str(flag) for flag in flags]


def _shifted(day: datetime.date, days: int) -> datetime.date:
    """`day` moved by `days`, kept within the calendar (an employer's start date may be typed as year 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def _within_window(start_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    return _shifted(start_date, -HIRE_MATCH_WINDOW_DAYS), _shifted(start_date, HIRE_MATCH_WINDOW_DAYS)


def _closest(candidates, start_date: datetime.date, *, rejected_last: bool = False):
    def key(candidate):
        rejected = rejected_last and candidate.status == Placement.Status.REJECTED
        return (rejected, abs((candidate.start_date - start_date).days), candidate.pk)

    return min(candidates, key=key, default=None)


def _employer_placement_for(report: JobseekerHireReport) -> Placement | None:
    """The employer's (or staff's) report of the same hire that no other own report has joined yet."""
    if report.company_id is None:
        return None
    candidates = (
        Placement.objects.filter(
            jobseeker_id=report.jobseeker_id,
            company_id=report.company_id,
            start_date__range=_within_window(report.start_date),
            jobseeker_hire_report__isnull=True,
        )
        .exclude(reported_by_role=Placement.ReportedByRole.JOBSEEKER)
        .only("pk", "status", "start_date", "referral_id")
    )
    return _closest(list(candidates), report.start_date, rejected_last=True)


@transaction.atomic
def jobseeker_hire_report(
    *,
    jobseeker: JobseekerProfile,
    by: User,
    start_date: datetime.date,
    position: str,
    company_id: int | None = None,
    company_name: str = "",
) -> JobseekerHireReport:
    """The jobseeker reports being hired: by a registered company (`company_id`) or one typed as `company_name`.

    Errors are keyed `company`, `company_name`, `position` and `start_date`; the same hire reported
    twice (same company, start dates within the match window, not rejected) is a non-field error
    with code `already_reported`. Late reports are accepted and flagged.
    """
    # One report at a time per person: a double click, and the employer's report of the same hire
    # arriving at the same moment (`jobseeker_hire_report_match` locks the same row), wait here.
    JobseekerProfile.objects.select_for_update().only("pk").get(pk=jobseeker.pk)
    position = " ".join(position.split())
    company = None
    if company_id is not None:
        company = registered_companies().filter(pk=company_id).first()
        if company is None:
            raise ValidationError(
                {"company": ValidationError(_("Choose a company registered with the portal."), code="invalid")}
            )
        company_name = company.name
    company_name = normalized_company_name(company_name)
    if company is None and company_name:
        # Typed exactly as one registered company is named (an API client, say): that company.
        same_name = list(registered_companies().filter(name__iexact=company_name)[:2])
        if len(same_name) == 1:
            company, company_name = same_name[0], same_name[0].name
    errors = {}
    if not company_name:
        errors["company_name"] = [ValidationError(_("Enter the name of the company that hired you."), code="required")]
    if not position:
        errors["position"] = [ValidationError(_("Enter the position you were hired for."), code="required")]
    today = timezone.localdate()
    if start_date < today - datetime.timedelta(days=START_DATE_MAX_PAST_DAYS):
        errors["start_date"] = [
            ValidationError(_("This start date is more than two years ago; check the year."), code="too_old")
        ]
    elif start_date > today + datetime.timedelta(days=START_DATE_MAX_FUTURE_DAYS):
        errors["start_date"] = [
            ValidationError(
                _("This start date is more than %(days)d days ahead: report the hire closer to the date.")
                % {"days": START_DATE_MAX_FUTURE_DAYS},
                code="too_early",
            )
        ]
    if errors:
        raise ValidationError(errors)
    same_company = Q(company=company) if company is not None else Q(company=None, company_name__iexact=company_name)
    earlier = (
        JobseekerHireReport.objects.filter(jobseeker=jobseeker, start_date__range=_within_window(start_date))
        .filter(same_company)
        .exclude(status=JobseekerHireReport.Status.REJECTED)
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            _("You already reported this hire on %(date)s.")
            % {"date": date_format(timezone.localtime(earlier.reported_at), "j F Y")},
            code="already_reported",
        )
    report = JobseekerHireReport(
        jobseeker=jobseeker, company=company, company_name=company_name, position=position, start_date=start_date
    )
    report.full_clean(exclude=["jobseeker", "company", "placement", "status", "flags", "review_note"])
    report.placement = _employer_placement_for(report)
    report.save()  # reported_at is set here, and the flags need it
    report.flags = hire_report_flags(report)
    report.save(update_fields=["flags"])
    report.events.create(actor=by, from_status="", to_status=report.status)
    return report


@transaction.atomic
def jobseeker_hire_report_match(*, placement: Placement) -> JobseekerHireReport | None:
    """The employer (or staff) reported a hire: the jobseeker's own report of it, if any, joins it.

    Also finds a report typed with the company's name before the company was registered.
    """
    if placement.reported_by_role == Placement.ReportedByRole.JOBSEEKER:
        return None
    JobseekerProfile.objects.select_for_update().only("pk").get(pk=placement.jobseeker_id)
    if JobseekerHireReport.objects.filter(placement=placement).exists():
        return None
    company = Company.objects.only("pk", "name").get(pk=placement.company_id)
    candidates = (
        JobseekerHireReport.objects.select_for_update()
        .filter(
            jobseeker_id=placement.jobseeker_id,
            placement__isnull=True,
            status=JobseekerHireReport.Status.REPORTED,
            start_date__range=_within_window(placement.start_date),
        )
        .filter(Q(company_id=company.pk) | Q(company=None, company_name__iexact=normalized_company_name(company.name)))
    )
    report = _closest(list(candidates), placement.start_date)
    if report is None:
        return None
    report.placement = placement
    report.company = company
    report.flags = hire_report_flags(report)
    report.save(update_fields=["placement", "company", "flags", "updated_at"])
    return report


def jobseeker_hire_report_confirm_with_placement(*, placement: Placement, by: User) -> JobseekerHireReport | None:
    """Staff verified the employer's report: the jobseeker's own report of the same hire is confirmed too.

    Called by `placement_verify`, inside its transaction (which marks the card placed itself).
    """
    report = (
        JobseekerHireReport.objects.select_for_update()
        .filter(placement_id=placement.pk, status=JobseekerHireReport.Status.REPORTED)
        .first()
    )
    if report is None:
        return None
    transition(report, JobseekerHireReport.Status.CONFIRMED, actor=by, note=_("Confirmed with the employer's report"))
    return report


@transaction.atomic
def jobseeker_hire_report_confirm(*, report_id: int, by: User, note: str = "") -> JobseekerHireReport:
    """Staff confirm a report (after checking it with the company): the active AK/I card becomes placed.

    A report joined to an employer's report still waiting for review is decided there: verifying the
    placement confirms both (a `placement` error here).
    """
    report = JobseekerHireReport.objects.select_for_update().get(pk=report_id)
    if report.placement_id is not None and report.can_become(JobseekerHireReport.Status.CONFIRMED):
        placement_status = Placement.objects.filter(pk=report.placement_id).values_list("status", flat=True).first()
        if placement_status == Placement.Status.REPORTED:
            raise ValidationError(
                {
                    "placement": _(
                        "The employer reported this hire too: verify the employer's report, which confirms both."
                    )
                }
            )
    report.review_note = note
    transition(report, JobseekerHireReport.Status.CONFIRMED, actor=by, note=note, update_fields=("review_note",))
    card_id = AkiCard.objects.filter(jobseeker_id=report.jobseeker_id).active().values_list("pk", flat=True).first()
    if card_id is not None:
        aki_card_mark_placed(card_id=card_id, by=by, placed_on=report.start_date, note=_("Own hire report confirmed"))
    jobseeker = JobseekerProfile.objects.select_related("user").get(pk=report.jobseeker_id)
    notice_send(
        user=jobseeker.user,
        key=f"hire_report:{report.pk}:confirmed",
        template="placements/notices/hire_report_confirmed",
        context={"report": report},
        url=reverse("placements:hire_report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def jobseeker_hire_report_reject(*, report_id: int, by: User, reason: str) -> JobseekerHireReport:
    """Staff could not confirm the hire; the jobseeker sees the reason and may report again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the jobseeker will see it.")})
    report = JobseekerHireReport.objects.select_for_update().get(pk=report_id)
    if not report.can_become(JobseekerHireReport.Status.REJECTED):
        raise TransitionError(report, JobseekerHireReport.Status.REJECTED)
    report.review_note = reason
    transition(report, JobseekerHireReport.Status.REJECTED, actor=by, note=reason, update_fields=("review_note",))
    jobseeker = JobseekerProfile.objects.select_related("user").get(pk=report.jobseeker_id)
    notice_send(
        user=jobseeker.user,
        key=f"hire_report:{report.pk}:rejected",
        template="placements/notices/hire_report_rejected",
        context={"report": report, "reason": reason},
        url=reverse("placements:hire_report_detail", args=[report.pk]),
    )
    return report
