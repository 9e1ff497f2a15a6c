"""The public vacancy list at scale (issue 7): ids first, counts that say what they are, keyset links.

bontang_aker.core.pagination does the paging; these tests drive it through the search page and
the API, with the limit for exact counts lowered so that a few dozen rows behave like 100,000.
"""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.core import pagination
from bontang_aker.reference.models import EducationLevel, Kecamatan, Kelurahan, Skill
from employers import public_views
from employers.api.filters import VacancyFilter
from employers.api.viewsets import VacancyViewSet
from employers.models import Vacancy
from employers.selectors import vacancy_list_public
from employers.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")
LIST_URL = reverse("api:vacancy-list")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def long_lists(monkeypatch):
    """Lists above 5 expected rows count like 100,000 would: by estimate, with keyset links."""
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 5)


def analyze() -> None:
    """Fresh statistics, as autovacuum keeps them on a live database: the estimates count the new rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE employers_vacancy")


def vacancies_newest_first(count: int, **fields) -> list[Vacancy]:
    """`count` published vacancies, one minute apart, the newest first in the returned list."""
    now = timezone.now()
    made = [
        VacancyFactory(published=True, published_at=now - datetime.timedelta(minutes=index), **fields)
        for index in range(count)
    ]
    analyze()
    return made


def follow(client, url: str, params: dict | None = None, *, key: str) -> list[int]:
    """Every id met by following the `next` links from the first page."""
    seen, response = [], client.get(url, params or {})
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body[key]:
            return seen
        response = client.get(body[key])


# The query budget ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5, 20])
@pytest.mark.parametrize(
    "params",
    [{}, {"q": "operator"}, {"q": "operator", "min_education": "SMK", "kecamatan": "64.74.01"}],
)
def test_the_search_page_and_the_api_need_at_most_six_queries_whatever_the_page_size(
    client, api, monkeypatch, django_assert_max_num_queries, size, params
):
    # given: more vacancies than a page, with skills, from different companies
    skills = list(Skill.objects.all()[:3])
    for vacancy in VacancyFactory.create_batch(25, published=True):
        vacancy.skills.set(skills)
    monkeypatch.setattr(public_views, "SEARCH_PAGE_SIZE", size)
    monkeypatch.setattr(VacancyViewSet.pagination_class, "page_size", size)
    client.get(SEARCH, params)  # the first request of a process reads the reference tables into memory

    # when / then: the reference check, the search words, the estimate, the page's ids, rows, skills
    with django_assert_max_num_queries(6):
        page = client.get(SEARCH, params)
    with django_assert_max_num_queries(6):
        answer = api.get(LIST_URL, params)
    assert len(page.context["vacancies"]) == size
    assert len(answer.json()["results"]) == size


def test_a_deep_page_by_cursor_needs_no_more_queries_than_the_first(api, long_lists, django_assert_max_num_queries):
    # given
    vacancies_newest_first(45)
    first = api.get(LIST_URL).json()

    # when / then
    with django_assert_max_num_queries(5):
        second = api.get(first["next"])
    assert second.status_code == 200 and len(second.json()["results"]) == 20


def test_the_search_uses_the_gin_index(long_lists):
    # given: a rare word among 2,000 published vacancies, and fresh statistics
    VacancyFactory(published=True, title="Juru Las", description="Mengelas pipa.")
    template = VacancyFactory(published=True, title="Operator Produksi", description="Shift.")
    columns = ", ".join(f.column for f in Vacancy._meta.concrete_fields if f.column != "id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO employers_vacancy ({columns}) SELECT {columns} FROM employers_vacancy, "
            "generate_series(1, 2000) WHERE id = %s",
            [template.pk],
        )
        cursor.execute("SELECT gin_clean_pending_list('vacancy_search_published')")
        cursor.execute("ANALYZE employers_vacancy")
    filterset = VacancyFilter({"q": "las"}, queryset=vacancy_list_public())
    assert filterset.is_valid()
    sql, params = pagination.page_ids_query(filterset.listing(), number=1, size=20)

    # when: the query the search page and the API run for a page of ids
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # The statistics outlive the rollback: leave them as they were for the tests after this one.
        cursor.execute("DELETE FROM employers_vacancy WHERE id > %s", [template.pk])
        cursor.execute("ANALYZE employers_vacancy")

    # then: the matches are found through a GIN index (the title's or the whole vector's), not by a scan
    assert "vacancy_title_search" in plan or "vacancy_search_published" in plan, plan
    assert "Seq Scan" not in plan, plan


# Counts -------------------------------------------------------------------------------------


def test_a_short_list_is_counted_exactly_on_every_page(api):
    # given
    VacancyFactory.create_batch(21, published=True)

    # when
    first = api.get(LIST_URL).json()

    # then: exact, and linked by page number
    assert first["count"] == 21
    assert first["next"].endswith("page=2") and "cursor" not in first["next"]


def test_a_long_list_says_about_and_links_by_cursor(client, api, long_lists):
    # given
    vacancies_newest_first(30)

    # when
    body = api.get(LIST_URL).json()
    html = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then: the count is the planner's estimate (rounded, at least what was seen) and the links carry a cursor
    assert body["count"] >= 21
    assert "cursor=" in body["next"]
    assert re.search(r"About \d+ vacancies found", html)
    assert re.search(r"Page 1 of about \d+", html)
    assert re.search(r'rel="next" href="\?cursor=[^"]+&amp;page=2"', html)


def test_the_last_page_of_a_long_list_knows_the_exact_count(api, long_lists):
    # given
    vacancies_newest_first(30)
    second = api.get(api.get(LIST_URL).json()["next"]).json()

    # then
    assert second["next"] is None
    assert second["count"] == 30


def test_estimates_are_rounded_to_two_significant_digits():
    assert [pagination.rounded(n) for n in (7, 99, 1234, 84_362, 101_227)] == [7, 99, 1200, 84_000, 100_000]


# Keyset pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("ordering", [None, "close_date", "-wage_min", "published_at", "-close_date,wage_min"])
def test_following_next_links_meets_every_vacancy_once_in_order(api, long_lists, ordering):
    # given: ties on every sort field, and more rows than two pages
    today = timezone.localdate()
    for index in range(45):
        VacancyFactory(
            published=True,
            close_date=today + datetime.timedelta(days=index % 4),
            wage_min=4_000_000 + 100_000 * (index % 3),
            wage_max=None,
            published_at=timezone.now() - datetime.timedelta(minutes=index % 5),
        )
    params = {"ordering": ordering} if ordering else {}
    analyze()

    # when
    seen = follow(api, LIST_URL, params, key="next")

    # then: the same rows in the same order as one sorted query
    expected = VacancyFilter(params, queryset=vacancy_list_public())
    assert expected.is_valid()
    assert seen == list(expected.qs.values_list("pk", flat=True))


def test_previous_links_walk_back_to_the_first_page(api, long_lists):
    # given
    vacancies_newest_first(50)
    forward = [api.get(LIST_URL).json()]
    while forward[-1]["next"]:
        forward.append(api.get(forward[-1]["next"]).json())

    # when: from the last page back
    backward = [forward[-1]]
    while backward[-1]["previous"]:
        backward.append(api.get(backward[-1]["previous"]).json())

    # then: the same pages, and the first has no cursor in its address
    assert [page["results"] for page in reversed(backward)] == [page["results"] for page in forward]
    assert "cursor" not in forward[1]["previous"] and "page" not in forward[1]["previous"]


def test_relevance_pages_title_matches_first_then_the_others_newest_first(api, long_lists):
    # given: welders in the title and, newer, welding only in the description
    now = timezone.now()
    titled = [VacancyFactory(published=True, title=f"Welder {n}", published_at=now - datetime.timedelta(hours=n))
              for n in range(1, 14)]  # fmt: skip
    described = [
        VacancyFactory(published=True, title=f"Fabricator {n}", description="Pengelasan pipa.", published_at=now)
        for n in range(12)
    ]
    analyze()

    # when
    seen = follow(api, LIST_URL, {"q": "las"}, key="next")

    # then
    assert seen[: len(titled)] == [v.pk for v in titled]
    assert sorted(seen[len(titled) :], reverse=True) == sorted((v.pk for v in described), reverse=True)
    assert len(seen) == len(set(seen)) == 25


def test_a_deep_page_by_number_still_works_on_a_long_list(api, long_lists):
    # given
    vacancies_newest_first(45)

    # when
    third = api.get(LIST_URL, {"page": 3})

    # then
    assert third.status_code == 200
    assert len(third.json()["results"]) == 5 and third.json()["count"] == 45


def test_a_cursor_that_is_not_ours_is_a_400_in_the_api_and_ignored_on_the_page(client, api, long_lists):
    # given
    vacancies_newest_first(30)
    cursor = api.get(LIST_URL).json()["next"].split("cursor=")[1].split("&")[0]

    # when
    forged = api.get(LIST_URL, {"cursor": "bm90IGEgY3Vyc29y"})
    other_sort = api.get(LIST_URL, {"cursor": cursor, "ordering": "close_date"})
    page = client.get(SEARCH, {"cursor": "!!!", "page": 2})

    # then
    assert forged.status_code == 400 and list(forged.json()) == ["cursor"]
    assert other_sort.status_code == 400
    assert page.status_code == 200 and page.context["page_obj"].number == 1


# Reference rows from memory -----------------------------------------------------------------


def test_lists_name_the_reference_rows_without_joining_them(api):
    # given
    VacancyFactory(published=True)

    # when
    row = api.get(LIST_URL).json()["results"][0]

    # then: the same nested objects as before
    assert row["min_education"] == {"code": "SMK", "name": EducationLevel.objects.get(code="SMK").name}
    assert row["work_kelurahan"]["kecamatan"]["code"] == "64.74.01"
    assert row["company"]["kbli_category"]["code"] == "C"


def test_a_renamed_reference_row_shows_on_the_next_request(api):
    # given
    VacancyFactory(published=True)
    api.get(LIST_URL)
    level = EducationLevel.objects.get(code="SMK")
    level.name = "SMK (kejuruan)"
    level.save()

    # when
    row = api.get(LIST_URL).json()["results"][0]

    # then
    assert row["min_education"]["name"] == "SMK (kejuruan)"


def test_the_kecamatan_filter_keeps_its_meaning(api):
    # given
    north = VacancyFactory(published=True, work_kelurahan=Kelurahan.objects.get(code="64.74.01.1003"))
    elsewhere = Kelurahan.objects.exclude(kecamatan__code="64.74.01").first()
    VacancyFactory(published=True, work_kelurahan=elsewhere)
    VacancyFactory(published=True, work_kelurahan=None)

    # when
    found = api.get(LIST_URL, {"kecamatan": Kecamatan.objects.get(code="64.74.01").code}).json()

    # then
    assert [row["id"] for row in found["results"]] == [north.pk]
