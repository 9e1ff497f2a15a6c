"""The statutory tables of one month: the IPK III tables and Bontang's own, with the balance check.

`month_tables(year=, month=)` runs the queries of `reports.queries` for the month (WITA calendar)
and builds the tables of `reports.layout`. Flow tables (jobseekers in the register, vacancies in
openings) have the five IPK columns, each split by sex; their carried-forward column comes from
the flows, and `check_balance` compares it with the register counted directly at the month's end
(each card's or vacancy's state then): a difference means the event rows disagree with themselves,
and the report fails instead of being sent.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kecamatan
from jobseekers.card_statistics import aki_card_holders_snapshot
from reports import queries
from reports.layout import Column, Row, Table

NONE = "none"  # the row code of "not given"


class ReportImbalance(Exception):
    """A flow table whose carried-forward figures differ from the register counted directly."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def start(self) -> datetime.datetime:
        """Midnight WITA on the first day, as an aware date-time."""
        return _midnight(self.first_day)

    @property
    def end(self) -> datetime.datetime:
        return _midnight(self.last_day + datetime.timedelta(days=1))

    @property
    def year_start(self) -> datetime.datetime:
        return _midnight(datetime.date(self.year, 1, 1))

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_fixed_timezone(8 * 60))


# -- The rows of each dimension ------------------------------------------------------------------


def _age_rows() -> list[tuple[str, str]]:
    return [("15-19", "15–19"), ("20-29", "20–29"), ("30-44", "30–44"), ("45-54", "45–54"), ("55+", "55+")]


def _reference_rows(model, **filters) -> list[tuple[str, str]]:
    items = model.objects.filter(**filters)
    if model is EducationLevel:
        items = items.order_by("rank", "code")
    else:
        items = items.order_by("code")
    # Codes say something for KBJI and KBLI ("7 — Pekerja Pengolahan…"); an education level's name is its code.
    with_code = model in (KbjiGroup, KbliCategory)
    return [(str(item.pk), f"{item.code} — {item.name}" if with_code else item.name) for item in items]


def _dimension_rows(dimension: str) -> list[tuple[str, str]]:
    """(row code, label) of every row a dimension's table always shows, in order."""
    if dimension == "all":
        return [("true", _("All vacancies"))]
    if dimension == "age_group":
        return _age_rows()
    if dimension == "education":
        return [*_reference_rows(EducationLevel), (NONE, _("Not given"))]
    if dimension == "occupation":
        return [*_reference_rows(KbjiGroup, parent=None), (NONE, _("Not given"))]
    if dimension == "sector":
        return [*_reference_rows(KbliCategory), (NONE, _("Not given"))]
    if dimension == "kecamatan":
        return [*_reference_rows(Kecamatan), (NONE, _("Outside Bontang"))]
    if dimension == "disability":
        return [("true", _("With a disability")), ("false", _("Without a disability"))]
    raise ValueError(dimension)


def _row_code(value) -> str:
    if value is None or value == "":
        return NONE
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rows_with_unknown(rows: list[tuple[str, str]], seen: set[str]) -> list[tuple[str, str]]:
    """The fixed rows plus any value the data holds that they lack (an inactive reference item)."""
    known = {code for code, _label in rows}
    return rows + [(code, code) for code in sorted(seen - known)]


# -- Flow tables ---------------------------------------------------------------------------------

FLOW_KEYS = ("carried_over", "registered", "out_placed", "out_removed", "carried_forward")


def _flow_groups(*, jobseekers: bool, with_sums: bool) -> list[tuple[str, str]]:
    groups = [
        ("carried_over", _("Carried over from last month") if jobseekers else _("Open at the end of last month")),
        ("registered", _("Registered this month")),
    ]
    if with_sums:
        groups.append(("in_total", _("Total (A)")))
    groups += [
        ("out_placed", _("Placed") if jobseekers else _("Filled")),
        ("out_removed", _("Removed")),
    ]
    if with_sums:
        groups.append(("out_total", _("Total (B)")))
    groups.append(("carried_forward", _("Carried forward (A − B)") if with_sums else _("Carried forward")))
    return groups


def _sexes(*, jobseekers: bool) -> list[tuple[str, str]]:
    if jobseekers:
        return [("M", _("M")), ("F", _("F")), ("all", _("Total"))]
    return [("M", _("M")), ("F", _("F")), ("any", _("M/F")), ("all", _("Total"))]


def _flow_columns(*, jobseekers: bool, with_sums: bool) -> list[Column]:
    return [
        Column(key=f"{group}_{sex}", label=sex_label, group=group_label, rollup=_flow_rollup(group))
        for group, group_label in _flow_groups(jobseekers=jobseekers, with_sums=with_sums)
        for sex, sex_label in _sexes(jobseekers=jobseekers)
    ]


def _flow_rollup(group: str) -> str:
    return {"carried_over": "first", "carried_forward": "last"}.get(group, "sum")


def _flow_table(
    *,
    key: str,
    code: str,
    title: str,
    dimension_label: str,
    dimension: str,
    flows: list[tuple],
    jobseekers: bool,
    with_sums: bool = False,
) -> Table:
    """A flow table from (sex, value, carried over, in, placed/filled, removed) rows."""
    figures: dict[tuple[str, str], list[int]] = {}
    for sex, value, carried_over, registered, placed, removed in flows:
        figures[(_row_code(value), sex or "")] = [int(carried_over), int(registered), int(placed), int(removed)]
    columns = _flow_columns(jobseekers=jobseekers, with_sums=with_sums)
    sexes = [sex for sex, _label in _sexes(jobseekers=jobseekers) if sex != "all"]
    rows = []
    for row_code, label in _rows_with_unknown(_dimension_rows(dimension), {code for code, _sex in figures}):
        by_group: dict[str, dict[str, int]] = {}
        for sex in sexes:
            carried_over, registered, placed, removed = figures.get((row_code, sex), [0, 0, 0, 0])
            values = {
                "carried_over": carried_over,
                "registered": registered,
                "in_total": carried_over + registered,
                "out_placed": placed,
                "out_removed": removed,
                "out_total": placed + removed,
                "carried_forward": carried_over + registered - placed - removed,
            }
            for group, value in values.items():
                by_group.setdefault(group, {})[sex] = value
        values = []
        for column in columns:
            group, sex = column.key.rsplit("_", 1)
            group_values = by_group[group]
            values.append(sum(group_values.values()) if sex == "all" else group_values[sex])
        rows.append(Row(label=label, code=row_code, values=values))
    return with_total(
        Table(key=key, code=code, title=title, dimension=dimension_label, columns=columns, rows=rows, flow=True)
    )


def with_total(table: Table) -> Table:
    """The table with its total row: counts summed, percentages recomputed from their parts."""
    totals = [sum(row.values[index] or 0 for row in table.rows) for index in range(len(table.columns))]
    totals = recompute_percentages(table.columns, totals)
    table.total = Row(label=_("Total"), code="total", values=totals)
    return table


def recompute_percentages(columns: list[Column], values: list) -> list:
    index = {column.key: position for position, column in enumerate(columns)}
    values = list(values)
    for position, column in enumerate(columns):
        if column.rollup.startswith("ratio:"):
            numerator, denominator = column.rollup.removeprefix("ratio:").split("/")
            values[position] = percentage(values[index[numerator]], values[index[denominator]])
    return values


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def check_balance(table: Table, stock: list[tuple], *, jobseekers: bool) -> list[str]:
    """Each row's carried-forward figure against the register counted directly at the month's end."""
    counted = {(_row_code(value), sex or ""): int(count) for sex, value, count in stock}
    problems = []
    keys = [column.key for column in table.columns]
    for row in table.rows:
        for sex, _label in _sexes(jobseekers=jobseekers):
            if sex == "all":
                continue
            flows = row.values[keys.index(f"carried_forward_{sex}")]
            direct = counted.get((row.code, sex), 0)
            if flows != direct:
                problems.append(
                    _("%(table)s %(row)s %(sex)s: %(flows)s from the flows, %(counted)s counted")
                    % {"table": table.code, "row": row.label, "sex": sex, "flows": flows, "counted": direct}
                )
            if flows < 0:
                problems.append(
                    _("%(table)s %(row)s %(sex)s: negative carried forward %(flows)s")
                    % {"table": table.code, "row": row.label, "sex": sex, "flows": flows}
                )
    return problems


# -- Placement tables ----------------------------------------------------------------------------

PLACEMENT_TYPES = (("akl", "AKL"), ("akad", "AKAD"), ("akan", "AKAN"))


def _placements_by_type_table(counts: list[tuple]) -> Table:
    """IPK III/8: placements by AKL/AKAD/AKAN × education × sex."""
    figures: dict[tuple[str, str, str], int] = {}
    for sex, value, placed, _local in counts:
        placement_type, _sep, education = value.partition(":")
        figures[(placement_type, _row_code(education), sex)] = int(placed)
    columns = [
        Column(key=f"{placement_type}_{sex}", label=sex_label, group=type_label)
        for placement_type, type_label in (*PLACEMENT_TYPES, ("all", _("Total")))
        for sex, sex_label in _sexes(jobseekers=True)
    ]
    rows = []
    seen = {education for _type, education, _sex in figures}
    for row_code, label in _rows_with_unknown(_dimension_rows("education"), seen):
        values = []
        for column in columns:
            placement_type, sex = column.key.rsplit("_", 1)
            types = [t for t, _l in PLACEMENT_TYPES] if placement_type == "all" else [placement_type]
            sexes = ("M", "F") if sex == "all" else (sex,)
            values.append(sum(figures.get((t, row_code, s), 0) for t in types for s in sexes))
        rows.append(Row(label=label, code=row_code, values=values))
    return with_total(
        Table(
            key="iii_8_placements",
            code="IPK III/8",
            title=_("Placements by type (AKL, AKAD, AKAN), education and sex"),
            dimension=_("Education"),
            columns=columns,
            rows=rows,
        )
    )


def _placements_by_dimension_table(
    *, key: str, code: str, title: str, dimension_label: str, dimension: str, counts: list[tuple]
) -> Table:
    """Verified placements by one dimension and sex, with the local ones and their share."""
    placed: dict[tuple[str, str], tuple[int, int]] = {}
    for sex, value, count, local in counts:
        placed[(_row_code(value), sex)] = (int(count), int(local))
    columns = [
        Column(key="placed_M", label=_("M"), group=_("Placed")),
        Column(key="placed_F", label=_("F"), group=_("Placed")),
        Column(key="placed_all", label=_("Total"), group=_("Placed")),
        Column(key="local", label=_("Local (KTP Bontang)"), group=_("Of which")),
        Column(
            key="local_share",
            label=_("Local share (%)"),
            group=_("Of which"),
            kind="percent",
            rollup="ratio:local/placed_all",
        ),
    ]
    rows = []
    for row_code, label in _rows_with_unknown(_dimension_rows(dimension), {code for code, _sex in placed}):
        men, men_local = placed.get((row_code, "M"), (0, 0))
        women, women_local = placed.get((row_code, "F"), (0, 0))
        local = men_local + women_local
        rows.append(
            Row(label=label, code=row_code, values=[men, women, men + women, local, percentage(local, men + women)])
        )
    return with_total(Table(key=key, code=code, title=title, dimension=dimension_label, columns=columns, rows=rows))


def _companies_table(companies: list[tuple]) -> Table:
    """Bontang: per company, vacancies reported against hires reported and verified, and the local share."""
    share_target = round(100 * settings.LOCAL_WORKER_MIN_SHARE)
    columns = [
        Column(key="vacancies", label=_("Vacancies"), group=_("Reported this month")),
        Column(key="openings", label=_("Openings"), group=_("Reported this month")),
        Column(key="hire_reports", label=_("Hire reports"), group=_("Reported this month")),
        Column(key="hires", label=_("Hires"), group=_("Verified this month")),
        Column(key="local", label=_("Local"), group=_("Verified this month")),
        Column(key="non_local", label=_("Non-local"), group=_("Verified this month")),
        Column(
            key="local_share",
            label=_("Local share (%)"),
            group=_("Verified this month"),
            kind="percent",
            rollup="ratio:local/hires",
        ),
        Column(key="year_hires", label=_("Hires"), group=_("Since 1 January"), rollup="last"),
        Column(key="year_local", label=_("Local"), group=_("Since 1 January"), rollup="last"),
        Column(
            key="year_local_share",
            label=_("Local share (%)"),
            group=_("Since 1 January"),
            kind="percent",
            rollup="ratio:year_local/year_hires",
        ),
    ]
    rows = []
    for company_id, name, nib, vacancies, openings, reports, hires, local, year_hires, year_local in companies:
        rows.append(
            Row(
                label=f"{name} (NIB {nib})",
                code=f"company:{company_id}",
                values=[
                    vacancies,
                    openings,
                    reports,
                    hires,
                    local,
                    hires - local,
                    percentage(local, hires),
                    year_hires,
                    year_local,
                    percentage(year_local, year_hires),
                ],
            )
        )
    return with_total(
        Table(
            key="bontang_companies",
            code="Bontang 1",
            title=_("Vacancies and hires per company, and the local-worker share (Perda 10/2018)"),
            dimension=_("Company"),
            columns=columns,
            rows=rows,
            note=_(
                "The target is at least %(share)s%% local (KTP Bontang) workers among a company's hires "
                "in the calendar year."
            )
            % {"share": share_target},
        )
    )


def _kecamatan_table(card_flows: list[tuple], placement_counts: list[tuple]) -> Table:
    """Bontang: jobseekers and placements per kecamatan."""
    cards: dict[str, list[int]] = {}
    for _sex, value, carried_over, registered, placed, removed in card_flows:
        figures = cards.setdefault(_row_code(value), [0, 0, 0])
        figures[0] += int(registered)
        figures[1] += int(carried_over) + int(registered) - int(placed) - int(removed)
    for _sex, value, count, _local in placement_counts:
        cards.setdefault(_row_code(value), [0, 0, 0])[2] += int(count)
    columns = [
        Column(key="registered", label=_("Registered this month"), group=_("Jobseekers (AK/I)")),
        Column(
            key="carried_forward",
            label=_("In the register at the month's end"),
            group=_("Jobseekers (AK/I)"),
            rollup="last",
        ),
        Column(key="placed", label=_("Placements verified"), group=_("Placements")),
    ]
    rows = [
        Row(label=label, code=row_code, values=cards.get(row_code, [0, 0, 0]))
        for row_code, label in _rows_with_unknown(_dimension_rows("kecamatan"), set(cards))
    ]
    return with_total(
        Table(
            key="bontang_kecamatan",
            code="Bontang 2",
            title=_("Jobseekers and placements per kecamatan"),
            dimension=_("Kecamatan"),
            columns=columns,
            rows=rows,
            note=_("Jobseekers by their domicile when their card was issued; placements by the placed person's."),
        )
    )


# -- The month -----------------------------------------------------------------------------------


def month_tables(*, year: int, month: int) -> list[Table]:
    """Every table of one month, balance-checked; raises ReportImbalance when a flow table does not balance."""
    period = Month(year, month)
    aki_card_holders_snapshot()  # cards issued outside aki_card_issue (imports) are counted as they stand
    cards = queries.card_flows(start=period.start, end=period.end)
    vacancies = queries.vacancy_flows(start=period.start, end=period.end)
    placements = queries.placement_counts(start=period.start, end=period.end)
    companies = queries.company_figures(start=period.start, end=period.end, year_start=period.year_start)

    jobseeker_tables = [
        _flow_table(
            key="iii_1_jobseekers",
            code="IPK III/1a",
            title=_("Labour exchange summary: jobseekers by age group"),
            dimension_label=_("Age group"),
            dimension="age_group",
            flows=cards["age_group"],
            jobseekers=True,
            with_sums=True,
        ),
        _flow_table(
            key="iii_2_jobseekers_education",
            code="IPK III/2",
            title=_("Jobseekers by education"),
            dimension_label=_("Education"),
            dimension="education",
            flows=cards["education"],
            jobseekers=True,
        ),
        _flow_table(
            key="iii_3_jobseekers_occupation",
            code="IPK III/3",
            title=_("Jobseekers by occupation group (KBJI 2014 major group)"),
            dimension_label=_("KBJI major group"),
            dimension="occupation",
            flows=cards["occupation"],
            jobseekers=True,
        ),
    ]
    vacancy_tables = [
        _flow_table(
            key="iii_1_vacancies",
            code="IPK III/1b",
            title=_("Labour exchange summary: vacancies (openings)"),
            dimension_label=_("Vacancies"),
            dimension="all",
            flows=vacancies["all"],
            jobseekers=False,
            with_sums=True,
        ),
        _flow_table(
            key="iii_4_vacancies_education",
            code="IPK III/4",
            title=_("Vacancies (openings) by minimum education"),
            dimension_label=_("Education"),
            dimension="education",
            flows=vacancies["education"],
            jobseekers=False,
        ),
        _flow_table(
            key="iii_5_vacancies_occupation",
            code="IPK III/5",
            title=_("Vacancies (openings) by occupation group (KBJI 2014 major group)"),
            dimension_label=_("KBJI major group"),
            dimension="occupation",
            flows=vacancies["occupation"],
            jobseekers=False,
        ),
        _flow_table(
            key="iii_6_vacancies_sector",
            code="IPK III/6",
            title=_("Vacancies (openings) by sector (KBLI 2020)"),
            dimension_label=_("KBLI category"),
            dimension="sector",
            flows=vacancies["sector"],
            jobseekers=False,
        ),
    ]
    tables = [
        jobseeker_tables[0],
        vacancy_tables[0],
        *jobseeker_tables[1:],
        *vacancy_tables[1:],
        _placements_by_dimension_table(
            key="iii_7_placements_sector",
            code="IPK III/7",
            title=_("Placements by sector (KBLI 2020) and sex"),
            dimension_label=_("KBLI category"),
            dimension="sector",
            counts=placements["sector"],
        ),
        _placements_by_type_table(placements["type_education"]),
        _companies_table(companies),
        _kecamatan_table(cards["kecamatan"], placements["kecamatan"]),
        _placements_by_dimension_table(
            key="bontang_disability",
            code="Bontang 3",
            title=_("Placements of people with a disability"),
            dimension_label=_("Disability"),
            dimension="disability",
            counts=placements["disability"],
        ),
    ]
    _check_month(period, tables)
    return tables


def _check_month(period: Month, tables: list[Table]) -> None:
    card_stock = queries.card_stock(at=period.end)
    vacancy_stock = queries.vacancy_stock(at=period.end)
    stock_of = {
        "iii_1_jobseekers": (card_stock["age_group"], True),
        "iii_2_jobseekers_education": (card_stock["education"], True),
        "iii_3_jobseekers_occupation": (card_stock["occupation"], True),
        "iii_1_vacancies": (vacancy_stock["all"], False),
        "iii_4_vacancies_education": (vacancy_stock["education"], False),
        "iii_5_vacancies_occupation": (vacancy_stock["occupation"], False),
        "iii_6_vacancies_sector": (vacancy_stock["sector"], False),
    }
    problems = []
    for table in tables:
        if table.key in stock_of:
            stock, jobseekers = stock_of[table.key]
            problems += check_balance(table, stock, jobseekers=jobseekers)
    if problems:
        raise ReportImbalance(problems)
