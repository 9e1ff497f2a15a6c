"""Reads of companies and vacancies that depend on who is asking."""

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery

from bontang_aker.accounts.models import User
from employers.models import Company, Vacancy, VacancyEvent
from employers.permissions import company_of
from placements.models import Application, Placement, Referral


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


class _SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: several counts in one query without multiplying joined rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _with_counts(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    referrals = Referral.objects.filter(application__vacancy=OuterRef("pk")).values("pk")
    return queryset.annotate(
        # Screened by Disnaker: every application past "submitted". The employer never sees the applicants.
        screened_count=_SubqueryCount(
            Application.objects.filter(vacancy=OuterRef("pk"))
            .exclude(status=Application.Status.SUBMITTED)
            .values("pk")
        ),
        referred_count=_SubqueryCount(referrals),
        to_decide_count=_SubqueryCount(
            referrals.filter(status__in=[Referral.Status.REFERRED, Referral.Status.IN_SELECTION])
        ),
        hired_count=_SubqueryCount(referrals.filter(status=Referral.Status.ACCEPTED)),
        placed_count=_SubqueryCount(
            Placement.objects.filter(vacancy=OuterRef("pk"), status=Placement.Status.VERIFIED).values("pk")
        ),
        return_reason=Subquery(
            VacancyEvent.objects.filter(vacancy=OuterRef("pk"), to_status=Vacancy.Status.REJECTED)
            .order_by("-created_at", "-pk")
            .values("note")[:1]
        ),
    )


def vacancy_list_for_company(*, company: Company) -> QuerySet[Vacancy]:
    """The company's vacancy reports, newest first, each with its counts and the staff's last reason to return it.

    Counts: applications screened by Disnaker, candidates referred, still to decide, hired, placements verified.
    """
    return _with_counts(
        Vacancy.objects.filter(company=company).select_related("occupation", "min_education", "work_kelurahan")
    ).order_by("-created_at", "-pk")


def vacancy_for_company(*, company: Company, vacancy_id: int) -> Vacancy | None:
    """One of the company's vacancies with its counts; None for another company's, exactly as for a missing one."""
    return (
        vacancy_list_for_company(company=company)
        .select_related("company", "work_kelurahan__kecamatan")
        .prefetch_related("skills")
        .filter(pk=vacancy_id)
        .first()
    )


def vacancy_candidates(*, vacancy: Vacancy):
    """The candidates Disnaker referred for the vacancy (the single channel): Referral rows only.

    Applications Disnaker has not referred are never part of it.
    """
    return (
        Referral.objects.filter(application__vacancy=vacancy)
        .select_related("application__jobseeker__kelurahan", "placement")
        .prefetch_related(
            "application__jobseeker__skills",
            "application__jobseeker__education_entries__level",
            "application__jobseeker__experience_entries",
        )
        .order_by("created_at", "pk")
    )


def referral_for_company(*, company: Company, referral_id: int):
    """A referral to one of the company's vacancies, or None (another company's looks missing)."""
    return (
        Referral.objects.filter(pk=referral_id, application__vacancy__company=company)
        .select_related("application__vacancy", "application__jobseeker__kelurahan", "placement")
        .first()
    )


def referrals_to_decide_for_company(*, company: Company) -> int:
    """How many referred candidates still wait for the company's decision."""
    return Referral.objects.filter(
        application__vacancy__company=company, status__in=[Referral.Status.REFERRED, Referral.Status.IN_SELECTION]
    ).count()


def placement_list_for_company(*, company: Company):
    """The company's hire reports (laporan penempatan), newest first."""
    return (
        Placement.objects.filter(company=company)
        .select_related("jobseeker", "vacancy", "referral")
        .order_by("-created_at", "-pk")
    )
