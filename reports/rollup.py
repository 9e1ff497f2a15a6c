"""Quarters and years computed from their months.

Each column says how the months combine (`Column.rollup`): flows and counts add up, the carried-over
figure is the first month's, the carried-forward and year-to-date figures the last month's, and a
percentage is computed again from its parts. Before combining, each flow table is checked for
continuity: a month's carried-over figures must be the month before's carried-forward ones.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.layout import Row, Table
from reports.tables import ReportImbalance, recompute_percentages, with_total


def _combine(values: list, rule: str):
    if rule == "first":
        return values[0]
    if rule == "last":
        return values[-1]
    return sum(value or 0 for value in values)  # "sum"; percentages are recomputed by with_total's rule


def check_continuity(months: list[list[Table]]) -> list[str]:
    problems = []
    for before, after in zip(months, months[1:], strict=False):
        after_by_key = {table.key: table for table in after}
        for table in before:
            if not table.flow or table.key not in after_by_key:
                continue
            keys = [column.key for column in table.columns]
            following = {row.code: row for row in after_by_key[table.key].rows}
            for row in table.rows:
                next_row = following.get(row.code)
                for index, key in enumerate(keys):
                    if not key.startswith("carried_forward_"):
                        continue
                    carried_over = (
                        next_row.values[keys.index(key.replace("carried_forward_", "carried_over_"))] if next_row else 0
                    )
                    if row.values[index] != carried_over:
                        problems.append(
                            _(
                                "%(table)s %(row)s %(column)s: %(forward)s carried forward, "
                                "%(over)s carried over the month after"
                            )
                            % {
                                "table": table.code,
                                "row": row.label,
                                "column": key,
                                "forward": row.values[index],
                                "over": carried_over,
                            }
                        )
    return problems


def rollup(months: list[list[Table]]) -> list[Table]:
    """The tables of a quarter or a year from the tables of its months (in order)."""
    problems = check_continuity(months)
    if problems:
        raise ReportImbalance(problems)
    combined = []
    for position, first in enumerate(months[0]):
        same = [month[position] for month in months]
        rows_by_code: dict[str, list[Row | None]] = {}
        labels: dict[str, str] = {}
        for index, table in enumerate(same):
            for row in table.rows:
                rows_by_code.setdefault(row.code, [None] * len(same))[index] = row
                labels.setdefault(row.code, row.label)
        rows = []
        for code, month_rows in rows_by_code.items():
            values = []
            for column_index, column in enumerate(first.columns):
                present = [row.values[column_index] if row else 0 for row in month_rows]
                values.append(_combine(present, column.rollup))
            rows.append(Row(label=labels[code], code=code, values=values))
        table = Table(
            key=first.key,
            code=first.code,
            title=first.title,
            dimension=first.dimension,
            columns=first.columns,
            rows=rows,
            note=first.note,
            flow=first.flow,
        )
        combined.append(_recomputed(with_total(table)))
    return combined


def _recomputed(table: Table) -> Table:
    """Percentages of every row computed again from the combined counts (with_total did the total)."""
    for row in table.rows:
        row.values = recompute_percentages(table.columns, row.values)
    return table
