"""A company's compliance figures: the Perda 10/2018 local-worker share and the disability quota.

One selector (`company_compliance`) computes every figure; the page (`perusahaan/kepatuhan/`) and
the API (`GET /api/v1/employer/compliance/`) both show it, with the same sentences
(`compliance_sentences`). It lives in portal/ because it reads employers and placements together.

- Hires: the company's *verified* placements whose start date is in the current calendar year
  (WITA), per month; a hire counts as local by `Placement.is_local` (recorded when it was reported).
- The reported workforce: `Company.workforce_local / workforce_non_local / workforce_disabled`.
- Minimums: `settings.LOCAL_WORKER_MIN_SHARE` (0.75), `DISABILITY_QUOTA_PRIVATE` (0.01) and
  `DISABILITY_QUOTA_PUBLIC` (0.02, for BUMN, BUMD and government: `Company.is_public_sector`).
- Overdue hire reports: referrals accepted with no hire report more than
  `settings.PLACEMENT_REPORT_DEADLINE_DAYS` after the start date (or after the acceptance when no
  start date was recorded).
- Vacancies about to expire: published, closing within `EXPIRING_WITHIN_DAYS` days.
- The manpower plan (employers.manpower_plans): its state for the current year, and from
  `PLAN_NEXT_YEAR_FROM_MONTH` (October) on for the next year too.

Percentages shown are rounded down, so a share just below a minimum never reads as reaching it;
whether a minimum is met is decided on the exact numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employers.manpower_plans import PlanState, plan_states
from employers.models import Company, SanctionCase, Vacancy
from employers.sanctions import company_sanction_cases, ladder_label
from placements.models import Placement, Referral, ReferralEvent

EXPIRING_WITHIN_DAYS = 7
PLAN_NEXT_YEAR_FROM_MONTH = 10

OK, WARNING, PROBLEM = "ok", "warning", "problem"


def _percent_setting(value: float) -> Decimal:
    """A share setting (0.75) as a percentage (75), exact: 0.01 * 100 is not 1.0 in floating point."""
    percent = Decimal(str(value)) * 100
    # 70 shown as "70", not "7E+1"; 72.5 as "72.5".
    return Decimal(int(percent)) if percent == percent.to_integral_value() else percent.normalize()


def _floor_percent(part: int, whole: int) -> int | None:
    return None if whole == 0 else part * 100 // whole


def _meets(part: int, whole: int, min_percent: Decimal) -> bool:
    return Decimal(part) * 100 >= min_percent * whole


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date  # the first day of the month
    hires: int
    local: int
    meets_minimum: bool | None  # None without hires that month

    @property
    def non_local(self) -> int:
        return self.hires - self.local

    @property
    def local_percent(self) -> int | None:
        return _floor_percent(self.local, self.hires)

    @property
    def bar_width(self) -> int:
        """The width class of the chart's bar: the local share rounded down to a step of 5."""
        percent = self.local_percent or 0
        return percent - percent % 5


@dataclass(frozen=True)
class OverdueReferral:
    referral_id: int
    letter_number: str
    vacancy_id: int
    vacancy_title: str
    due_since: datetime.date  # the day after the last day to report in time


@dataclass(frozen=True)
class CompanyCompliance:
    company: Company
    year: int
    today: datetime.date
    local_min_percent: Decimal
    disability_min_percent: Decimal
    hires: int
    local_hires: int
    hires_awaiting_check: int
    months: list[MonthShare]
    workforce_reported: bool
    workforce_local: int
    workforce_non_local: int
    workforce_disabled: int
    overdue_referrals: list[OverdueReferral]
    expiring_vacancies: list[Vacancy]
    manpower_plans: tuple[PlanState, ...] = ()
    sanction_cases: tuple[SanctionCase, ...] = ()  # Disnaker's cases about the company, open first

    @property
    def non_local_hires(self) -> int:
        return self.hires - self.local_hires

    @property
    def local_hire_percent(self) -> int | None:
        return _floor_percent(self.local_hires, self.hires)

    @property
    def local_hires_meet_minimum(self) -> bool | None:
        return None if self.hires == 0 else _meets(self.local_hires, self.hires, self.local_min_percent)

    @property
    def workforce_total(self) -> int:
        return self.workforce_local + self.workforce_non_local

    @property
    def workforce_local_percent(self) -> int | None:
        return _floor_percent(self.workforce_local, self.workforce_total)

    @property
    def workforce_local_meets_minimum(self) -> bool | None:
        if not self.workforce_reported or self.workforce_total == 0:
            return None
        return _meets(self.workforce_local, self.workforce_total, self.local_min_percent)

    @property
    def workforce_disabled_percent(self) -> int | None:
        return _floor_percent(self.workforce_disabled, self.workforce_total)

    @property
    def disability_meets_minimum(self) -> bool | None:
        if not self.workforce_reported or self.workforce_total == 0:
            return None
        return _meets(self.workforce_disabled, self.workforce_total, self.disability_min_percent)


def _overdue_referrals(company: Company, today: datetime.date) -> list[OverdueReferral]:
    accepted_at = (
        ReferralEvent.objects.filter(referral=OuterRef("pk"), to_status=Referral.Status.ACCEPTED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    referrals = (
        Referral.objects.filter(
            application__vacancy__company=company, status=Referral.Status.ACCEPTED, placement__isnull=True
        )
        .annotate(accepted_at=Subquery(accepted_at))
        .select_related("application__vacancy")
        .order_by("start_date", "pk")
    )
    days = datetime.timedelta(days=settings.PLACEMENT_REPORT_DEADLINE_DAYS)
    overdue = []
    for referral in referrals:
        if referral.start_date is not None:
            since = referral.start_date
        elif referral.accepted_at is not None:
            since = timezone.localdate(referral.accepted_at)
        else:
            since = timezone.localdate(referral.updated_at)
        try:
            last_day = since + days
        except OverflowError:  # a start date typed as year 9999 is not overdue
            continue
        if today > last_day:
            vacancy = referral.application.vacancy
            overdue.append(
                OverdueReferral(
                    referral_id=referral.pk,
                    letter_number=referral.letter_number,
                    vacancy_id=vacancy.pk,
                    vacancy_title=vacancy.title,
                    due_since=last_day + datetime.timedelta(days=1),
                )
            )
    return overdue


def company_compliance(*, company: Company, today: datetime.date | None = None) -> CompanyCompliance:
    """Every compliance figure of `company` for the calendar year of `today` (default: today, WITA)."""
    today = today or timezone.localdate()
    year = today.year
    this_year = Placement.objects.filter(company=company, start_date__year=year)
    per_month = dict(
        (row["month"], (row["hires"], row["local"]))
        for row in this_year.filter(status=Placement.Status.VERIFIED)
        .order_by()
        .annotate(month=ExtractMonth("start_date"))
        .values("month")
        .annotate(hires=Count("pk"), local=Count("pk", filter=Q(is_local=True)))
    )
    last_month = max([today.month, *per_month])  # a verified hire may start later in the year
    local_min_percent = _percent_setting(settings.LOCAL_WORKER_MIN_SHARE)
    months = []
    for month in range(1, last_month + 1):
        hires, local = per_month.get(month, (0, 0))
        meets = _meets(local, hires, local_min_percent) if hires else None
        months.append(MonthShare(datetime.date(year, month, 1), hires, local, meets))
    expiring = list(
        Vacancy.objects.filter(
            company=company,
            status=Vacancy.Status.PUBLISHED,
            close_date__gte=today,
            close_date__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
        ).order_by("close_date", "pk")
    )
    disability_quota = (
        settings.DISABILITY_QUOTA_PUBLIC if company.is_public_sector else settings.DISABILITY_QUOTA_PRIVATE
    )
    return CompanyCompliance(
        company=company,
        year=year,
        today=today,
        local_min_percent=local_min_percent,
        disability_min_percent=_percent_setting(disability_quota),
        hires=sum(m.hires for m in months),
        local_hires=sum(m.local for m in months),
        hires_awaiting_check=this_year.filter(status=Placement.Status.REPORTED).count(),
        months=months,
        workforce_reported=company.workforce_reported_at is not None,
        workforce_local=company.workforce_local,
        workforce_non_local=company.workforce_non_local,
        workforce_disabled=company.workforce_disabled,
        overdue_referrals=_overdue_referrals(company, today),
        expiring_vacancies=expiring,
        manpower_plans=tuple(
            plan_states(
                company=company,
                years=[year, year + 1] if today.month >= PLAN_NEXT_YEAR_FROM_MONTH else [year],
            )
        ),
        sanction_cases=tuple(company_sanction_cases(company=company)),
    )


@dataclass(frozen=True)
class Sentence:
    key: str
    level: str  # OK, WARNING or PROBLEM
    text: str
    url: str = ""  # where to act on it, when there is a page for that


def compliance_sentences(compliance: CompanyCompliance) -> list[Sentence]:
    """What the figures mean, in plain sentences in the active language, most important first."""
    c = compliance
    minimum = c.local_min_percent
    sentences = []
    if c.hires == 0:
        sentences.append(
            Sentence(
                "local_hires",
                WARNING,
                _("No verified hire this year yet: the local share of your hires is counted from the first one."),
            )
        )
    else:
        values = {
            "non_local": c.non_local_hires,
            "hires": c.hires,
            "percent": c.local_hire_percent,
            "minimum": minimum,
            "year": c.year,
        }
        if c.local_hires_meet_minimum:
            text = ngettext(
                "Not local: %(non_local)s of your %(hires)s hire verified in %(year)s. Local share %(percent)s%%: "
                "at or above the %(minimum)s%% the Perda requires.",
                "Not local: %(non_local)s of your %(hires)s hires verified in %(year)s. Local share %(percent)s%%: "
                "at or above the %(minimum)s%% the Perda requires.",
                c.hires,
            )
            sentences.append(Sentence("local_hires", OK, text % values))
        else:
            text = ngettext(
                "Not local: %(non_local)s of your %(hires)s hire verified in %(year)s. Local share only "
                "%(percent)s%%: below the %(minimum)s%% the Perda requires.",
                "Not local: %(non_local)s of your %(hires)s hires verified in %(year)s. Local share only "
                "%(percent)s%%: below the %(minimum)s%% the Perda requires.",
                c.hires,
            )
            sentences.append(Sentence("local_hires", PROBLEM, text % values))
    if c.hires_awaiting_check:
        sentences.append(
            Sentence(
                "awaiting_check",
                WARNING,
                ngettext(
                    "%(count)s hire report this year awaits Disnaker's check: it counts once verified.",
                    "%(count)s hire reports this year await Disnaker's check: they count once verified.",
                    c.hires_awaiting_check,
                )
                % {"count": c.hires_awaiting_check},
            )
        )

    if c.workforce_local_meets_minimum is None:
        sentences.append(
            Sentence(
                "workforce",
                WARNING,
                _(
                    "Your company has not reported its workforce yet, so its local share and its workers "
                    "with disabilities cannot be checked. Ask Disnaker to record it."
                ),
            )
        )
    else:
        values = {
            "local": c.workforce_local,
            "total": c.workforce_total,
            "percent": c.workforce_local_percent,
            "minimum": minimum,
        }
        if c.workforce_local_meets_minimum:
            text = _(
                "%(local)s of the %(total)s workers you reported are local (%(percent)s%%): at or above the "
                "%(minimum)s%% the Perda requires."
            )
            sentences.append(Sentence("workforce", OK, text % values))
        else:
            text = _(
                "Only %(local)s of the %(total)s workers you reported are local (%(percent)s%%): below the "
                "%(minimum)s%% the Perda requires."
            )
            sentences.append(Sentence("workforce", PROBLEM, text % values))
        values = {
            "disabled": c.workforce_disabled,
            "total": c.workforce_total,
            "percent": c.workforce_disabled_percent,
            "minimum": c.disability_min_percent,
            "ownership": c.company.get_ownership_display(),
        }
        if c.disability_meets_minimum:
            text = _(
                "%(disabled)s of the %(total)s workers you reported have a disability (%(percent)s%%): at or "
                "above the %(minimum)s%% required for your company (%(ownership)s)."
            )
            sentences.append(Sentence("disability", OK, text % values))
        else:
            text = _(
                "%(disabled)s of the %(total)s workers you reported have a disability (%(percent)s%%): below "
                "the %(minimum)s%% required for your company (%(ownership)s, UU 8/2016)."
            )
            sentences.append(Sentence("disability", PROBLEM, text % values))

    if c.overdue_referrals:
        sentences.append(
            Sentence(
                "overdue_reports",
                PROBLEM,
                ngettext(
                    "%(count)s accepted candidate has no hire report although the %(days)s days to report "
                    "have passed: send it now.",
                    "%(count)s accepted candidates have no hire report although the %(days)s days to report "
                    "have passed: send them now.",
                    len(c.overdue_referrals),
                )
                % {"count": len(c.overdue_referrals), "days": settings.PLACEMENT_REPORT_DEADLINE_DAYS},
            )
        )
    else:
        sentences.append(Sentence("overdue_reports", OK, _("No hire report is overdue.")))

    if c.expiring_vacancies:
        first = c.expiring_vacancies[0]
        sentences.append(
            Sentence(
                "expiring_vacancies",
                WARNING,
                ngettext(
                    "%(count)s published vacancy closes within %(days)s days (first: %(date)s).",
                    "%(count)s published vacancies close within %(days)s days (first: %(date)s).",
                    len(c.expiring_vacancies),
                )
                % {
                    "count": len(c.expiring_vacancies),
                    "days": EXPIRING_WITHIN_DAYS,
                    "date": date_format(first.close_date, "j F Y"),
                },
            )
        )
    sentences.extend(_plan_sentence(c, state) for state in c.manpower_plans)
    for case in c.sanction_cases:
        steps = list(case.steps.all())
        if case.status == SanctionCase.Status.OPEN and steps and steps[-1].responded_at is None:
            step = steps[-1]
            text = _("Disnaker has sent your company a letter (%(step)s, %(number)s): answer it by %(date)s.") % {
                "step": ladder_label(step.kind),
                "number": step.letter_number,
                "date": date_format(step.deadline, "j F Y"),
            }
            url = reverse("portal:company_compliance") + "#sanctions"
            sentences.insert(0, Sentence("sanction", PROBLEM, text, url))
    return sentences


def _plan_sentence(c: CompanyCompliance, state: PlanState) -> Sentence:
    key = "manpower_plan" if state.year == c.year else "manpower_plan_next_year"
    url = reverse("employers:plan_detail", kwargs={"year": state.year})
    values = {"year": state.year}
    if state.amending:
        values.update(date=date_format(state.filed_on, "j F Y"), version=state.current.version)
        text = _(
            "Your manpower plan for %(year)s was filed on %(date)s; its amendment (version %(version)s) "
            "is not submitted yet."
        )
        return Sentence(key, WARNING, text % values, url)
    if state.filed:
        values["date"] = date_format(state.filed_on, "j F Y")
        return Sentence(key, OK, _("Your manpower plan for %(year)s was filed on %(date)s.") % values, url)
    if state.reopened:
        text = _("Your manpower plan for %(year)s was changed after it was submitted: submit it again.")
        return Sentence(key, WARNING, text % values, url)
    if state.current is not None:
        text = _("Your manpower plan for %(year)s is a draft: submit it to Disnaker.")
        return Sentence(key, WARNING, text % values, url)
    text = _("Your manpower plan for %(year)s has not been filed yet (Perda Kota Bontang 10/2018).")
    return Sentence(key, WARNING, text % values, url)
