"""Placement reconciliation: the conflicts staff check before they verify a hire (issue 10, point 4).

The employer's and the jobseeker's reports of one hire are joined into one placement
(placements.hire_reports); what is left are the reports that do not fit together. They are flagged
for staff, on the placement's review page, in the placement and outside-hire lists of the admin
and in the staff API. Nothing here changes a record or blocks a decision: a person can change jobs
within a month, and only staff, having called the company and the person, can tell.

The rules, for placements:

- `two_companies` ("placed at two companies at once"): another placement of the same person at a
  different company, neither of the two rejected, whose start dates are at most
  `settings.PLACEMENT_CONFLICT_WINDOW_DAYS` apart. Placements record no end date, so two starts
  close together are the only honest sign of overlapping jobs; two starts far apart are a change
  of job and are not flagged. The employer's and the jobseeker's placement reports of the same
  company are the two sides of one hire (the review page's "reported by the other side"), not this.
- `not_referred`: the placement has no referral (AK/V letter). The hire was reported by the
  company outside the portal, by the jobseeker alone or by staff: the insider-hiring signal of
  the single recruitment channel (no "titipan"). Flagged whatever the placement's status.
- `jobseeker_names_other_company`: a hire report of the same person's own (not rejected), with a
  start date in the same window, names another company than this placement: another registered
  company, or a typed name that is not this company's (case aside).

The two window rules apply only to placements that are not rejected: a rejected report no longer
claims that the person works there.

For a company's report outside the portal (`OutsideHireReport`):

- `number_of_another_person`: the outcome is "no match" and the AK/I card number (case aside) or
  the NIK typed belongs to a registered jobseeker whose name (case and spacing aside) or date of
  birth differ from what the company typed: a wrong number, or someone else's card. The company's
  outcome and answer stay exactly what they are for an unknown number
  (`placements.services.placement_report_outside_portal`); only staff see this. A NIK claim that
  staff withdrew (`nik_revoked_at`) is not the person's any more and does not count.

The lists use `placements_with_conflict_flags` / `outside_hire_reports_with_conflict_flags`
(one `EXISTS` subquery per rule, plain PostgreSQL); a single placement or a page of them uses
`placement_conflicts` / `placement_conflicts_for` (two queries whatever the number of rows).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower, Trim
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobseekers.models import JobseekerProfile
from placements.models import JobseekerHireReport, OutsideHireReport, Placement


class ConflictKind(models.TextChoices):
    TWO_COMPANIES = "two_companies", _("Placed at two companies at once")
    NOT_REFERRED = "not_referred", _("Not referred through the portal")
    JOBSEEKER_NAMES_OTHER_COMPANY = "jobseeker_names_other_company", _("The jobseeker names another company")
    NUMBER_OF_ANOTHER_PERSON = "number_of_another_person", _("The number belongs to another person")


PLACEMENT_CONFLICT_KINDS = (
    ConflictKind.TWO_COMPANIES,
    ConflictKind.NOT_REFERRED,
    ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY,
)
# The boolean each list annotation adds, by kind: `conflict_<kind>`.
FLAG_PREFIX = "conflict_"


@dataclass(frozen=True)
class PlacementConflict:
    """One conflict of a record: its kind, a sentence for staff, and the other record when there is one."""

    kind: str
    message: str
    other_placement: Placement | None = None
    other_hire_report: JobseekerHireReport | None = None
    other_jobseeker: JobseekerProfile | None = None

    @property
    def label(self) -> str:
        return str(ConflictKind(self.kind).label)


def conflict_window_days() -> int:
    return settings.PLACEMENT_CONFLICT_WINDOW_DAYS


def _within_window(first: datetime.date, second: datetime.date) -> bool:
    return abs((first - second).days) <= conflict_window_days()


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


# Lists: one EXISTS per rule --------------------------------------------------------------------------------


def _window(field: str) -> Q:
    """`field` (a start date of the subquery) at most the window from the outer row's start date."""
    days = datetime.timedelta(days=conflict_window_days())
    return Q(**{f"{field}__gte": OuterRef("start_date") - days, f"{field}__lte": OuterRef("start_date") + days})


def placements_with_conflict_flags(queryset: QuerySet[Placement] | None = None) -> QuerySet[Placement]:
    """The placements annotated `conflict_two_companies`, `conflict_not_referred` and
    `conflict_jobseeker_names_other_company` (booleans), for lists and filters without a query per row."""
    queryset = Placement.objects.all() if queryset is None else queryset
    standing = ~Q(status=Placement.Status.REJECTED)
    other_company = Exists(
        Placement.objects.filter(_window("start_date"), jobseeker_id=OuterRef("jobseeker_id"))
        .exclude(company_id=OuterRef("company_id"))
        .exclude(status=Placement.Status.REJECTED)
    )
    own_report_elsewhere = Exists(
        JobseekerHireReport.objects.filter(_window("start_date"), jobseeker_id=OuterRef("jobseeker_id"))
        .filter(
            (Q(company__isnull=False) & ~Q(company_id=OuterRef("company_id")))
            | (Q(company__isnull=True) & ~Q(company_name__iexact=OuterRef("company__name")))
        )
        .exclude(status=JobseekerHireReport.Status.REJECTED)
    )
    return queryset.annotate(
        **{
            FLAG_PREFIX + ConflictKind.TWO_COMPANIES: ExpressionWrapper(
                standing & Q(other_company), output_field=BooleanField()
            ),
            FLAG_PREFIX + ConflictKind.NOT_REFERRED: ExpressionWrapper(
                Q(referral__isnull=True), output_field=BooleanField()
            ),
            FLAG_PREFIX + ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY: ExpressionWrapper(
                standing & Q(own_report_elsewhere), output_field=BooleanField()
            ),
        }
    )


def placements_with_conflict(queryset: QuerySet[Placement], kind: str) -> QuerySet[Placement]:
    """The placements (annotated by `placements_with_conflict_flags`) with the conflict `kind`, or any ("any")."""
    if kind == "any":
        condition = Q()
        for each in PLACEMENT_CONFLICT_KINDS:
            condition |= Q(**{FLAG_PREFIX + each: True})
        return queryset.filter(condition)
    return queryset.filter(**{FLAG_PREFIX + kind: True})


def placement_conflict_flags(placement: Placement) -> list[str]:
    """The kinds an annotated placement is flagged with, in the order of `PLACEMENT_CONFLICT_KINDS`."""
    return [str(kind) for kind in PLACEMENT_CONFLICT_KINDS if getattr(placement, FLAG_PREFIX + kind, False)]


def _normalized_name(expression):
    """Lower case, spaces trimmed and collapsed: the service compares names the same way."""
    return Lower(Trim(Func(expression, Value(r"\s+"), Value(" "), Value("g"), function="REGEXP_REPLACE")))


def _holders_of_typed_number(*, by: str) -> QuerySet[JobseekerProfile]:
    """Registered jobseekers holding the outer report's card number (`by="card"`) or NIK (`by="nik"`)."""
    if by == "card":
        return JobseekerProfile.objects.filter(aki_cards__number__iexact=OuterRef("card_number"))
    return JobseekerProfile.objects.filter(nik=OuterRef("nik"), nik_revoked_at__isnull=True)


def _not_as_typed(holders: QuerySet[JobseekerProfile]) -> QuerySet[JobseekerProfile]:
    """The holders whose name (case and spacing aside) or date of birth differ from the outer report's."""
    return holders.annotate(name_key=_normalized_name("full_name")).exclude(
        name_key=_normalized_name(OuterRef("full_name")), birth_date=OuterRef("birth_date")
    )


def outside_hire_reports_with_conflict_flags(
    queryset: QuerySet[OutsideHireReport] | None = None,
) -> QuerySet[OutsideHireReport]:
    """The reports annotated `conflict_number_of_another_person` (a boolean), for the admin list and filter."""
    queryset = OutsideHireReport.objects.all() if queryset is None else queryset
    card_of_someone_else = ~Q(card_number="") & Q(Exists(_not_as_typed(_holders_of_typed_number(by="card"))))
    nik_of_someone_else = ~Q(nik="") & Q(Exists(_not_as_typed(_holders_of_typed_number(by="nik"))))
    return queryset.annotate(
        **{
            FLAG_PREFIX + ConflictKind.NUMBER_OF_ANOTHER_PERSON: ExpressionWrapper(
                Q(outcome=OutsideHireReport.Outcome.NO_MATCH) & (card_of_someone_else | nik_of_someone_else),
                output_field=BooleanField(),
            )
        }
    )


# One record or one page: the conflicts with their sentences and the other records ----------------------------


def placement_conflicts(placement: Placement) -> list[PlacementConflict]:
    """The conflicts of one placement, for its review page and the staff API (two queries)."""
    return placement_conflicts_for([placement])[placement.pk]


def placement_conflicts_for(placements: Iterable[Placement]) -> dict[int, list[PlacementConflict]]:
    """The conflicts of each placement, by pk: two queries whatever the number (a page of the API list).

    The same rules as `placements_with_conflict_flags`, checked in Python on the same people's
    other placements and own hire reports.
    """
    placements = list(placements)
    result: dict[int, list[PlacementConflict]] = {placement.pk: [] for placement in placements}
    if not placements:
        return result
    people = {placement.jobseeker_id for placement in placements}
    others_by_person = defaultdict(list)
    for other in (
        Placement.objects.filter(jobseeker_id__in=people)
        .exclude(status=Placement.Status.REJECTED)
        .select_related("company")
        .order_by("start_date", "pk")
    ):
        others_by_person[other.jobseeker_id].append(other)
    reports_by_person = defaultdict(list)
    for report in (
        JobseekerHireReport.objects.filter(jobseeker_id__in=people)
        .exclude(status=JobseekerHireReport.Status.REJECTED)
        .order_by("start_date", "pk")
    ):
        reports_by_person[report.jobseeker_id].append(report)
    company_names = {other.company_id: other.company.name for others in others_by_person.values() for other in others}
    for placement in placements:
        conflicts = result[placement.pk]
        standing = placement.status != Placement.Status.REJECTED
        if standing:
            for other in others_by_person[placement.jobseeker_id]:
                if other.company_id != placement.company_id and _within_window(other.start_date, placement.start_date):
                    conflicts.append(
                        PlacementConflict(
                            kind=ConflictKind.TWO_COMPANIES,
                            message=gettext(
                                "Also placed at %(company)s from %(date)s (%(status)s): the start dates are "
                                "at most %(days)d days apart."
                            )
                            % {
                                "company": other.company.name,
                                "date": _day(other.start_date),
                                "status": other.get_status_display(),
                                "days": conflict_window_days(),
                            },
                            other_placement=other,
                        )
                    )
        if placement.referral_id is None:
            conflicts.append(
                PlacementConflict(kind=ConflictKind.NOT_REFERRED, message=_not_referred_message(placement))
            )
        if standing:
            own_company_name = company_names.get(placement.company_id) or placement.company.name
            for report in reports_by_person[placement.jobseeker_id]:
                elsewhere = (
                    report.company_id != placement.company_id
                    if report.company_id is not None
                    else report.company_name.upper() != own_company_name.upper()
                )
                if elsewhere and _within_window(report.start_date, placement.start_date):
                    conflicts.append(
                        PlacementConflict(
                            kind=ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY,
                            message=gettext(
                                "The jobseeker reported being hired by %(company)s from %(date)s (%(status)s)."
                            )
                            % {
                                "company": report.company_name,
                                "date": _day(report.start_date),
                                "status": report.get_status_display(),
                            },
                            other_hire_report=report,
                        )
                    )
    return result


def _not_referred_message(placement: Placement) -> str:
    if placement.outside_portal:
        return gettext(
            "Not referred through the portal: the company reported this hire by AK/I number or NIK. "
            "Check how the person was recruited."
        )
    if placement.reported_by_role == Placement.ReportedByRole.JOBSEEKER:
        return gettext(
            "Not referred through the portal: only the jobseeker reported this hire. Check it with the company."
        )
    return gettext("Not referred through the portal: the hire was reported without an AK/V letter.")


def outside_hire_report_conflicts(report: OutsideHireReport) -> list[PlacementConflict]:
    """The conflict of one report outside the portal, for staff only: whose number the company typed."""
    if report.outcome != OutsideHireReport.Outcome.NO_MATCH:
        return []
    if report.card_number:
        holders = JobseekerProfile.objects.filter(aki_cards__number__iexact=report.card_number)
        message = gettext(
            "The AK/I card number typed belongs to %(name)s, a registered jobseeker whose name or date of birth "
            "differ from what the company typed. The company was told nothing of this."
        )
    else:
        holders = JobseekerProfile.objects.filter(nik=report.nik, nik_revoked_at__isnull=True)
        message = gettext(
            "The NIK typed belongs to %(name)s, a registered jobseeker whose name or date of birth differ from "
            "what the company typed. The company was told nothing of this."
        )
    typed_name = " ".join(report.full_name.split()).lower()
    return [
        PlacementConflict(
            kind=ConflictKind.NUMBER_OF_ANOTHER_PERSON, message=message % {"name": holder}, other_jobseeker=holder
        )
        for holder in holders.order_by("pk")
        if " ".join(holder.full_name.split()).lower() != typed_name or holder.birth_date != report.birth_date
    ]
