"""The shape of a report's data: what the generator stores and every renderer reads.

`Report.data` is a JSON object:

    {
      "title": "Laporan Bulanan Pelayanan Antar Kerja",    # in Indonesian, as the files print it
      "office": "Dinas Ketenagakerjaan Kota Bontang",
      "period": {"kind": "month", "start": "2026-03-01", "end": "2026-03-31", "label": "Maret 2026"},
      "generated_at": "2026-04-01T01:00:03+08:00",
      "code_version": "a8d29e9",
      "tables": [Table.as_dict(), ...],
    }

A table has a first column naming its rows (`dimension`, e.g. "Golongan umur") and numeric columns;
a column may belong to a group ("Terdaftar bulan ini") printed as a heading spanning its columns
(consecutive columns with the same group share it). Values are whole numbers, or a percentage with
one decimal where the column's `kind` is "percent" (then `null` when there is nothing to divide).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""
    kind: str = "count"  # "count" or "percent"
    # How a quarter or a year combines the months (reports.rollup): "sum", "first" (carried over),
    # "last" (carried forward, year to date) or "ratio:<numerator key>/<denominator key>" (a percentage).
    rollup: str = "sum"

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "group": self.group, "kind": self.kind, "rollup": self.rollup}


@dataclass
class Row:
    label: str
    values: list
    code: str = ""  # the reference code of the row (education level, KBJI group…), blank for none

    def as_dict(self) -> dict:
        return {"label": self.label, "code": self.code, "values": list(self.values)}


@dataclass
class Table:
    key: str  # stable, file-name safe: "iii_1_jobseekers"
    code: str  # as printed: "IPK III/1"
    title: str
    dimension: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    note: str = ""
    flow: bool = False  # a register's flows: carried over + in − out = carried forward, checked

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "code": self.code,
            "title": self.title,
            "dimension": self.dimension,
            "columns": [column.as_dict() for column in self.columns],
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict() if self.total else None,
            "note": self.note,
            "flow": self.flow,
        }

    def column_groups(self) -> list[tuple[str, int]]:
        """(group, number of consecutive columns under it), for the heading row above the labels."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.group:
                groups[-1] = (column.group, groups[-1][1] + 1)
            else:
                groups.append((column.group, 1))
        return groups

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        return cls(
            key=data["key"],
            code=data["code"],
            title=data["title"],
            dimension=data["dimension"],
            columns=[Column(**column) for column in data["columns"]],
            rows=[Row(**row) for row in data["rows"]],
            total=Row(**data["total"]) if data.get("total") else None,
            note=data.get("note", ""),
            flow=data.get("flow", False),
        )
