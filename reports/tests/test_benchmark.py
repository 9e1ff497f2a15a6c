"""`manage.py bench_reports` at a tiny size: it seeds from nothing, the report and the raw SQL agree."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from employers.models import Vacancy
from jobseekers.models import AkiCard, JobseekerProfile
from placements.models import Placement

pytestmark = pytest.mark.django_db


def _run(**options) -> str:
    out = StringIO()
    call_command("bench_reports", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_bench_reports_seeds_measures_and_agrees_with_the_raw_sql():
    # given an empty database (the command seeds what it needs)

    # when
    text = _run(jobseekers=300, placements=50, explain=True)

    # then the data was seeded as asked, with a card per jobseeker and events that balance
    assert JobseekerProfile.objects.count() == 300
    assert AkiCard.objects.filter(holder_sex__in=["M", "F"]).count() == 300
    assert Vacancy.objects.exists()
    assert Placement.objects.count() == 50
    # the report's figures are the hand-written queries' figures
    assert "MISMATCH" not in text, text
    compared = re.search(r"check\s+([\d,]+) figures equal", text)
    assert compared and int(compared.group(1).replace(",", "")) > 100, text
    assert "EXPLAIN" in text
    last = text.strip().splitlines()[-1]
    assert re.fullmatch(r"reports: month \d+ ms, raw SQL \d+ ms, ratio \d+\.\d×, peak memory \d+\.\d MB", last), last


def test_bench_reports_seeds_only_what_is_missing():
    # given a first run
    _run(jobseekers=300, placements=50)
    cards = AkiCard.objects.count()

    # when it runs again with the same sizes
    text = _run(jobseekers=300, placements=50, month="2026-01")

    # then nothing more is seeded, and the month asked for is measured
    assert AkiCard.objects.count() == cards
    assert re.search(r"seed\s+[\d.]+ s \(0 rows", text), text
    assert "month 2026-01" in text.splitlines()[0]
