"""Reads of companies and vacancies that depend on who is asking."""

from django.db.models import QuerySet

from bontang_aker.accounts.models import User
from employers.models import Vacancy
from employers.permissions import company_of


def vacancy_list_public() -> QuerySet[Vacancy]:
    """Published vacancies still open, newest first: what anyone may see (Perpres 57/2023 art. 9)."""
    return (
        Vacancy.objects.published()
        .select_related(
            "company__kbli_category",
            "company__kelurahan__kecamatan",
            "occupation",
            "min_education",
            "work_kelurahan__kecamatan",
        )
        .prefetch_related("skills")
        .order_by("-published_at", "-pk")
    )


def vacancy_list_visible_to(*, user: User) -> QuerySet[Vacancy]:
    """Staff see every vacancy, a company member their company's, everyone else the public list."""
    if user.is_authenticated and user.has_perm("employers.view_vacancy"):
        return Vacancy.objects.select_related("company", "occupation", "min_education").order_by("-created_at")
    company = company_of(user)
    if company is not None:
        return Vacancy.objects.filter(company=company).select_related("company", "occupation", "min_education")
    return vacancy_list_public()
