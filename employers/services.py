"""Every write with business meaning on companies and vacancies.

Views, API, admin actions and tasks call these; nothing else assigns `status`.
"""

from __future__ import annotations

import contextlib
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import email_verification_request
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notices_send
from bontang_aker.reference.models import KbliCategory
from employers.models import Company, CompanyMember, Vacancy
from employers.public_cache import public_vacancies_changed
from employers.search import vacancy_search_refresh

__all__ = ["CompanyNotVerifiedError", "TransitionError", "VacancyLockedError"]


class CompanyNotVerifiedError(ValidationError):
    """Only a company Disnaker has verified may send vacancy reports for review (the API answers 403)."""


class VacancyLockedError(TransitionError):
    """The vacancy report can no longer be edited in its status (the API answers 409, like any TransitionError)."""

    def __init__(self, vacancy: Vacancy):
        super().__init__(vacancy, "edit")


@transaction.atomic
def company_register(*, user: User, **fields) -> Company:
    """Register a company with `user` as its first administrator; it awaits Disnaker verification."""
    company = Company(**fields)
    company.nib = digits_only(company.nib)
    company.npwp = digits_only(company.npwp)
    company.kbli_code = digits_only(company.kbli_code)  # ASCII digits: "４６１００" is 46100
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        company.phone = normalize_phone(company.phone)
    if re.fullmatch(r"[0-9]{5}", company.kbli_code):  # str.isdigit() would accept any script's digits
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
    email_verification_request(user=user)
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
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    vacancy.events.create(actor=by, from_status="", to_status=vacancy.status, note=_("Created"))
    return vacancy


@transaction.atomic
def vacancy_submit(*, vacancy_id: int, by: User) -> Vacancy:
    """Send the vacancy report to Disnaker for review; only verified companies may."""
    vacancy = Vacancy.objects.select_for_update().select_related("company").get(pk=vacancy_id)
    if vacancy.company.status != Company.Status.VERIFIED:
        raise CompanyNotVerifiedError(
            _("Your company must be verified by Disnaker before its vacancies can be reviewed.")
        )
    vacancy.full_clean()
    if vacancy.can_become(Vacancy.Status.IN_REVIEW) and vacancy.close_date < timezone.localdate():
        raise ValidationError({"close_date": _("The closing date has passed. Change it before sending the report.")})
    vacancy.submitted_at = timezone.now()
    transition(vacancy, Vacancy.Status.IN_REVIEW, actor=by, update_fields=("submitted_at",))
    return vacancy


@transaction.atomic
def vacancy_publish(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.published_at = timezone.now()
    transition(vacancy, Vacancy.Status.PUBLISHED, actor=by, note=note, update_fields=("published_at",))
    # The company, occupation or skills may have been renamed since the report was written.
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    public_vacancies_changed()
    notices_send(
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:published",
        template="employers/notices/vacancy_published",
        context={"vacancy": vacancy},
        url=reverse("portal:dashboard"),
    )
    return vacancy


@transaction.atomic
def vacancy_reject(*, vacancy_id: int, by: User, reason: str) -> Vacancy:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the employer will see it.")})
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    event = transition(vacancy, Vacancy.Status.REJECTED, actor=by, note=reason)
    notices_send(  # a vacancy can be returned more than once: one notice per return
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:rejected:{event.pk}",
        template="employers/notices/vacancy_rejected",
        context={"vacancy": vacancy, "reason": reason},
        url=reverse("portal:dashboard"),
    )
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy_id: int, by: User | None, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.CLOSED, actor=by, note=note, update_fields=("closed_at",))
    public_vacancies_changed()
    return vacancy


@transaction.atomic
def vacancy_mark_filled(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    """The Perpres 57/2023 art. 6 report: the vacancy has been filled."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.closed_at is None:
        vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.FILLED, actor=by, note=note, update_fields=("closed_at",))
    public_vacancies_changed()
    notices_send(
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:filled",
        template="employers/notices/vacancy_filled",
        context={"vacancy": vacancy},
        url=reverse("portal:dashboard"),
        exclude=by,
    )
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


# Fields the employer writes in a vacancy report; the rest are set by the workflow.
VACANCY_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "occupation",
        "employment_type",
        "description",
        "openings",
        "openings_male",
        "openings_female",
        "open_date",
        "close_date",
        "age_min",
        "age_max",
        "sex_requirement",
        "sex_justification",
        "min_education",
        "majors",
        "competencies",
        "experience_years_min",
        "wage_min",
        "wage_max",
        "wage_period",
        "work_kelurahan",
        "work_location",
        "other_information",
    }
)


@transaction.atomic
def vacancy_update(*, vacancy_id: int, by: User, skills=None, **fields) -> Vacancy:
    """Change a draft or a returned (rejected) report; a returned one stays returned until it is sent again.

    Only the given fields change (`skills=None` keeps the skills), so each step of the form saves its own part.
    """
    unknown = set(fields) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status not in {Vacancy.Status.DRAFT, Vacancy.Status.REJECTED}:
        raise VacancyLockedError(vacancy)
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save(update_fields=[*fields, "updated_at"])
    if skills is not None:
        vacancy.skills.set(skills)
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    return vacancy


def candidate_views_log(*, viewer: User, company: Company, referrals, ip_address: str | None = None) -> int:
    """Log that a company member saw these referred candidates' profiles (UU 27/2022: the person sees it).

    Pages and the API both call it for what they show: the candidate list (its page) and one referral.
    """
    from jobseekers.models import ProfileAccess
    from jobseekers.privacy import profile_access_log

    return profile_access_log(
        viewer=viewer,
        what=ProfileAccess.What.CV,
        profiles=[referral.application.jobseeker for referral in referrals],
        viewer_label=company.name,
        ip_address=ip_address,
    )
