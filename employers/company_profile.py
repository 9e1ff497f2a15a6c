"""A company's details, changed by one of its administrators (issue 9).

Most changes apply at once. A change of what Disnaker checked against OSS when it verified the
company (`REVERIFY_FIELDS`: NIB, legal name, legal form, NPWP, ownership) sends a verified company
back to pending through `workflow.transition`, with an event row naming each change (old → new),
so staff find it in the admin's pending queue. Meanwhile the members keep drafting; sending new
vacancy reports waits for the verification (`services.vacancy_submit`), and vacancies already
published stay published. A rejected company that corrects any detail is sent back for
verification too; a suspended one cannot change these fields (Disnaker lifts the sanction first).

The page (employers.company_views), the API (employers.api.company) and nothing else call
`company_update`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import transition
from bontang_aker.reference.models import KbliCategory
from employers.models import MAX_OTHER_KBLI_CODES, Company
from employers.permissions import can_manage_company

REVERIFY_FIELDS = ("name", "legal_form", "nib", "npwp", "ownership")
WORKFORCE_FIELDS = ("workforce_local", "workforce_non_local", "workforce_disabled")
EDITABLE_FIELDS = frozenset(
    {
        *REVERIFY_FIELDS,
        "kbli_code",
        "other_kbli_codes",
        "address",
        "kelurahan",
        "phone",
        "email",
        "website",
        "contact_name",
        "contact_position",
        "main_contractor_nib",
        *WORKFORCE_FIELDS,
    }
)
_FIVE_DIGITS = re.compile(r"[0-9]{5}")


@dataclass(frozen=True)
class CompanyUpdate:
    company: Company
    changed: list[str] = field(default_factory=list)
    # The changed fields Disnaker verifies (REVERIFY_FIELDS).
    identity_changed: list[str] = field(default_factory=list)
    # True when this change sent the company (back) to Disnaker for verification.
    sent_for_verification: bool = False


def _display(company: Company, name: str, value) -> str:
    model_field = Company._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value) if value not in (None, "") else "—"


def _main_contractor(company: Company, nib: str) -> Company | None:
    if not nib:
        return None
    validate = Company._meta.get_field("nib").run_validators
    try:
        validate(nib)
    except ValidationError as error:
        raise ValidationError({"main_contractor_nib": error.messages}) from None
    if nib == company.nib:
        raise ValidationError({"main_contractor_nib": _("A company cannot be its own main contractor.")})
    contractor = Company.objects.verified().filter(nib=nib).exclude(pk=company.pk).first()
    if contractor is None:
        raise ValidationError(
            {
                "main_contractor_nib": _(
                    "No company verified by Disnaker has this NIB. Check the number, or leave the field empty "
                    "until the main contractor is registered and verified."
                )
            }
        )
    return contractor


def _other_kbli_codes(values, main_code: str) -> list[str]:
    codes: list[str] = []
    for value in values or ():
        code = digits_only(str(value))
        if code and code != main_code and code not in codes:
            codes.append(code)
    if len(codes) > MAX_OTHER_KBLI_CODES:
        raise ValidationError(
            {"other_kbli_codes": _("Give at most %(count)s other KBLI codes.") % {"count": MAX_OTHER_KBLI_CODES}}
        )
    for code in codes:
        if not _FIVE_DIGITS.fullmatch(code):
            raise ValidationError({"other_kbli_codes": _("“%(code)s”: a KBLI code has 5 digits.") % {"code": code}})
        if KbliCategory.for_kbli_code(code) is None:
            raise ValidationError(
                {"other_kbli_codes": _("“%(code)s” is not in any KBLI 2020 category.") % {"code": code}}
            )
    return codes


@transaction.atomic
def company_update(*, company_id: int, by: User, **fields) -> CompanyUpdate:
    """Change the company's details as its administrator `by`; nothing is saved when any value is invalid.

    `main_contractor_nib` names the main contractor by NIB ("" for none): a verified company, never
    the company itself. Raises PermissionDenied for anyone but an administrator of this company.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    company = Company.objects.select_for_update().get(pk=company_id)
    if not can_manage_company(by, company):
        raise PermissionDenied(_("Only an administrator of the company can change its details."))
    before = {name: getattr(company, name) for name in EDITABLE_FIELDS - {"main_contractor_nib", "kelurahan"}}
    before["kelurahan"] = company.kelurahan_id
    before_contractor = company.main_contractor_id

    for name in ("nib", "npwp", "kbli_code"):
        if name in fields:
            fields[name] = digits_only(fields[name] or "")  # ASCII digits, separators dropped
    if "phone" in fields:
        fields["phone"] = fields["phone"] or ""
        with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
            fields["phone"] = normalize_phone(fields["phone"])
    contractor_nib = fields.pop("main_contractor_nib", None)
    if "other_kbli_codes" in fields:
        fields["other_kbli_codes"] = _other_kbli_codes(
            fields["other_kbli_codes"], fields.get("kbli_code", company.kbli_code)
        )
    for name, value in fields.items():
        setattr(company, name, value)

    changed = [
        name
        for name in sorted(fields)
        if (company.kelurahan_id if name == "kelurahan" else fields[name]) != before[name]
    ]
    if contractor_nib is not None:
        contractor_nib = digits_only(contractor_nib)
        current_nib = company.main_contractor.nib if company.main_contractor_id else ""
        if contractor_nib != current_nib:
            company.main_contractor = _main_contractor(company, contractor_nib)
        if company.main_contractor_id != before_contractor:
            changed.append("main_contractor")
    if not changed:
        return CompanyUpdate(company=company)

    identity_changed = [name for name in REVERIFY_FIELDS if name in changed]
    if identity_changed and company.status == Company.Status.SUSPENDED:
        raise ValidationError(
            {
                name: _("Your company is suspended: Disnaker must lift the suspension before this can change.")
                for name in identity_changed
            }
        )
    update_fields = list(changed)
    if "kbli_code" in changed and _FIVE_DIGITS.fullmatch(company.kbli_code):
        category = KbliCategory.for_kbli_code(company.kbli_code)
        if category is None:
            raise ValidationError({"kbli_code": _("This KBLI code is not in any KBLI 2020 category.")})
        company.kbli_category = category
        update_fields.append("kbli_category")
    if any(name in changed for name in WORKFORCE_FIELDS):
        if company.workforce_disabled > company.workforce_local + company.workforce_non_local:
            raise ValidationError(
                {
                    "workforce_disabled": _(
                        "Workers with disabilities are counted among the local and non-local workers."
                    )
                }
            )
        company.workforce_reported_at = timezone.localdate()
        update_fields.append("workforce_reported_at")
    company.full_clean(exclude=["kbli_category"])
    try:
        with transaction.atomic():  # another company may have taken the NIB meanwhile
            company.save(update_fields=[*update_fields, "updated_at"])
    except IntegrityError:
        raise ValidationError({"nib": _("A company with this NIB is already registered.")}) from None

    sent = False
    reverify = bool(identity_changed) and company.status in {Company.Status.VERIFIED, Company.Status.PENDING}
    if reverify or company.status == Company.Status.REJECTED:
        details = "; ".join(
            [
                f"{Company._meta.get_field(name).verbose_name}: {_display(company, name, before[name])} → "
                f"{_display(company, name, getattr(company, name))}"
                for name in identity_changed
            ]
            + [str(Company._meta.get_field(name).verbose_name) for name in changed if name not in identity_changed]
        )
        if company.status == Company.Status.PENDING:
            # Already waiting: staff verify the new values; the event row tells them what changed.
            company.events.create(
                actor=by, from_status=company.status, to_status=company.status, note=_("Changed: %s") % details
            )
        else:
            note = (
                _("Sent back for verification after a change: %s")
                if company.status == Company.Status.VERIFIED
                else _("Corrected after the rejection: %s")
            ) % details
            transition(company, Company.Status.PENDING, actor=by, note=note)
            sent = True
    return CompanyUpdate(
        company=company, changed=changed, identity_changed=identity_changed, sent_for_verification=sent
    )
