"""The staff's change lists of large tables (bontang_aker.core.admin_lists): counts, searches, queries."""

import pytest
from django.contrib.admin import site
from django.db import connection
from django.urls import reverse

from bontang_aker.core.pagination import EstimatedCountPaginator
from jobseekers.models import JobseekerProfile
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

PROFILES = reverse("admin:jobseekers_jobseekerprofile_changelist")
CARDS = reverse("admin:jobseekers_akicard_changelist")


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobseekers_jobseekerprofile")


def test_a_number_typed_finds_the_nik_by_prefix_only(client, superuser):
    # given
    wanted, other = JobseekerProfileFactory.create_batch(2)
    client.force_login(superuser)

    # when
    found = client.get(PROFILES, {"q": wanted.nik}).context["cl"].result_list

    # then
    assert list(found) == [wanted]
    assert other not in found


def test_a_name_is_still_searched(client, superuser):
    # given
    wanted = JobseekerProfileFactory(full_name="Siti Rahmawati")
    JobseekerProfileFactory(full_name="Budi Santoso")
    client.force_login(superuser)

    # when
    found = client.get(PROFILES, {"q": "rahma"}).context["cl"].result_list

    # then
    assert list(found) == [wanted]


def test_the_digits_search_reads_the_nik_index(superuser):
    # given: enough rows that the planner prefers the index to a scan
    JobseekerProfileFactory.create_batch(30)
    analyze()
    model_admin = site._registry[JobseekerProfile]
    queryset, _ = model_admin.get_search_results(None, JobseekerProfile.objects.order_by(), "647401")
    sql, params = queryset.values("pk").query.sql_with_params()

    # when
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # then: a prefix on the indexed NIK, through its index, and no other field
    assert "Index" in plan and "_nik" in plan, plan
    assert "full_name" not in plan and "email" not in plan, plan


def test_long_lists_show_an_estimated_count_and_no_total(client, superuser, monkeypatch):
    # given: more rows than the limit for an exact count
    JobseekerProfileFactory.create_batch(12)
    analyze()
    monkeypatch.setattr(EstimatedCountPaginator, "exact_limit", 5)
    client.force_login(superuser)

    # when
    response = client.get(PROFILES, HTTP_ACCEPT_LANGUAGE="en")

    # then
    changelist = response.context["cl"]
    assert changelist.paginator.count_is_exact is False
    assert changelist.full_result_count is None  # show_full_result_count = False
    assert "about" in response.content.decode()


def test_a_filtered_queue_is_counted_exactly(client, superuser):
    # given
    AkiCardFactory.create_batch(3)
    client.force_login(superuser)

    # when
    changelist = client.get(CARDS, {"status__exact": "requested"}).context["cl"]

    # then
    assert changelist.paginator.count_is_exact is True
    assert changelist.result_count == changelist.queryset.count()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_needs_the_same_queries_whatever_its_length(client, superuser, django_assert_max_num_queries, rows):
    # given
    AkiCardFactory.create_batch(rows)
    client.force_login(superuser)
    client.get(CARDS)

    # when / then: session, user, the estimate, the count, the page, the filters' choices: no query per row
    with django_assert_max_num_queries(10):
        response = client.get(CARDS)
    assert len(response.context["cl"].result_list) == rows
