"""Who may do what with companies and vacancies: each rule written once.

Views, API permission classes and templates call these predicates.
"""

from bontang_aker.accounts.models import User
from employers.models import Company, Vacancy


def company_of(user: User) -> Company | None:
    membership = getattr(user, "company_membership", None) if user.is_authenticated else None
    return membership.company if membership else None


def can_manage_company(user: User, company: Company) -> bool:
    membership = getattr(user, "company_membership", None) if user.is_authenticated else None
    return bool(membership and membership.company_id == company.pk and membership.is_company_admin)


def can_edit_vacancy(user: User, vacancy: Vacancy) -> bool:
    """Company members edit their own drafts and rejected reports; published ones are frozen."""
    company = company_of(user)
    return bool(
        company
        and company.pk == vacancy.company_id
        and vacancy.status in {Vacancy.Status.DRAFT, Vacancy.Status.REJECTED}
    )


def can_revise_vacancy(user: User, vacancy: Vacancy) -> bool:
    """Company members may propose changes to their published vacancies (material ones wait for review)."""
    company = company_of(user)
    return bool(company and company.pk == vacancy.company_id and vacancy.status == Vacancy.Status.PUBLISHED)


def can_verify_company(user: User) -> bool:
    return user.has_perm("employers.verify_company")


def can_moderate_vacancy(user: User) -> bool:
    return user.has_perm("employers.moderate_vacancy")


def can_impose_sanction(user: User) -> bool:
    return user.has_perm("employers.impose_sanction")
