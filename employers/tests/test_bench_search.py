"""`manage.py bench_search` from an empty database: it seeds, serves, measures and sums up.

A smoke test only (tiny counts, a fraction of a second per URL); the figures come from a real run.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from employers.selectors import vacancy_list_public

# The command starts gunicorn, which reads committed rows only.
pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_search_seeds_then_prints_its_figures_beside_the_floors():
    # given: no vacancy at all
    assert not vacancy_list_public().exists()
    out = StringIO()

    # when
    call_command(
        "bench_search",
        vacancies=200,
        duration=0.2,
        concurrency=2,
        queries=["las"],
        db_runs=2,
        client="python",
        cache="off",
        stdout=out,
    )

    # then
    text = out.getvalue()
    assert vacancy_list_public().count() >= 200
    assert "framework: a Django view that does nothing" in text
    assert "page las +filters" in text and "api  las" in text
    assert "EXPLAIN (ANALYZE, BUFFERS)" in text
    last = text.strip().splitlines()[-1]
    assert re.fullmatch(r"search: p95 \d+ ms, \d+% of the floor, [1-6] queries per page", last), last
