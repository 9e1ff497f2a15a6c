"""The floors of the search benchmark, served by the same server, middleware and database as the portal.

- `bare`: a view that does nothing (the framework's floor).
- `page_ids`: the one query that finds a page of the search (the same SQL the search page and
  the API run for their ids, taken from the same code), and nothing else: its ids as JSON
  (the framework-plus-database floor). The SQL is built once per query string and then only run.
"""

from django.db import connection
from django.http import HttpResponse, JsonResponse

from bontang_aker.core.pagination import page_ids_query
from employers.api.filters import VacancyFilter
from employers.selectors import vacancy_list_public

_statements: dict[str, tuple[str, list]] = {}


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


def page_ids(request):
    key = request.GET.urlencode()
    statement = _statements.get(key)
    if statement is None:
        filterset = VacancyFilter(request.GET, queryset=vacancy_list_public())
        if not filterset.is_valid():
            return JsonResponse(filterset.errors, status=400)
        number, cursor = int(request.GET.get("page") or 1), request.GET.get("cursor") or None
        statement = _statements[key] = page_ids_query(filterset.listing(), number=number, size=20, cursor=cursor)
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        ids = [row[0] for row in cursor.fetchall()]
    return JsonResponse({"ids": ids})
