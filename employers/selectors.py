"""Reads of companies and vacancies that depend on who is asking."""

from collections.abc import Iterable

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery

from bontang_aker.accounts.models import User
from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan
from employers.models import Company, Vacancy, VacancyEvent, VacancyRevision
from employers.permissions import company_of
from placements.models import Application, Placement, Referral


def vacancy_list_public() -> QuerySet[Vacancy]:
    """Published vacancies still open, newest first: what anyone may see (Perpres 57/2023 art. 9).

    The vacancy table alone, so that listing ids and counting read one table and one index
    (`vacancy_published_newest`); `vacancy_rows` then loads the rows of one page.
    """
    return Vacancy.objects.published().order_by("-published_at", "-pk")


_VACANCY_REFERENCES = (("occupation", KbjiGroup), ("min_education", EducationLevel), ("work_kelurahan", Kelurahan))


def vacancy_attach_reference(vacancies: Iterable[Vacancy]) -> None:
    """Set the reference rows (occupation, education, places, KBLI category) from the in-process copy.

    The vacancies' companies must be loaded already (select_related). A row the copy does not
    have yet is left to Django to load.
    """
    data = reference_data()
    for vacancy in vacancies:
        for name, model in _VACANCY_REFERENCES:
            row = data.get(model, getattr(vacancy, f"{name}_id"))
            if row is not None:
                setattr(vacancy, name, row)
        company = vacancy.company
        for name, model in (("kbli_category", KbliCategory), ("kelurahan", Kelurahan)):
            row = data.get(model, getattr(company, f"{name}_id"))
            if row is not None:
                setattr(company, name, row)


def vacancy_rows(ids: list[int], *, with_skills: bool = True) -> list[Vacancy]:
    """The vacancies with these ids, in this order, ready to show or serialize.

    Two queries whatever the number: the vacancies with their companies, and their skills (one
    query, when `with_skills`: the result cards of the search page show none); the reference rows
    come from memory. Ids no longer found are left out.
    """
    if not ids:
        return []
    rows = Vacancy.objects.filter(pk__in=ids).select_related("company")
    if with_skills:
        rows = rows.prefetch_related("skills")
    found = {vacancy.pk: vacancy for vacancy in rows}
    vacancies = [found[pk] for pk in ids if pk in found]
    vacancy_attach_reference(vacancies)
    return vacancies


def vacancy_skill_rows(ids: list[int]) -> dict[int, list[dict]]:
    """The skills of these vacancies as {"code", "name"}, by vacancy id, in the order of `skills.all()` (by name).

    One query over the link table, no model rows: the API list shows only the code and the name.
    """
    skills: dict[int, list[dict]] = {pk: [] for pk in ids}
    links = (
        Vacancy.skills.through.objects.filter(vacancy_id__in=ids)
        .order_by("skill__name", "skill__code")
        .values_list("vacancy_id", "skill__code", "skill__name")
    )
    for vacancy_id, code, name in links:
        skills[vacancy_id].append({"code": code, "name": name})
    return skills


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
            Application.objects.filter(vacancy=OuterRef("pk")).exclude(status=Application.Status.SUBMITTED).values("pk")
        ),
        referred_count=_SubqueryCount(referrals),
        to_decide_count=_SubqueryCount(
            referrals.filter(status__in=[Referral.Status.REFERRED, Referral.Status.IN_SELECTION])
        ),
        # Accepted by the company: hired only once Disnaker verifies the hire report (placed_count).
        accepted_count=_SubqueryCount(referrals.filter(status=Referral.Status.ACCEPTED)),
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

    Counts: applications screened by Disnaker, candidates referred, still to decide, accepted by the company,
    placements verified by Disnaker (the hires).
    """
    pending = VacancyRevision.objects.filter(vacancy=OuterRef("pk"), status=VacancyRevision.Status.PENDING)
    return (
        _with_counts(
            Vacancy.objects.filter(company=company).select_related("occupation", "min_education", "work_kelurahan")
        )
        .annotate(has_pending_revision=Exists(pending))
        .order_by("-created_at", "-pk")
    )


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
            "application__jobseeker__documents",
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
    """The company's hire reports (laporan penempatan), newest first.

    A hire outside the portal shows only once staff have decided it: listed at once, it would tell
    the company that the number it typed matched someone (placements.services).
    """
    return (
        Placement.objects.filter(company=company)
        .exclude(outside_portal=True, status=Placement.Status.REPORTED)
        .select_related("jobseeker", "vacancy", "referral", "outside_hire_report")
        .order_by("-created_at", "-pk")
    )


def placement_for_company(*, company: Company, placement_id: int) -> Placement | None:
    """One of the company's hire reports as its list shows them; None for another company's or a hidden one."""
    return placement_list_for_company(company=company).filter(pk=placement_id).first()
