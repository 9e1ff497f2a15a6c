"""City-wide compliance monitoring: every company's figures and traffic light in one query.

The figures are those of the company's own page (portal.compliance), computed for all companies
at once with subqueries, so the staff list (the admin's "compliance monitoring"), and the staff
API (`GET /api/v1/staff/compliance/`) sort, filter and page in the database:

- hires / local_hires: verified placements starting in the year (WITA), local by `Placement.is_local`;
- the reported workforce (`Company.workforce_*`) against `LOCAL_WORKER_MIN_SHARE`, and its workers
  with disabilities against `DISABILITY_QUOTA_PRIVATE` / `DISABILITY_QUOTA_PUBLIC` (BUMN, BUMD and
  government: `Company.is_public_sector`);
- outside_portal_hires: hire reports of the year not made through a vacancy's referral
  (`Placement.outside_portal`, or no vacancy), not rejected;
- overdue_reports: accepted referrals without a hire report more than
  `PLACEMENT_REPORT_DEADLINE_DAYS` after the start date (or, without one, after the acceptance),
  as on the company's page;
- plan_filed: a submitted manpower plan for the year.

The light: red when a share is below its minimum (local hires, local workforce, disability);
amber when something needs doing (plan not filed, a report overdue, hires outside the portal,
workforce not reported); green otherwise. Each light has its words (`LIGHT_LABELS`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employers.models import Company, ManpowerPlan, SanctionCase
from placements.models import Placement
from placements.selectors import referrals_with_overdue_hire_report
from portal.compliance import _percent_setting

GREEN, AMBER, RED = "green", "amber", "red"
LIGHT_LABELS = {
    GREEN: _("Green: every obligation met"),
    AMBER: _("Amber: something needs doing"),
    RED: _("Red: below a minimum share"),
}
LIGHT_CHOICES = [(value, LIGHT_LABELS[value]) for value in (RED, AMBER, GREEN)]
# Sorting by light puts the worst first.
LIGHT_RANK = {RED: 0, AMBER: 1, GREEN: 2}


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) per company (0 when none), as a scalar subquery."""
    counted = queryset.order_by().values("_company").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _below(part: str, whole: str, min_percent: Decimal) -> Q:
    """part / whole < min_percent %, on exact numbers: part * 100 < min_percent * whole."""
    return Q(**{f"{whole}__gt": 0}) & Q(
        **{f"{part}_x100__lt": ExpressionWrapper(Value(min_percent) * F(whole), output_field=DecimalField())}
    )


def companies_with_compliance(
    queryset: QuerySet[Company] | None = None, *, today: datetime.date | None = None
) -> QuerySet[Company]:
    """Companies annotated with every compliance figure of the year of `today` and their `light`."""
    today = today or timezone.localdate()
    year = today.year
    queryset = Company.objects.all() if queryset is None else queryset
    local_min = _percent_setting(settings.LOCAL_WORKER_MIN_SHARE)
    quota_private = _percent_setting(settings.DISABILITY_QUOTA_PRIVATE)
    quota_public = _percent_setting(settings.DISABILITY_QUOTA_PUBLIC)

    placements = Placement.objects.filter(company=OuterRef("pk"), start_date__year=year).annotate(_company=F("company"))
    verified = placements.filter(status=Placement.Status.VERIFIED)
    overdue = (
        referrals_with_overdue_hire_report(today=today)
        .filter(application__vacancy__company=OuterRef("pk"))
        .annotate(_company=F("application__vacancy__company"))
    )
    return (
        queryset.annotate(
            hires=_count(verified),
            local_hires=_count(verified.filter(is_local=True)),
            hires_awaiting_check=_count(placements.filter(status=Placement.Status.REPORTED)),
            outside_portal_hires=_count(
                placements.exclude(status=Placement.Status.REJECTED).filter(Q(outside_portal=True) | Q(vacancy=None))
            ),
            overdue_reports=_count(overdue),
            plan_filed=Exists(
                ManpowerPlan.objects.filter(company=OuterRef("pk"), year=year, status=ManpowerPlan.Status.SUBMITTED)
            ),
            open_cases=_count(
                SanctionCase.objects.filter(company=OuterRef("pk"), status=SanctionCase.Status.OPEN).annotate(
                    _company=F("company")
                )
            ),
            workforce_total_n=F("workforce_local") + F("workforce_non_local"),
            workforce_reported=Case(
                When(workforce_reported_at__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            disability_min_percent=Case(
                When(ownership=Company.Ownership.PRIVATE, then=Value(quota_private)),
                default=Value(quota_public),
                output_field=DecimalField(max_digits=5, decimal_places=2),
            ),
            local_hires_x100=F("local_hires") * 100,
            workforce_local_x100=F("workforce_local") * 100,
            workforce_disabled_x100=F("workforce_disabled") * 100,
        )
        .annotate(
            local_hires_below=Case(
                When(_below("local_hires", "hires", local_min), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            workforce_local_below=Case(
                When(
                    Q(workforce_reported=True) & _below("workforce_local", "workforce_total_n", local_min),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            disability_below=Case(
                When(
                    Q(workforce_reported=True, workforce_total_n__gt=0)
                    & Q(
                        workforce_disabled_x100__lt=ExpressionWrapper(
                            F("disability_min_percent") * F("workforce_total_n"), output_field=DecimalField()
                        )
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            light=Case(
                When(
                    Q(local_hires_below=True) | Q(workforce_local_below=True) | Q(disability_below=True),
                    then=Value(RED),
                ),
                When(
                    Q(plan_filed=False)
                    | Q(overdue_reports__gt=0)
                    | Q(outside_portal_hires__gt=0)
                    | Q(workforce_reported=False),
                    then=Value(AMBER),
                ),
                default=Value(GREEN),
                output_field=CharField(),
            ),
            light_rank=Case(
                *(When(light=value, then=Value(rank)) for value, rank in LIGHT_RANK.items()),
                output_field=IntegerField(),
            ),
            local_hire_percent=Case(
                When(hires__gt=0, then=Cast(F("local_hires") * 100 / F("hires"), IntegerField())),
                default=None,
                output_field=IntegerField(),
            ),
            workforce_local_percent=Case(
                When(
                    workforce_total_n__gt=0,
                    then=Cast(F("workforce_local") * 100 / F("workforce_total_n"), IntegerField()),
                ),
                default=None,
                output_field=IntegerField(),
            ),
            workforce_disabled_percent=Case(
                When(
                    workforce_total_n__gt=0,
                    then=Cast(F("workforce_disabled") * 100 / F("workforce_total_n"), IntegerField()),
                ),
                default=None,
                output_field=IntegerField(),
            ),
        )
    )


def light_reasons(company: Company) -> list[str]:
    """Why an annotated company has its light, in words, worst first (for the list and the API)."""
    reasons = []
    if company.local_hires_below:
        reasons.append(str(_("Local share of hires below the minimum")))
    if company.workforce_local_below:
        reasons.append(str(_("Local share of the workforce below the minimum")))
    if company.disability_below:
        reasons.append(str(_("Disability quota not met")))
    if not company.workforce_reported:
        reasons.append(str(_("Workforce not reported")))
    if not company.plan_filed:
        reasons.append(str(_("Manpower plan not filed")))
    if company.overdue_reports:
        reasons.append(str(_("Hire reports overdue")))
    if company.outside_portal_hires:
        reasons.append(str(_("Hires reported without a vacancy")))
    return reasons


def light_label(value: str) -> str:
    return str(LIGHT_LABELS.get(value, value))
