"""Every write with business meaning on companies and vacancies.

Views, API, admin actions and tasks call these; nothing else assigns `status`.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.reference.models import KbliCategory
from employers.models import Company, CompanyMember, Vacancy

__all__ = ["TransitionError"]


@transaction.atomic
def company_register(*, user: User, **fields) -> Company:
    """Register a company with `user` as its first administrator; it awaits Disnaker verification."""
    company = Company(**fields)
    company.nib = digits_only(company.nib)
    company.npwp = digits_only(company.npwp)
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        company.phone = normalize_phone(company.phone)
    if company.kbli_code and company.kbli_code.isdigit() and len(company.kbli_code) == 5:
        category = KbliCategory.for_kbli_code(company.kbli_code)
        if category is None:
            raise ValidationError({"kbli_code": _("This KBLI code is not in any KBLI 2020 category.")})
        company.kbli_category = category
    company.status = Company.Status.PENDING
    company.full_clean(exclude=["kbli_category"])  # derived above once the code itself is valid
    try:
        with transaction.atomic():  # another registration of the same NIB may have won the race
            company.save()
    except IntegrityError:
        raise ValidationError({"nib": _("A company with this NIB is already registered.")}) from None
    company.events.create(actor=user, from_status="", to_status=company.status, note=_("Registered"))
    if user.role != User.Role.EMPLOYER:
        user.role = User.Role.EMPLOYER
        user.save(update_fields=["role"])
    CompanyMember.objects.create(user=user, company=company, is_company_admin=True)
    return company


@transaction.atomic
def employer_register(
    *, account_email: str, password: str, full_name: str, position: str = "", **company_fields
) -> Company:
    """Sign up a new employer account together with its company (which then awaits verification)."""
    email = User.objects.normalize_email(account_email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"account_email": _("An account with this email address already exists.")})
    try:
        with transaction.atomic():  # a race with another sign-up of the same email ends here, not in a 500
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, role=User.Role.EMPLOYER
            )
    except IntegrityError:
        raise ValidationError({"account_email": _("An account with this email address already exists.")}) from None
    company = company_register(user=user, **company_fields)
    if position:
        CompanyMember.objects.filter(user=user).update(position=position)
    return company


@transaction.atomic
def company_verify(*, company_id: int, by: User, note: str = "") -> Company:
    company = Company.objects.select_for_update().get(pk=company_id)
    company.verified_at = timezone.now()
    transition(company, Company.Status.VERIFIED, actor=by, note=note, update_fields=("verified_at",))
    return company


@transaction.atomic
def company_reject(*, company_id: int, by: User, reason: str) -> Company:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the company will see it.")})
    company = Company.objects.select_for_update().get(pk=company_id)
    transition(company, Company.Status.REJECTED, actor=by, note=reason)
    return company


@transaction.atomic
def company_suspend(*, company_id: int, by: User, reason: str) -> Company:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    company = Company.objects.select_for_update().get(pk=company_id)
    transition(company, Company.Status.SUSPENDED, actor=by, note=reason)
    return company


@transaction.atomic
def vacancy_create(*, company: Company, by: User, skills=(), **fields) -> Vacancy:
    """Create a draft vacancy report for `company`."""
    vacancy = Vacancy(company=company, created_by=by, status=Vacancy.Status.DRAFT, **fields)
    vacancy.full_clean()
    vacancy.save()
    vacancy.skills.set(skills)
    vacancy.events.create(actor=by, from_status="", to_status=vacancy.status, note=_("Created"))
    return vacancy


@transaction.atomic
def vacancy_submit(*, vacancy_id: int, by: User) -> Vacancy:
    """Send the vacancy report to Disnaker for review; only verified companies may."""
    vacancy = Vacancy.objects.select_for_update().select_related("company").get(pk=vacancy_id)
    if vacancy.company.status != Company.Status.VERIFIED:
        raise ValidationError(_("Your company must be verified by Disnaker before its vacancies can be reviewed."))
    vacancy.full_clean()
    vacancy.submitted_at = timezone.now()
    transition(vacancy, Vacancy.Status.IN_REVIEW, actor=by, update_fields=("submitted_at",))
    return vacancy


@transaction.atomic
def vacancy_publish(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.published_at = timezone.now()
    transition(vacancy, Vacancy.Status.PUBLISHED, actor=by, note=note, update_fields=("published_at",))
    return vacancy


@transaction.atomic
def vacancy_reject(*, vacancy_id: int, by: User, reason: str) -> Vacancy:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the employer will see it.")})
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    transition(vacancy, Vacancy.Status.REJECTED, actor=by, note=reason)
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy_id: int, by: User | None, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.CLOSED, actor=by, note=note, update_fields=("closed_at",))
    return vacancy


@transaction.atomic
def vacancy_mark_filled(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    """The Perpres 57/2023 art. 6 report: the vacancy has been filled."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.closed_at is None:
        vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.FILLED, actor=by, note=note, update_fields=("closed_at",))
    return vacancy


def vacancies_close_expired() -> int:
    """Close published vacancies whose closing date has passed; returns how many were closed."""
    closed = 0
    for vacancy_id in Vacancy.objects.past_close_date().values_list("pk", flat=True):
        try:
            vacancy_close(vacancy_id=vacancy_id, by=None, note=_("Closing date passed"))
        except TransitionError:
            continue  # changed by someone else since the query; nothing to do
        closed += 1
    return closed
