"""The public transparency page's figures (`/transparansi/`, `GET /api/v1/transparency/`).

What citizens may check about the single recruitment channel (Perda Kota Bontang 10/2018, the
2026 policy against insider hiring): per vacancy how many applied, were screened, referred and
hired, and the local share of the hires; per company the vacancies reported and the local share
of its hires in a year; and the selection results of each vacancy, naming only the people who
agreed to it. No personal data leaves this module except a consenting person's AK/I card number
and masked name (`bontang_aker.core.masking.mask_name`).

Definitions (the same for the page and the API):

- **Public vacancy**: a vacancy report that Disnaker published and that is published, closed or
  filled now (`PUBLIC_STATUSES`, as the public vacancy page): never a draft, a report in review,
  or a rejected report. A vacancy belongs to the year of its `published_at` (WITA).
- **Applicants**: every application to the vacancy, whatever became of it (withdrawn included).
- **Screened**: the applications on which Disnaker took its screening decision: referred to the
  company (a `Referral` exists, whatever happened after: in selection, hired, not hired) or not
  referred (`Application.Status.NOT_REFERRED`, `placements.services.application_decline`). An
  application still `submitted`, or withdrawn by the jobseeker before Disnaker decided, is not
  screened. Being screened is the step the application passed through, not its success: the
  applications that *passed* the screening are the referred ones, counted apart. (The
  company's own report, `employers.selectors`, counts a withdrawn application as screened too.)
- **Referred**: applications with a `Referral` (an AK/V letter).
- **Hired**: the vacancy's placements that Disnaker *verified* (`Placement.Status.VERIFIED`);
  local by `Placement.is_local` (the KTP domicile when the hire was reported). Those without a
  referral (reported by the company outside the portal, then verified) are counted apart too:
  they are what the single channel is meant to prevent.
- **Per company, for a year**: public vacancies published that year, and the company's verified
  hires whose start date is in that year, as in the compliance figures (`portal.compliance`);
  the local share is compared exactly with `settings.LOCAL_WORKER_MIN_SHARE`.

Caching: the counts are the same for everyone and contain no names, so they are cached through
`employers.public_cache` (`PUBLIC_PAGE_CACHE_SECONDS`, and dropped when a vacancy is published,
closed or filled): a new application or hire shows within that minute. The named selection
results are never cached: they are read on every request (one query per kind), so a person who
withdraws their consent is off the page and out of the API at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, OuterRef, Q, Subquery
from django.utils import timezone

from bontang_aker.core.masking import mask_name
from employers import public_cache
from employers.models import Vacancy
from jobseekers.models import AkiCard
from placements.models import Application, Placement, Referral
from portal.compliance import _floor_percent, _meets, _percent_setting

PUBLIC_STATUSES = (Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.FILLED)
VACANCY_PAGE_SIZE = 20
# The first year offered: the Perda on local workers (10/2018) took effect that year.
FIRST_YEAR = 2018

# The result of one person in a vacancy's selection, as published (codes; labels in transparency_views).
RESULT_REFERRED = "referred"
RESULT_IN_SELECTION = "in_selection"
RESULT_ACCEPTED = "accepted"  # accepted by the company; hired once Disnaker verifies the hire report
RESULT_NOT_ACCEPTED = "not_accepted"
RESULT_NO_SHOW = "no_show"
RESULT_HIRED = "hired"
RESULT_HIRED_WITHOUT_REFERRAL = "hired_without_referral"
RESULT_CODES = (
    RESULT_REFERRED,
    RESULT_IN_SELECTION,
    RESULT_ACCEPTED,
    RESULT_NOT_ACCEPTED,
    RESULT_NO_SHOW,
    RESULT_HIRED,
    RESULT_HIRED_WITHOUT_REFERRAL,
)


def local_min_percent() -> Decimal:
    return _percent_setting(settings.LOCAL_WORKER_MIN_SHARE)


@dataclass(frozen=True)
class VacancyCounts:
    applicants: int = 0
    screened: int = 0
    referred: int = 0
    hired: int = 0
    hired_local: int = 0
    hired_without_referral: int = 0

    @property
    def local_percent(self) -> int | None:
        """Rounded down, so a share just below the minimum never reads as reaching it; None without hires."""
        return _floor_percent(self.hired_local, self.hired)


@dataclass(frozen=True)
class VacancyRow:
    id: int
    title: str
    company_id: int
    company_name: str
    status: str
    published_on: object  # datetime.date
    close_date: object  # datetime.date
    openings: int
    counts: VacancyCounts = field(default_factory=VacancyCounts)


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    vacancies: int
    hires: int
    local_hires: int
    meets_minimum: bool | None  # None without verified hires that year

    @property
    def local_percent(self) -> int | None:
        return _floor_percent(self.local_hires, self.hires)


@dataclass(frozen=True)
class VacancyPage:
    rows: list[VacancyRow]
    number: int
    num_pages: int
    count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


@dataclass(frozen=True)
class SelectionResult:
    card_number: str
    masked_name: str
    result: str


@dataclass(frozen=True)
class SelectionResults:
    named: list[SelectionResult]
    not_named: int


def _public_vacancies():
    return Vacancy.objects.filter(status__in=PUBLIC_STATUSES, published_at__isnull=False)


def current_year() -> int:
    return timezone.localdate().year


def transparency_years() -> list[int]:
    """The years with figures, newest first: from the first public vacancy (at the earliest FIRST_YEAR) to now."""

    def compute() -> list[int]:
        first = _public_vacancies().aggregate(first=Min("published_at"))["first"]
        start = max(FIRST_YEAR, timezone.localtime(first).year) if first else current_year()
        return list(range(current_year(), min(start, current_year()) - 1, -1))

    return public_cache.cached("transparency-years", [str(current_year())], compute)


def vacancy_counts(vacancy_ids: list[int]) -> dict[int, VacancyCounts]:
    """The counts of these vacancies: two grouped queries (applications, verified placements), whatever the number."""
    if not vacancy_ids:
        return {}
    applications = {
        row["vacancy_id"]: row
        for row in Application.objects.filter(vacancy_id__in=vacancy_ids)
        .values("vacancy_id")
        .annotate(
            applicants=Count("pk"),
            screened=Count(
                "pk", filter=Q(status=Application.Status.NOT_REFERRED) | Q(referral__isnull=False), distinct=True
            ),
            referred=Count("referral", distinct=True),
        )
        .order_by()
    }
    hires = {
        row["vacancy_id"]: row
        for row in Placement.objects.filter(vacancy_id__in=vacancy_ids, status=Placement.Status.VERIFIED)
        .values("vacancy_id")
        .annotate(
            hired=Count("pk"),
            hired_local=Count("pk", filter=Q(is_local=True)),
            hired_without_referral=Count("pk", filter=Q(referral__isnull=True)),
        )
        .order_by()
    }
    counts = {}
    for pk in vacancy_ids:
        a, h = applications.get(pk, {}), hires.get(pk, {})
        counts[pk] = VacancyCounts(
            applicants=a.get("applicants", 0),
            screened=a.get("screened", 0),
            referred=a.get("referred", 0),
            hired=h.get("hired", 0),
            hired_local=h.get("hired_local", 0),
            hired_without_referral=h.get("hired_without_referral", 0),
        )
    return counts


def _vacancy_row(vacancy: dict, counts: VacancyCounts) -> VacancyRow:
    return VacancyRow(
        id=vacancy["pk"],
        title=vacancy["title"],
        company_id=vacancy["company_id"],
        company_name=vacancy["company__name"],
        status=vacancy["status"],
        published_on=timezone.localdate(vacancy["published_at"]),
        close_date=vacancy["close_date"],
        openings=vacancy["openings"],
        counts=counts,
    )


_VACANCY_FIELDS = ("pk", "title", "company_id", "company__name", "status", "published_at", "close_date", "openings")


def vacancy_page(*, year: int, q: str = "", company_id: int | None = None, page: int = 1) -> VacancyPage:
    """One page of the public vacancies published in `year`, newest first, each with its counts.

    `q` matches the job title or the company's name (case-insensitive); `company_id` keeps one
    company's. A page past the end is the last page. Four queries: the count, the page, and
    the two grouped counts. Cached for everyone alike (no personal data in it).
    """

    def compute() -> VacancyPage:
        vacancies = _public_vacancies().filter(published_at__year=year)
        if q:
            vacancies = vacancies.filter(Q(title__icontains=q) | Q(company__name__icontains=q))
        if company_id is not None:
            vacancies = vacancies.filter(company_id=company_id)
        paginator = Paginator(vacancies.order_by("-published_at", "-pk").values(*_VACANCY_FIELDS), VACANCY_PAGE_SIZE)
        current = paginator.get_page(page)
        rows = list(current.object_list)
        counts = vacancy_counts([row["pk"] for row in rows])
        return VacancyPage(
            rows=[_vacancy_row(row, counts[row["pk"]]) for row in rows],
            number=current.number,
            num_pages=paginator.num_pages,
            count=paginator.count,
        )

    parts = ["v1", str(year), q, str(company_id or ""), str(page)]
    return public_cache.cached("transparency-vacancies", parts, compute)


def company_rows(*, year: int) -> list[CompanyRow]:
    """Per company, for `year`: public vacancies published, verified hires starting that year, their local share.

    Every company with either; by name. Two grouped queries, cached.
    """

    def compute() -> list[CompanyRow]:
        minimum = local_min_percent()
        vacancies = {
            row["company_id"]: row
            for row in _public_vacancies()
            .filter(published_at__year=year)
            .values("company_id", "company__name")
            .annotate(n=Count("pk"))
            .order_by()
        }
        hires = {
            row["company_id"]: row
            for row in Placement.objects.filter(status=Placement.Status.VERIFIED, start_date__year=year)
            .values("company_id", "company__name")
            .annotate(n=Count("pk"), local=Count("pk", filter=Q(is_local=True)))
            .order_by()
        }
        rows = []
        for pk in vacancies.keys() | hires.keys():
            v, h = vacancies.get(pk), hires.get(pk)
            name = (v or h)["company__name"]
            total, local = (h["n"], h["local"]) if h else (0, 0)
            rows.append(
                CompanyRow(
                    id=pk,
                    name=name,
                    vacancies=v["n"] if v else 0,
                    hires=total,
                    local_hires=local,
                    meets_minimum=_meets(local, total, minimum) if total else None,
                )
            )
        return sorted(rows, key=lambda row: (row.name.casefold(), row.id))

    return public_cache.cached("transparency-companies", ["v1", str(year)], compute)


def public_vacancy_row(vacancy_id: int) -> VacancyRow | None:
    """One public vacancy with its counts (cached); None for a draft, a report in review, a rejected one or none."""

    def compute() -> VacancyRow | None:
        row = _public_vacancies().filter(pk=vacancy_id).values(*_VACANCY_FIELDS).first()
        if row is None:
            return None
        return _vacancy_row(row, vacancy_counts([row["pk"]])[row["pk"]])

    # None is not cached (public_cache treats it as a miss): a missing id costs one query each time.
    return public_cache.cached("transparency-vacancy", ["v1", str(vacancy_id)], compute)


def _card_number():
    """The person's newest numbered AK/I card (referral needs an active one, so there is one)."""
    return Subquery(
        AkiCard.objects.filter(jobseeker_id=OuterRef("jobseeker_id"), number__isnull=False)
        .order_by("-issued_at", "-pk")
        .values("number")[:1]
    )


def _referral_result(status: str, placement_status: str | None) -> str:
    if placement_status == Placement.Status.VERIFIED:
        return RESULT_HIRED
    return {
        Referral.Status.REFERRED: RESULT_REFERRED,
        Referral.Status.IN_SELECTION: RESULT_IN_SELECTION,
        Referral.Status.ACCEPTED: RESULT_ACCEPTED,
        Referral.Status.NOT_ACCEPTED: RESULT_NOT_ACCEPTED,
        Referral.Status.NO_SHOW: RESULT_NO_SHOW,
    }.get(status, RESULT_REFERRED)


def selection_results(*, vacancy_id: int) -> SelectionResults:
    """Everyone referred to the vacancy, and every verified hire of it without a referral, with the result.

    Named (AK/I card number and masked name) only when the person has agreed to it
    (`JobseekerProfile.results_publication_consent_at`) and the account is open (an account
    closed for deletion is never named); everyone else is only counted. Never cached: two
    queries on every call, so a withdrawal counts at once.
    """
    consented = ExpressionWrapper(
        Q(jobseeker__results_publication_consent_at__isnull=False, jobseeker__user__is_active=True),
        output_field=BooleanField(),
    )
    referral_rows = (
        Application.objects.filter(vacancy_id=vacancy_id, referral__isnull=False)
        .annotate(card_number=_card_number())
        .values(
            "referral__status",
            "referral__placement__status",
            "card_number",
            "jobseeker__full_name",
            named=consented,
        )
        .order_by("referral__created_at", "referral__pk")
    )
    hire_rows = (
        Placement.objects.filter(vacancy_id=vacancy_id, status=Placement.Status.VERIFIED, referral__isnull=True)
        .annotate(card_number=_card_number())
        .values("card_number", "jobseeker__full_name", named=consented)
        .order_by("start_date", "pk")
    )
    named: list[SelectionResult] = []
    not_named = 0
    rows = [
        (row, _referral_result(row["referral__status"], row["referral__placement__status"])) for row in referral_rows
    ]
    rows += [(row, RESULT_HIRED_WITHOUT_REFERRAL) for row in hire_rows]
    for row, result in rows:
        if row["named"]:
            named.append(
                SelectionResult(
                    card_number=row["card_number"] or "",
                    masked_name=mask_name(row["jobseeker__full_name"]),
                    result=result,
                )
            )
        else:
            not_named += 1
    return SelectionResults(named=named, not_named=not_named)


def as_data(value) -> dict:
    """A dataclass of this module as JSON-ready values (dates stay dates for the serializer)."""
    return asdict(value)
