"""Change lists of the tables that grow to 100,000 rows (jobseekers, cards, applications, events …).

The admin's defaults cost a full count of the table on every page (twice with a filter: the
filtered count and "N total"), and a search term runs `ILIKE '%…%'` on every search field,
which no index serves. Staff at the counter mostly type a number (a NIK, a card number, an NIB),
so `LargeListMixin`:

- counts with EstimatedCountPaginator: exact while the planner expects at most 10,000 rows,
  the planner's estimate above (shown as "about"), and never the unfiltered total;
- shows 50 rows a page;
- looks up a term made of digits only in `digit_search_fields`, by prefix and through their
  indexes (`nik LIKE '6474%'`, the `_like` index Django adds to indexed text columns); any other
  term searches `search_fields` as usual.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from bontang_aker.core.pagination import EstimatedCountPaginator
from bontang_aker.core.validators import normalize_digits


class LargeListMixin:
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    digit_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        digits = normalize_digits(search_term.strip())
        if self.digit_search_fields and digits.isascii() and digits.isdigit():
            lookups = [Q(**{f"{field}__startswith": digits}) for field in self.digit_search_fields]
            return queryset.filter(reduce(or_, lookups)), False
        return super().get_search_results(request, queryset, search_term)
