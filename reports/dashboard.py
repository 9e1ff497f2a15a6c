"""The figures of the public labour-market dashboard (`/statistik/`) and its open data.

Everything here is a count over a coarse group (all of Bontang, a KBLI category, an education
level, a month), computed by the database with aggregates: no row of a person is loaded, and
nothing that names or identifies one leaves this module. The result is plain data (dicts, lists,
numbers, strings) so that the page, the JSON and the CSV files read the same thing, and so that it
can be cached.

Definitions:

- **Active jobseekers**: jobseekers holding an AK/I card with status `active` (a person has at most
  one card in progress or in force, `akicard_one_open_per_jobseeker`).
- **Open vacancies**: vacancies published by Disnaker and still open today (WITA), as the public
  vacancy search lists them (`Vacancy.objects.published()`); with the sum of their openings.
- **Placements**: hires verified by Disnaker (`Placement.Status.VERIFIED`), dated by their
  verification (the `PlacementEvent` with `to_status="verified"`) in WITA; local by
  `Placement.is_local` (KTP Bontang when the hire was reported).
- **Local share**: local placements / placements, in percent with one decimal (half up); `None`
  when there is no placement to divide by.

Caching: `dashboard_data()` keeps the result `DASHBOARD_CACHE_SECONDS` under a key naming the date
(WITA) and the language (the labels are translated), never the visitor: the page around it is
rendered per request. A cache outage costs nothing but the queries.
"""

from __future__ import annotations

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy

from bontang_aker.reference.models import EducationLevel
from employers.models import Vacancy
from jobseekers.models import AkiCard, EducationEntry
from placements.models import Placement, PlacementEvent

logger = logging.getLogger(__name__)

CACHE_KEY_VERSION = "v1"
MONTHS = 12
NOT_FILLED_CODE = ""

CHART_VACANCIES_BY_SECTOR = "vacancies-by-sector"
CHART_JOBSEEKERS_BY_EDUCATION = "jobseekers-by-education"
CHART_PLACEMENTS_BY_MONTH = "placements-by-month"
CHART_LOCAL_SHARE_BY_MONTH = "local-share-by-month"
CHART_NAMES = (
    CHART_VACANCIES_BY_SECTOR,
    CHART_JOBSEEKERS_BY_EDUCATION,
    CHART_PLACEMENTS_BY_MONTH,
    CHART_LOCAL_SHARE_BY_MONTH,
)

# Column labels (msgids), by key; a chart's columns are listed in its "columns".
COLUMN_LABELS = {
    "code": gettext_lazy("Code"),
    "label": gettext_lazy("Group"),
    "month": gettext_lazy("Month"),
    "vacancies": gettext_lazy("Open vacancies"),
    "openings": gettext_lazy("Openings"),
    "jobseekers": gettext_lazy("Active jobseekers"),
    "placements": gettext_lazy("Placements"),
    "local": gettext_lazy("Local workers"),
    "local_share_percent": gettext_lazy("Local share (%)"),
}


def wita_today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _wita_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal, half up; None when `whole` is zero."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(value)


# Key figures -----------------------------------------------------------------------------------


def active_jobseeker_count() -> int:
    return AkiCard.objects.filter(status=AkiCard.Status.ACTIVE).aggregate(n=Count("jobseeker", distinct=True))["n"]


def open_vacancy_totals() -> dict:
    totals = Vacancy.objects.published().aggregate(vacancies=Count("pk"), openings=Sum("openings"))
    return {"vacancies": totals["vacancies"], "openings": totals["openings"] or 0}


def _verifications_between(start: datetime.date, end: datetime.date):
    """The verification events of verified placements from `start` to before `end` (WITA days)."""
    return PlacementEvent.objects.filter(
        to_status=Placement.Status.VERIFIED,
        placement__status=Placement.Status.VERIFIED,
        created_at__gte=_wita_midnight(start),
        created_at__lt=_wita_midnight(end),
    )


_PLACEMENT_COUNTS = {
    "placements": Count("placement", distinct=True),
    "local": Count("placement", distinct=True, filter=Q(placement__is_local=True)),
}


def placement_totals(*, year: int) -> dict:
    """The placements verified in `year` (WITA), the local ones and their share."""
    counts = _verifications_between(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)).aggregate(
        **_PLACEMENT_COUNTS
    )
    return {**counts, "local_share_percent": percent(counts["local"], counts["placements"])}


# Charts ----------------------------------------------------------------------------------------


def vacancies_by_sector() -> list[dict]:
    """Open vacancies and their openings per KBLI category of the company, most openings first."""
    rows = (
        Vacancy.objects.published()
        .order_by()
        .values("company__kbli_category__code", "company__kbli_category__name")
        .annotate(vacancies=Count("pk"), openings=Sum("openings"))
        .order_by("-openings", "company__kbli_category__code")
    )
    return [
        {
            "code": row["company__kbli_category__code"],
            "label": row["company__kbli_category__name"],
            "vacancies": row["vacancies"],
            "openings": row["openings"],
        }
        for row in rows
    ]


def jobseekers_by_education() -> list[dict]:
    """Active jobseekers per highest education level (by rank); those without one last.

    Every active level is listed, with zero where nobody has it, so the groups stay the same
    from day to day; an inactive level appears only while someone has it.
    """
    highest = (
        EducationEntry.objects.filter(jobseeker=OuterRef("jobseeker"))
        .order_by("-level__rank", "level_id")
        .values("level_id")[:1]
    )
    counts = dict(
        AkiCard.objects.filter(status=AkiCard.Status.ACTIVE)
        .order_by()
        .annotate(level=Subquery(highest))
        .values("level")
        .annotate(n=Count("jobseeker", distinct=True))
        .values_list("level", "n")
    )
    levels = EducationLevel.objects.filter(Q(is_active=True) | Q(pk__in=[pk for pk in counts if pk])).order_by(
        "rank", "code"
    )
    rows = [{"code": level.code, "label": level.name, "jobseekers": counts.get(level.pk, 0)} for level in levels]
    rows.append({"code": NOT_FILLED_CODE, "label": gettext("Not filled in"), "jobseekers": counts.get(None, 0)})
    return rows


def placements_by_month(*, today: datetime.date) -> list[dict]:
    """Verified placements per month of their verification (WITA), the last MONTHS months up to today's."""
    first = _add_months(today, -(MONTHS - 1))
    counts = {
        row["month"].date(): row
        for row in _verifications_between(first, _add_months(today, 1))
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_default_timezone()))
        .order_by()
        .values("month")
        .annotate(**_PLACEMENT_COUNTS)
    }
    rows = []
    for offset in range(MONTHS):
        month = _add_months(first, offset)
        found = counts.get(month, {})
        placements, local = found.get("placements", 0), found.get("local", 0)
        rows.append(
            {
                "month": f"{month:%Y-%m}",
                "label": formats.date_format(month, "M Y"),
                "placements": placements,
                "local": local,
                "local_share_percent": percent(local, placements),
            }
        )
    return rows


# Everything, cached ----------------------------------------------------------------------------


def _chart(name: str, title: str, value_key: str, columns: list[str], rows: list[dict], unit: str = "") -> dict:
    return {
        "name": name,
        "title": title,
        "value_key": value_key,  # what the chart draws; the table shows every column
        "unit": unit,
        "columns": [{"key": key, "label": str(COLUMN_LABELS[key])} for key in columns],
        "rows": rows,
    }


def dashboard_compute(*, today: datetime.date) -> dict:
    """Every figure of the dashboard, in the active language; a handful of aggregate queries."""
    vacancies = open_vacancy_totals()
    placements = placement_totals(year=today.year)
    by_month = placements_by_month(today=today)
    return {
        "date": today.isoformat(),
        "generated_at": timezone.localtime(timezone.now()).isoformat(timespec="seconds"),
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "source": gettext("Dinas Ketenagakerjaan Kota Bontang, job placement portal"),
        "figures": {
            "active_jobseekers": active_jobseeker_count(),
            "open_vacancies": vacancies["vacancies"],
            "open_openings": vacancies["openings"],
            "year": today.year,
            "placements_this_year": placements["placements"],
            "local_placements_this_year": placements["local"],
            "local_share_percent": placements["local_share_percent"],
        },
        "charts": [
            _chart(
                CHART_VACANCIES_BY_SECTOR,
                gettext("Openings in open vacancies by business sector (KBLI)"),
                "openings",
                ["code", "label", "vacancies", "openings"],
                vacancies_by_sector(),
            ),
            _chart(
                CHART_JOBSEEKERS_BY_EDUCATION,
                gettext("Active jobseekers by highest education"),
                "jobseekers",
                ["code", "label", "jobseekers"],
                jobseekers_by_education(),
            ),
            _chart(
                CHART_PLACEMENTS_BY_MONTH,
                gettext("Placements per month (last 12 months)"),
                "placements",
                ["month", "label", "placements", "local"],
                [{key: row[key] for key in ("month", "label", "placements", "local")} for row in by_month],
            ),
            _chart(
                CHART_LOCAL_SHARE_BY_MONTH,
                gettext("Local share of placements per month (last 12 months)"),
                "local_share_percent",
                ["month", "label", "placements", "local", "local_share_percent"],
                by_month,
                unit="%",
            ),
        ],
    }


def cache_key(*, today: datetime.date, language: str) -> str:
    return f"reports:dashboard:{CACHE_KEY_VERSION}:{today.isoformat()}:{language}"


def dashboard_data() -> dict:
    """The dashboard's data for today (WITA) in the active language, from the cache when it is there."""
    today = wita_today()
    key = cache_key(today=today, language=translation.get_language() or settings.LANGUAGE_CODE)
    try:
        data = cache.get(key)
    except Exception as error:  # noqa: BLE001 - any failure of the cache means "compute without it"
        logger.warning("Dashboard cache unavailable (%s); computing the figures.", type(error).__name__)
        return dashboard_compute(today=today)
    if data is not None:
        return data
    data = dashboard_compute(today=today)
    try:
        cache.set(key, data, settings.DASHBOARD_CACHE_SECONDS)
    except Exception as error:  # noqa: BLE001
        logger.warning("Dashboard cache unavailable (%s); figures not stored.", type(error).__name__)
    return data


def chart_by_name(data: dict, name: str) -> dict | None:
    return next((chart for chart in data["charts"] if chart["name"] == name), None)
