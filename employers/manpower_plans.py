"""Every write on a company's yearly manpower plan (RKTK, Perda Kota Bontang 10/2018).

- A plan is filed for the current or the next year (WITA); a past year is refused.
- Any company admin drafts and changes it; only a company Disnaker has verified submits it
  (as for vacancy reports, `employers.services.vacancy_submit`).
- Until 1 January of its year a submitted plan is changed in place: the change puts it back
  to draft and it is submitted again, as the same version.
- Once the year has started, a change is an amendment: a new version, with its reason, copied
  from the one in force; submitting it supersedes the previous version, which stays read-only.

Views, the API and the admin call these; every status change goes through `transition`.
`today` is the portal's date (WITA) unless a caller (a test) passes one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError, transition
from employers.models import Company, ManpowerPlan, ManpowerPlanLine
from employers.permissions import can_manage_company
from employers.services import CompanyNotVerifiedError

__all__ = ["CompanyNotVerifiedError", "TransitionError"]

LINE_FIELDS = ("occupation", "count", "quarter", "expectation", "non_local_reason")


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _admin_required(*, company: Company, by: User) -> None:
    if not can_manage_company(by, company):
        raise PermissionDenied(_("Only an administrator of the company can change its manpower plan."))


def plan_years_open(*, today: datetime.date | None = None) -> tuple[int, int]:
    """The years a plan can be filed for: this one and the next."""
    year = _today(today).year
    return year, year + 1


def year_has_started(year: int, *, today: datetime.date | None = None) -> bool:
    return _today(today) >= datetime.date(year, 1, 1)


def _year_check(year: int, today: datetime.date) -> None:
    this_year, next_year = plan_years_open(today=today)
    if year < this_year:
        raise ValidationError(
            {
                "year": _("%(year)s is a past year: a plan can be filed for %(this)s or %(next)s only.")
                % {"year": year, "this": this_year, "next": next_year}
            }
        )
    if year > next_year:
        raise ValidationError(
            {"year": _("A plan can be filed for %(this)s or %(next)s only.") % {"this": this_year, "next": next_year}}
        )


def _locked_plan(*, company: Company, plan_id: int) -> ManpowerPlan:
    """The company's plan, locked; another company's plan is `DoesNotExist` (a 404 for the caller)."""
    return ManpowerPlan.objects.select_for_update().select_related("company").get(pk=plan_id, company=company)


def _make_editable(plan: ManpowerPlan, *, by: User, today: datetime.date) -> None:
    """Refuse a change the plan's status and year do not allow; reopen a submitted plan before its year."""
    if plan.year < today.year:
        raise ValidationError(_("The year %(year)s is over: its plan can no longer be changed.") % {"year": plan.year})
    if plan.status == ManpowerPlan.Status.DRAFT:
        return
    if plan.status == ManpowerPlan.Status.SUPERSEDED:
        raise ValidationError(_("This version has been replaced by a later one and is kept read-only."))
    if year_has_started(plan.year, today=today):
        raise ValidationError(
            _(
                "The year %(year)s has started, so the submitted plan can no longer be changed in place. "
                "Start an amendment and give its reason."
            )
            % {"year": plan.year}
        )
    transition(plan, ManpowerPlan.Status.DRAFT, actor=by, note=_("Changed before the year started"))


def _line_values(values: dict) -> dict:
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown line fields: {sorted(unknown)}")
    return values


def _save_line(line: ManpowerPlanLine) -> ManpowerPlanLine:
    line.full_clean(exclude=["plan"])
    line.save()
    return line


@transaction.atomic
def plan_create(
    *, company: Company, by: User, year: int, lines: list[dict] = (), today: datetime.date | None = None
) -> ManpowerPlan:
    """File version 1 of the plan for `year` as a draft, with its first `lines` (each a dict of LINE_FIELDS)."""
    today = _today(today)
    _admin_required(company=company, by=by)
    _year_check(year, today)
    if ManpowerPlan.objects.filter(company=company, year=year).exists():
        raise ValidationError(
            {"year": _("Your company already has a plan for %(year)s: change it there.") % {"year": year}}
        )
    plan = ManpowerPlan(company=company, year=year, version=1, created_by=by)
    try:
        with transaction.atomic():  # a second request at the same time: the unique constraint decides
            plan.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("Your company already has a plan for %(year)s: change it there.") % {"year": year}}
        ) from None
    plan.events.create(actor=by, from_status="", to_status=plan.status, note=_("Created"))
    errors = {}
    for index, values in enumerate(lines):
        try:
            _save_line(ManpowerPlanLine(plan=plan, **_line_values(dict(values))))
        except ValidationError as error:
            errors[index] = error
    if errors:
        # Nothing is saved: the caller shows each line's messages and keeps what was typed.
        raise ValidationError({"lines": [errors[i] for i in sorted(errors)]}) from None
    return plan


@transaction.atomic
def plan_line_save(
    *,
    company: Company,
    by: User,
    plan_id: int,
    line_id: int | None = None,
    today: datetime.date | None = None,
    **values,
) -> ManpowerPlanLine:
    """Add a line (no `line_id`) or change one; a submitted plan before its year goes back to draft."""
    today = _today(today)
    _admin_required(company=company, by=by)
    plan = _locked_plan(company=company, plan_id=plan_id)
    _make_editable(plan, by=by, today=today)
    values = _line_values(values)
    if line_id is None:
        line = ManpowerPlanLine(plan=plan, **values)
    else:
        line = plan.lines.get(pk=line_id)
        for field, value in values.items():
            setattr(line, field, value)
    return _save_line(line)


@transaction.atomic
def plan_line_remove(
    *, company: Company, by: User, plan_id: int, line_id: int, today: datetime.date | None = None
) -> None:
    today = _today(today)
    _admin_required(company=company, by=by)
    plan = _locked_plan(company=company, plan_id=plan_id)
    line = plan.lines.get(pk=line_id)  # DoesNotExist for a line of another plan
    _make_editable(plan, by=by, today=today)
    line.delete()


@transaction.atomic
def plan_submit(*, company: Company, by: User, plan_id: int, today: datetime.date | None = None) -> ManpowerPlan:
    """Send the plan to Disnaker; an amendment supersedes the version it replaces."""
    today = _today(today)
    _admin_required(company=company, by=by)
    plan = _locked_plan(company=company, plan_id=plan_id)
    if plan.company.status != Company.Status.VERIFIED:  # as stored now, not as the caller last read it
        raise CompanyNotVerifiedError(
            _("Your company must be verified by Disnaker before its manpower plan can be submitted.")
        )
    if plan.status != ManpowerPlan.Status.DRAFT:
        raise TransitionError(plan, ManpowerPlan.Status.SUBMITTED)
    if plan.year < today.year:
        raise ValidationError(
            _("The year %(year)s is over: its plan can no longer be submitted.") % {"year": plan.year}
        )
    if not plan.lines.exists():
        raise ValidationError(_("Add at least one need (occupation, number of workers, quarter) before submitting."))
    previous = (
        ManpowerPlan.objects.select_for_update()
        .filter(company=company, year=plan.year, status=ManpowerPlan.Status.SUBMITTED)
        .exclude(pk=plan.pk)
        .first()
    )
    if previous is not None:
        transition(
            previous,
            ManpowerPlan.Status.SUPERSEDED,
            actor=by,
            note=_("Replaced by version %(version)s") % {"version": plan.version},
        )
    plan.submitted_at = timezone.now()
    plan.submitted_by = by
    transition(plan, ManpowerPlan.Status.SUBMITTED, actor=by, update_fields=("submitted_at", "submitted_by"))
    return plan


@transaction.atomic
def plan_amend(
    *, company: Company, by: User, plan_id: int, reason: str, today: datetime.date | None = None
) -> ManpowerPlan:
    """Start a new version of a submitted plan whose year has started, copying its lines."""
    today = _today(today)
    _admin_required(company=company, by=by)
    plan = _locked_plan(company=company, plan_id=plan_id)
    reason = (reason or "").strip()
    if plan.status != ManpowerPlan.Status.SUBMITTED:
        raise ValidationError(_("Only the submitted version of a plan can be amended."))
    if plan.year < today.year:
        raise ValidationError(_("The year %(year)s is over: its plan can no longer be changed.") % {"year": plan.year})
    if not year_has_started(plan.year, today=today):
        raise ValidationError(
            _("Until 1 January %(year)s you can change the plan itself; no amendment is needed.") % {"year": plan.year}
        )
    if not reason:
        raise ValidationError({"note": _("Say why the plan changes.")})
    number = ManpowerPlan.objects.filter(company=company, year=plan.year).aggregate(last=Max("version"))["last"]
    amendment = ManpowerPlan(company=company, year=plan.year, version=number + 1, note=reason, created_by=by)
    amendment.full_clean(exclude=["company", "created_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            amendment.save()
    except IntegrityError:
        raise ValidationError(_("An amendment of this plan is already being prepared.")) from None
    amendment.events.create(actor=by, from_status="", to_status=amendment.status, note=reason)
    ManpowerPlanLine.objects.bulk_create(
        ManpowerPlanLine(plan=amendment, **{f: getattr(line, f) for f in LINE_FIELDS}) for line in plan.lines.all()
    )
    return amendment


# Reads -------------------------------------------------------------------------------------


def plan_versions(*, company: Company, year: int) -> list[ManpowerPlan]:
    """Every version of the company's plan for `year`, newest first, with their lines."""
    return list(
        ManpowerPlan.objects.filter(company=company, year=year)
        .prefetch_related("lines__occupation")
        .select_related("submitted_by")
        .order_by("-version")
    )


@dataclass(frozen=True)
class PlanState:
    """Where the company stands with its plan for one year (compliance view, plan list)."""

    year: int
    current: ManpowerPlan | None  # the newest version: the one being prepared, else the one in force
    in_force: ManpowerPlan | None  # the submitted version

    @property
    def filed(self) -> bool:
        return self.in_force is not None

    @property
    def filed_on(self) -> datetime.date | None:
        return timezone.localdate(self.in_force.submitted_at) if self.in_force else None

    @property
    def amending(self) -> bool:
        return self.filed and self.current is not None and self.current.pk != self.in_force.pk

    @property
    def reopened(self) -> bool:
        """Submitted once, then changed before its year: it needs submitting again."""
        return (
            self.current is not None
            and self.current.status == ManpowerPlan.Status.DRAFT
            and bool(self.current.submitted_at)
        )


def plan_states(*, company: Company, years) -> list[PlanState]:
    plans = ManpowerPlan.objects.filter(company=company, year__in=list(years)).exclude(
        status=ManpowerPlan.Status.SUPERSEDED
    )
    by_year: dict[int, list[ManpowerPlan]] = {}
    for plan in plans.order_by("-version"):
        by_year.setdefault(plan.year, []).append(plan)
    states = []
    for year in years:
        versions = by_year.get(year, [])
        in_force = next((p for p in versions if p.status == ManpowerPlan.Status.SUBMITTED), None)
        states.append(PlanState(year=year, current=versions[0] if versions else None, in_force=in_force))
    return states


def day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")
