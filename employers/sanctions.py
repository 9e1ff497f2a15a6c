"""The sanction ladder: a case per company and finding, followed up step by step (issue 10).

- A case (`SanctionCase`) names one finding against one company; one open case per company and
  finding. It is open until staff close it with a note saying how the finding was resolved
  (`sanction_case_close`): open → closed through `bontang_aker.core.workflow.transition`.
- Steps (`SanctionStep`) follow `settings.SANCTION_LADDER` in order only (default: teguran lisan →
  teguran tertulis I → II → III → recommendation to the provincial Disnaker or the permit
  authority). Each is dated, has a deadline (the ladder's default days unless staff choose a
  date) and a letter numbered from its own sequence (`employers_sanction_letter_seq`).
- Who: `employers.manage_sanction_case` (petugas and kepala bidang) opens and closes cases and
  gives the verbal warning, the first step; only `employers.escalate_sanction` (kepala bidang)
  opens any later step.
- The company's administrators answer each step once, on their compliance page
  (`sanction_step_respond`); every member is told when a step is opened.

The admin, the staff API and the company's pages call these services.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.pdf import disnaker_pdf, pdf_bytes
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notices_send
from employers.models import Company, SanctionCase, SanctionStep
from employers.permissions import can_manage_company

__all__ = ["TransitionError"]

MANAGE_PERMISSION = "employers.manage_sanction_case"
ESCALATE_PERMISSION = "employers.escalate_sanction"


def ladder() -> list[dict]:
    return list(settings.SANCTION_LADDER)


def ladder_label(code: str) -> str:
    return next((str(step["label"]) for step in ladder() if step["code"] == code), code)


def can_manage_sanctions(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(MANAGE_PERMISSION))


def can_open_step(user: User, position: int) -> bool:
    """The verbal warning (position 1) needs the manage permission; any later step the escalation one."""
    if not can_manage_sanctions(user):
        return False
    return position == 1 or user.has_perm(ESCALATE_PERMISSION)


def next_step(case: SanctionCase) -> dict | None:
    """The ladder's next step for `case` (with its `position`), or None once the ladder is used up."""
    taken = case.steps.count() if case.pk else 0
    steps = ladder()
    if taken >= len(steps):
        return None
    return {**steps[taken], "position": taken + 1}


def _next_letter_number(today: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('employers_sanction_letter_seq')")
        (sequence,) = cursor.fetchone()
    return f"SNK/{sequence:06d}/DISNAKER-BTG/{today:%m}/{today:%Y}"


@transaction.atomic
def sanction_case_open(*, company_id: int, finding: str, description: str, by: User) -> SanctionCase:
    """Open a case for one finding against a company. Refused while a case for the same finding is open."""
    if not can_manage_sanctions(by):
        raise PermissionDenied(_("You may not open sanction cases."))
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise ValidationError({"company": _("Choose a registered company.")})
    case = SanctionCase(company=company, finding=finding, description=(description or "").strip(), opened_by=by)
    case.full_clean(exclude=["company", "opened_by", "status", "closed_at", "resolution"])
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise ValidationError(
            {"finding": _("This company already has an open case for this finding: add a step to it instead.")},
            code="case_open",
        ) from None
    case.events.create(actor=by, from_status="", to_status=SanctionCase.Status.OPEN, note=case.description)
    return case


@transaction.atomic
def sanction_step_open(
    *,
    case_id: int,
    by: User,
    kind: str = "",
    deadline: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> SanctionStep:
    """Give the case's next step on the ladder, with its numbered letter; the company's members are told.

    `kind`, when given, must be that next step (ladder order only). Refused with PermissionDenied
    for a step beyond the verbal warning without `employers.escalate_sanction`, and with a
    ValidationError when the case is closed, the ladder is used up or the deadline is not later.
    """
    today = today or timezone.localdate()
    case = SanctionCase.objects.select_for_update().select_related("company").get(pk=case_id)
    if case.status != SanctionCase.Status.OPEN:
        raise ValidationError(_("The case is closed: open a new case for a new finding."), code="case_closed")
    step_def = next_step(case)
    if step_def is None:
        raise ValidationError(_("Every step of the sanction ladder has been given in this case."), code="ladder_end")
    if kind and kind != step_def["code"]:
        raise ValidationError(
            {
                "kind": _("Steps follow the ladder in order: the next step of this case is “%(step)s”.")
                % {"step": step_def["label"]}
            },
            code="ladder_order",
        )
    if not can_open_step(by, step_def["position"]):
        raise PermissionDenied(
            _("Only the head of division (kepala bidang) may give a step beyond the verbal warning.")
            if can_manage_sanctions(by)
            else _("You may not give sanction steps.")
        )
    if deadline is None:
        deadline = today + datetime.timedelta(days=int(step_def["deadline_days"]))
    elif deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    step = SanctionStep(
        case=case,
        position=step_def["position"],
        kind=step_def["code"],
        issued_on=today,
        deadline=deadline,
        note=(note or "").strip(),
        opened_by=by,
        letter_number=_next_letter_number(today),
    )
    step.full_clean(exclude=["case", "opened_by", "response", "responded_at", "responded_by", "kind"])
    step.save()
    notices_send(
        users=[member.user for member in case.company.members.select_related("user")],
        key=f"sanction_step:{step.pk}",
        template="employers/notices/sanction_step",
        context={"case": case, "step": step, "step_label": ladder_label(step.kind)},
        url=reverse("portal:company_compliance"),
    )
    return step


@transaction.atomic
def sanction_case_close(*, case_id: int, by: User, note: str) -> SanctionCase:
    """Close the case: the finding is resolved. The note says how; the company sees it."""
    if not can_manage_sanctions(by):
        raise PermissionDenied(_("You may not close sanction cases."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"reason": _("Say how the finding was resolved; the company will see it.")})
    case = SanctionCase.objects.select_for_update().get(pk=case_id)
    case.closed_at = timezone.now()
    case.resolution = note
    transition(case, SanctionCase.Status.CLOSED, actor=by, note=note, update_fields=("closed_at", "resolution"))
    return case


@transaction.atomic
def sanction_step_respond(*, step_id: int, company: Company, by: User, response: str) -> SanctionStep:
    """The company's answer to one step, once, by one of its administrators.

    Another company's step is `SanctionStep.DoesNotExist` (a 404 for the caller).
    """
    step = SanctionStep.objects.select_for_update().select_related("case").get(pk=step_id, case__company=company)
    if not can_manage_company(by, company):
        raise PermissionDenied(_("Only an administrator of the company can answer Disnaker's letters."))
    if step.case.status != SanctionCase.Status.OPEN:
        raise ValidationError({"response": _("The case is closed: no answer is needed any more.")})
    if step.responded_at is not None:
        raise ValidationError({"response": _("Your company has already answered this letter.")})
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("Write your answer: what your company has done or will do.")})
    step.response = response
    step.responded_at = timezone.now()
    step.responded_by = by
    step.full_clean(exclude=["case", "opened_by", "responded_by", "kind"])
    step.save(update_fields=["response", "responded_at", "responded_by", "updated_at"])
    return step


# Reads ------------------------------------------------------------------------------------------


def company_sanction_cases(*, company: Company) -> list[SanctionCase]:
    """The company's cases, open ones first, each with its steps in ladder order."""
    steps = SanctionStep.objects.select_related("responded_by").order_by("position")
    return list(
        SanctionCase.objects.filter(company=company)
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("-status", "-created_at", "-pk")  # "open" after "closed" alphabetically: descending, open first
    )


def sanction_cases_for_staff() -> QuerySet[SanctionCase]:
    steps = SanctionStep.objects.select_related("opened_by", "responded_by").order_by("position")
    return (
        SanctionCase.objects.select_related("company", "opened_by")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("-created_at", "-pk")
    )


def staff_letter_url(step: SanctionStep) -> str:
    """Where staff download the step's letter (the sanction case's admin)."""
    return reverse("admin:employers_sanctioncase_letter", args=[step.case_id, step.pk])


def step_for_company(*, company: Company, step_id: int) -> SanctionStep | None:
    return SanctionStep.objects.select_related("case__company").filter(pk=step_id, case__company=company).first()


# The letter -------------------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def sanction_letter_filename(step: SanctionStep) -> str:
    """An ASCII file name: surat-sanksi-000012.pdf."""
    digits = "".join(ch for ch in step.letter_number.split("/")[1] if ch.isdigit()) if "/" in step.letter_number else ""
    return f"surat-sanksi-{digits or step.pk}.pdf"


def sanction_letter_pdf(step: SanctionStep) -> bytes:
    """The step's letter: A4 with the Disnaker letterhead, its number, the finding, the deadline."""
    case = step.case
    company = case.company
    pdf = disnaker_pdf(title=ladder_label(step.kind), subtitle=_("Number: %(number)s") % {"number": step.letter_number})
    rows = [
        (_("Date"), _day(step.issued_on)),
        (_("To"), company.name),
        (_("NIB"), company.nib),
        (_("Address"), company.address),
        (_("Finding"), case.get_finding_display()),
        (_("Deadline"), _day(step.deadline)),
    ]
    for label, value in rows:
        pdf.set_font(pdf.font_name, "B", 10)
        pdf.cell(35, 6, label)
        pdf.set_font(pdf.font_name, "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        _(
            "Disnaker Kota Bontang has found that your company does not meet its obligations under "
            "Perda Kota Bontang 10/2018 on the placement of local workers:"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.multi_cell(0, 6, case.description, new_x="LMARGIN", new_y="NEXT")
    if step.note:
        pdf.ln(2)
        pdf.multi_cell(0, 6, step.note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(
        0,
        6,
        _(
            "Put the finding right and answer this letter by %(deadline)s, on your company's compliance "
            "page in the portal. Without an answer, Disnaker may take the next step of the sanction ladder."
        )
        % {"deadline": _day(step.deadline)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)
    pdf.cell(0, 6, _("Head of the Placement Division"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _("Disnaker Kota Bontang"), new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)
