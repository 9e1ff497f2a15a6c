"""In-process copies of the reference tables, so that lists never join them.

The reference tables are tiny (a few dozen rows each) and change a few times a year, yet every
vacancy on a list names four of them. Joining them into each list query made its planning cost
more than its execution at 100,000 vacancies; here they are read once per process and handed
out from memory instead: rows attached to the objects of a page, codes of a filter looked up.

Freshness: one small query per request (the row count and the latest `updated_at` of each table)
tells whether anything changed; the tables are then read again. Outside a request (a task, a test,
the shell) the check runs on every use. Staff edits in the admin and `load_reference` save rows
and so move `updated_at`; an `UPDATE` in raw SQL would not be noticed until the next restart.

The objects handed out are shared between requests: read them, never change them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import connection

from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kecamatan, Kelurahan, Skill

_MODELS = (Kecamatan, Kelurahan, EducationLevel, KbliCategory, KbjiGroup, Skill)


@dataclass(frozen=True)
class ReferenceData:
    """Every row of each reference model by id and by code, in the model's usual order."""

    version: int
    rows: dict[type, dict[int, object]]
    codes: dict[type, dict[str, object]]

    def get(self, model, pk):
        """The row with this id, or None (a row created since the last check: let the caller query it)."""
        return self.rows[model].get(pk)

    def by_code(self, model) -> dict[str, object]:
        return self.codes[model]

    def ordered(self, model) -> list:
        return list(self.rows[model].values())


def _stamp_sql() -> str:
    quote = connection.ops.quote_name
    return " UNION ALL ".join(
        f"(SELECT {index}, count(*), max(updated_at) FROM {quote(model._meta.db_table)})"
        for index, model in enumerate(_MODELS)
    )


class _ReferenceCache:
    def __init__(self):
        self._data: ReferenceData | None = None
        self._stamp = None
        self._version = 0
        self._lock = threading.Lock()
        self._local = threading.local()

    def get(self) -> ReferenceData:
        local = self._local
        if getattr(local, "in_request", False) and getattr(local, "checked", False) and self._data is not None:
            return self._data
        with connection.cursor() as cursor:
            cursor.execute(_stamp_sql())
            stamp = tuple(sorted(cursor.fetchall()))
        if stamp != self._stamp or self._data is None:
            with self._lock:
                self._version += 1
                self._data, self._stamp = self._load(self._version), stamp
        local.checked = True
        return self._data

    @staticmethod
    def _load(version: int) -> ReferenceData:
        orderings = {EducationLevel: ("rank", "code"), Skill: ("name", "code")}
        rows = {
            model: {row.pk: row for row in model.objects.order_by(*orderings.get(model, ("code",)))}
            for model in _MODELS
        }
        for row in rows[Kelurahan].values():
            row.kecamatan = rows[Kecamatan][row.kecamatan_id]  # so that str() needs no query
        codes = {model: {row.code: row for row in by_id.values()} for model, by_id in rows.items()}
        return ReferenceData(version=version, rows=rows, codes=codes)

    def request_started(self, **kwargs) -> None:
        self._local.in_request, self._local.checked = True, False

    def request_finished(self, **kwargs) -> None:
        self._local.in_request = self._local.checked = False


_cache = _ReferenceCache()
request_started.connect(_cache.request_started, dispatch_uid="reference_cache_started")
request_finished.connect(_cache.request_finished, dispatch_uid="reference_cache_finished")


def reference_data() -> ReferenceData:
    """The reference rows, checked against the database at most once per request."""
    return _cache.get()
