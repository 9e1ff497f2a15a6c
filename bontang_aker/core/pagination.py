"""Pages of long lists that cost the same on page 1 and page 5,000, and counts that say what they are.

A list of 100,000 rows paged the usual way (Django's Paginator, DRF's PageNumberPagination)
pays on every request for a `COUNT(*)` of every matching row, and for each deep page a sort of
every row before it. Here:

- **Ids first.** A page is the ids of its rows, read from the list's own table in index order
  (`list_page`); the caller then loads the full rows of those ids only.
- **Counts.** `EXPLAIN` gives the planner's estimate of the matching rows at the price of planning
  the query. Up to `EXACT_COUNT_LIMIT` expected rows they are counted exactly, in the same query
  as the page (never more than `COUNT_BOUND`, so a wrong estimate cannot turn into a full count).
  Above, the count is the estimate, rounded to two significant digits and marked `count_is_exact
  = False`, so that a page says "about 84,000", never a false exact figure. The last page always
  knows its exact count.
- **Keyset links.** On lists counted by estimate the next and previous links carry a cursor (the
  sort values of the last or first row shown): the next page is read from that point in the
  index, so following the links to the end never gets slower. A page asked for by number only
  (`?page=5000`) still works, by offset over the narrow index.

The sort keys must end with the primary key and must not be NULL in the listed rows (the public
vacancy list sorts by non-null columns only).

`EstimatedCountPaginator` brings the estimated count to lists that keep Django's Paginator (the
admin's change lists), and `EstimatedCountPagination` brings `list_page` to a DRF list.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
import math
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Lists the planner expects to be at most this long are counted exactly, in the page's query.
EXACT_COUNT_LIMIT = 1000
# An exact count never reads more rows than this, whatever the estimate said.
COUNT_BOUND = 10_000


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False

    @property
    def label(self) -> str:
        return ("-" if self.descending else "") + self.field


@dataclass
class Listing:
    """Rows in a fixed order: segments of one model shown one after the other, each sorted by `keys`.

    `whole` is every row of the segments together (for the count). One segment is the usual
    case; sorting by relevance uses two (title matches, then the others).
    """

    segments: list[QuerySet]
    keys: tuple[SortKey, ...]
    whole: QuerySet


class InvalidCursor(ValueError):
    pass


class PageOutOfRange(Exception):
    """A page number past the last page; `last` is the last page's number when it is known."""

    def __init__(self, last: int | None):
        super().__init__(last)
        self.last = last


@dataclass(frozen=True)
class Cursor:
    """A position in a listing: after (or, backward, before) the row with these sort values."""

    segment: int
    values: tuple
    backward: bool = False

    def encode(self, keys: tuple[SortKey, ...]) -> str:
        signature = ",".join(key.label for key in keys)
        values = [_jsonable(value) for value in self.values]
        raw = json.dumps([signature, self.segment, values, int(self.backward)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, listing: Listing) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            signature, segment, values, backward = json.loads(raw)
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
            raise InvalidCursor(token) from error
        keys = listing.keys
        if (
            signature != ",".join(key.label for key in keys)
            or not isinstance(segment, int)
            or not 0 <= segment < len(listing.segments)
            or not isinstance(values, list)
            or len(values) != len(keys)
            or backward not in (0, 1)
        ):
            raise InvalidCursor(token)
        meta = listing.whole.model._meta
        try:
            parsed = tuple(
                (meta.pk if key.field == "pk" else meta.get_field(key.field)).to_python(value)
                for key, value in zip(keys, values, strict=True)
            )
        except (ValidationError, LookupError, TypeError, ValueError) as error:
            raise InvalidCursor(token) from error
        if any(value is None for value in parsed):
            raise InvalidCursor(token)
        return cls(segment=segment, values=parsed, backward=bool(backward))


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


@dataclass
class ListPage:
    """One page of a listing: the ids of its rows, where it is, and how many rows there are."""

    ids: list
    number: int
    size: int
    count: int
    count_is_exact: bool
    has_next: bool
    has_previous: bool
    next_cursor: str | None = None  # None: the next page is linked by its number
    previous_cursor: str | None = None
    rows: list = field(default_factory=list)  # the loaded objects, set by the caller

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def query_for(self, *, forward: bool) -> dict[str, str | None]:
        """The `page` and `cursor` parameters of the next (or previous) page; a None cursor is left out."""
        if forward:
            return {"page": str(self.next_page_number), "cursor": self.next_cursor}
        return {"page": str(self.previous_page_number), "cursor": self.previous_cursor}


def estimate_count(queryset: QuerySet) -> int:
    """The planner's estimate of the rows of a queryset: the price of planning it, nothing read."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(queryset: QuerySet, bound: int | None = COUNT_BOUND) -> int:
    """The exact count, reading at most `bound` + 1 rows (None: no bound)."""
    queryset = queryset.order_by()
    if bound is None:
        return queryset.count()
    return queryset.values("pk")[: bound + 1].count()


def rounded(estimate: int) -> int:
    """An estimate to two significant digits: 84,362 → 84,000."""
    if estimate < 100:
        return estimate
    magnitude = 10 ** (len(str(estimate)) - 2)
    return round(estimate / magnitude) * magnitude


def _order(keys: tuple[SortKey, ...], *, backward: bool) -> list:
    return [F(key.field).desc() if key.descending != backward else F(key.field).asc() for key in keys]


def _beyond(keys: tuple[SortKey, ...], values: tuple, *, backward: bool) -> Q:
    """Rows after `values` in the walking direction; the leading bound lets the index seek there."""
    alternatives, equal = [], {}
    for key, value in zip(keys, values, strict=True):
        ahead = "lt" if key.descending != backward else "gt"
        alternatives.append(Q(**equal, **{f"{key.field}__{ahead}": value}))
        equal[key.field] = value
    lead = "lte" if keys[0].descending != backward else "gte"
    return Q(**{f"{keys[0].field}__{lead}": values[0]}) & reduce(or_, alternatives)


def _parts(listing: Listing, order: list, *, first: int = 0, after: Q | None = None, backward=False, limit=None):
    """The segments from `first` on (down to 0 when backward), each ordered, as value tuples."""
    fields = [key.field for key in listing.keys]
    indices = range(first, -1, -1) if backward else range(first, len(listing.segments))
    parts = []
    for index in indices:
        segment = listing.segments[index]
        if after is not None and index == first:
            segment = segment.filter(after)
        part = (
            segment.annotate(_segment=Value(index, output_field=IntegerField()))
            .order_by(*order)
            .values_list(*fields, "_segment")
        )
        parts.append(part if limit is None else part[:limit])
    return parts


def _combined(parts: list[QuerySet]) -> QuerySet:
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)


def _rows_counted(listing: Listing, *, offset: int, size: int) -> tuple[list[tuple], int]:
    """The page's rows and the exact count of all rows (up to COUNT_BOUND + 1), in one query."""
    keys = listing.keys
    parts = _parts(listing, _order(keys, backward=False), limit=COUNT_BOUND + 1)
    sql, params = _combined(parts).query.sql_with_params()
    columns = [f"c{index}" for index in range(len(keys) + 1)]
    segment = columns[-1]
    directions = [f"{column} {'DESC' if key.descending else 'ASC'}" for column, key in zip(columns, keys, strict=False)]
    window = ", ".join([segment, *directions])
    statement = (
        f"SELECT * FROM (SELECT _r.*, count(*) OVER () AS _total, row_number() OVER (ORDER BY {window}) AS _n "
        f"FROM ({sql}) AS _r({', '.join(columns)})) AS _w WHERE _n = 1 OR _n BETWEEN %s AND %s ORDER BY _n"
    )
    with connections[listing.whole.db].cursor() as cursor:
        cursor.execute(statement, [*params, offset + 1, offset + size + 1])
        found = cursor.fetchall()
    if not found:
        return [], 0
    total = found[0][-2]
    rows = [row[: len(columns)] for row in found if row[-1] > offset]
    return rows, total


def _page_rows_query(listing: Listing, *, offset: int, size: int, position: Cursor | None) -> QuerySet:
    """The query for a page's rows (sort values and segment) on a list counted by estimate."""
    keys = listing.keys
    if position is None:
        parts = _parts(listing, _order(keys, backward=False), limit=offset + size + 1)
        return _combined(parts)[offset : offset + size + 1]
    after = _beyond(keys, position.values, backward=position.backward)
    order = _order(keys, backward=position.backward)
    parts = _parts(listing, order, first=position.segment, after=after, backward=position.backward, limit=size + 1)
    return _combined(parts)[: size + 1]


def page_ids_query(listing: Listing, *, number: int = 1, size: int = 20, cursor: str | None = None) -> tuple:
    """The SQL and parameters that list_page runs for the ids of a page of a long list (the search floor)."""
    position = Cursor.decode(cursor, listing) if cursor else None
    return _page_rows_query(listing, offset=(number - 1) * size, size=size, position=position).query.sql_with_params()


def list_page(listing: Listing, *, number: int = 1, size: int = 20, cursor: str | None = None) -> ListPage:
    """One page of the listing; raises InvalidCursor, and PageOutOfRange past the last page.

    Two queries: the estimate, then the page's ids (with the exact count when it is small).
    """
    if number < 1:
        raise PageOutOfRange(None)
    position = Cursor.decode(cursor, listing) if cursor else None
    estimate = estimate_count(listing.whole)
    offset = (number - 1) * size
    keys = listing.keys
    exact_total = None
    if position is None and estimate <= EXACT_COUNT_LIMIT:
        rows, total = _rows_counted(listing, offset=offset, size=size)
        if total <= COUNT_BOUND:
            exact_total = total
        elif offset + size >= COUNT_BOUND:  # the estimate was far too low, and the page lies past the bound
            rows = list(_page_rows_query(listing, offset=offset, size=size, position=None))
    else:
        rows = list(_page_rows_query(listing, offset=offset, size=size, position=position))

    more = len(rows) > size
    rows = rows[:size]
    if position is not None and position.backward:
        rows.reverse()  # read walking backward from the cursor
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, position is not None or number > 1
    if not rows and (number > 1 or position is not None):
        last = max(1, math.ceil(exact_total / size)) if exact_total is not None else None
        raise PageOutOfRange(last)

    backward = position is not None and position.backward
    if exact_total is not None:
        count, exact = exact_total, True
    elif not has_next and not backward:
        count, exact = offset + len(rows), True  # the last page
    else:
        # The bounded count ran out (the estimate was too low), or the list is long: say "about".
        guess = COUNT_BOUND + 1 if position is None and estimate <= EXACT_COUNT_LIMIT else estimate
        count, exact = max(rounded(guess), offset + len(rows) + 1), False

    page = ListPage(
        ids=[row[len(keys) - 1] for row in rows],
        number=number,
        size=size,
        count=count,
        count_is_exact=exact,
        has_next=has_next,
        has_previous=has_previous,
    )
    if not exact:  # a long list: link by position, so that following the links never slows down
        if has_next:
            page.next_cursor = Cursor(rows[-1][-1], tuple(rows[-1][:-1])).encode(keys)
        if has_previous and number > 2:
            page.previous_cursor = Cursor(rows[0][-1], tuple(rows[0][:-1]), backward=True).encode(keys)
    return page


def list_page_or_last(listing: Listing, *, number: int = 1, size: int = 20, cursor: str | None = None) -> ListPage:
    """Like list_page, but a page past the end (or a stale cursor) gives the last page instead."""
    try:
        return list_page(listing, number=number, size=size, cursor=cursor)
    except PageOutOfRange as error:
        last = error.last
        if last is None:
            last = max(1, math.ceil(bounded_count(listing.whole, bound=None) / size))
        return list_page(listing, number=last, size=size)


class EstimatedCountPaginator(Paginator):
    """Django's Paginator with the planner's estimate for long lists (the admin's change lists).

    Lists the planner expects to hold at most `exact_limit` rows are counted exactly (cheap);
    above, `count` is the estimate and `count_is_exact` is False.
    """

    exact_limit = COUNT_BOUND

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        estimate = estimate_count(queryset)
        if estimate <= self.exact_limit:
            self.count_is_exact = True
            return queryset.count()
        self.count_is_exact = False
        return rounded(estimate)

    count_is_exact = True


class EstimatedCountPagination(PageNumberPagination):
    """DRF page-number pagination over a `Listing` (see the module docstring for what `count` means).

    The view calls `paginate_listing` instead of `paginate_queryset`; the answer keeps DRF's shape
    (`count`, `next`, `previous`, `results`).
    """

    cursor_query_param = "cursor"
    count_description = _(
        "How many results there are: exact up to %(limit)s, and on the last page; above that the "
        "database's estimate, rounded to two significant digits."
    )

    def paginate_listing(self, listing: Listing, request) -> ListPage:
        self.request = request
        raw = request.query_params.get(self.page_query_param) or "1"
        try:
            number = int(raw)
        except ValueError:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message="")) from None
        size = self.get_page_size(request) or 20
        try:
            page = list_page(
                listing, number=number, size=size, cursor=request.query_params.get(self.cursor_query_param) or None
            )
        except InvalidCursor:
            message = _("This cursor is not valid for this list.")
            raise ApiValidationError({self.cursor_query_param: [message]}) from None
        except PageOutOfRange:
            raise NotFound(self.invalid_page_message.format(page_number=raw, message="")) from None
        self.list_page = page
        return page

    def _link(self, *, forward: bool) -> str | None:
        page = self.list_page
        if not (page.has_next if forward else page.has_previous):
            return None
        url = self.request.build_absolute_uri()
        query = page.query_for(forward=forward)
        if query["cursor"]:
            url = replace_query_param(url, self.cursor_query_param, query["cursor"])
        else:
            url = remove_query_param(url, self.cursor_query_param)
        if not forward and query["page"] == "1" and not query["cursor"]:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, query["page"])

    def get_next_link(self):
        return self._link(forward=True)

    def get_previous_link(self):
        return self._link(forward=False)

    def get_paginated_response(self, data):
        page = self.list_page
        return Response(
            {"count": page.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = str(self.count_description) % {"limit": f"{EXACT_COUNT_LIMIT:,}"}
        properties["next"]["description"] = str(
            _("The next page; on long lists it carries a cursor (the position in the list) besides the page number.")
        )
        properties["previous"]["description"] = str(_("The previous page, like next."))
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "A position in the list, as given in the next and previous links; "
                        "only valid with the same filters and sort. An invalid one is a 400."
                    )
                ),
                "schema": {"type": "string", "maxLength": 1000},
            }
        )
        return parameters
