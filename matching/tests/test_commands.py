"""The benchmark and the quality report (issue 11, points 6 and 7) on tiny sizes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from bontang_aker.accounts.models import User
from matching import evaluation

pytestmark = pytest.mark.django_db


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in the output:\n{text}"
    return float(found.group(1).replace(",", ""))


def test_bench_matching_prints_every_figure_and_the_summary_line():
    # given an empty database (the command seeds what it needs)
    out = StringIO()

    # when
    call_command(
        "bench_matching", jobseekers=300, vacancies=10, sample=10, naive_pairs=200, stdout=out, stderr=StringIO()
    )

    # then
    text = out.getvalue()
    for label in ("seed ", "facts ", "rematch ", "memory ", "one vacancy ", "(a) FTS ", "(b) naive "):
        assert label in text
    assert _number(r"data\s+([\d,]+) jobseekers", text) >= 300
    assert _number(r"jobseekers, ([\d,]+) open published vacancies", text) >= 10
    assert _number(r"p95 ([\d.]+) ms; ", text) > 0
    assert _number(r"\(a\) FTS .* p95 ([\d.]+) ms ->", text) > 0  # the FTS floor
    assert _number(r"-> ([\d,]+)x   target >= 50x", text) > 0  # naive / SQL per pair
    # The naive baseline does the same work: its scores are the stored ones (rounding aside).
    total = _number(r"naive scores equal to the stored ones: [\d,]+/([\d,]+)", text)
    within_one = _number(r"within 1 point: ([\d,]+)", text)
    assert total > 0 and within_one >= 0.9 * total
    last = text.strip().splitlines()[-1]
    assert re.fullmatch(r"matching: one vacancy p95 \d+ ms \([\d.]+× FTS\), rematch \d+ s, \d+× naive", last), last


def test_eval_matching_finds_the_planted_candidates_and_leaves_nothing_behind():
    # given / when
    out = StringIO()
    call_command("eval_matching", vacancies=8, stdout=out)

    # then
    text = out.getvalue()
    precision = _number(r"overall \(mean over vacancies\): precision@10 ([\d.]+)", text)
    recall = _number(r"recall@50 ([\d.]+);", text)
    assert 0 <= precision <= 1 and 0 <= recall <= 1
    assert precision >= 0.6
    assert recall >= 0.8
    # The hard conditions keep out those with too little education and those too old.
    assert "near-misses in the top 10: education 0, " in text
    assert ", age 0" in text
    for table in ("sex", "age band", "kecamatan", "disability"):
        assert re.search(rf"^    {table}\s+\S", text, re.MULTILINE)
    assert re.fullmatch(r"eval: precision@10 [\d.]+, recall@50 [\d.]+", text.strip().splitlines()[-1])
    assert not User.objects.filter(email__endswith=evaluation.EMAIL_DOMAIN).exists()


def test_eval_would_fail_if_the_score_did_not_tell_candidates_apart(settings):
    # given a score that only counts recent activity (the same for every planted jobseeker)
    settings.MATCHING_WEIGHTS = {"activity": 1.0}

    # when
    result = evaluation.evaluate(vacancies=8)

    # then the quality bar of the test above is missed
    assert result.precision_at_10 < 0.6


def test_eval_is_deterministic():
    first = evaluation.report_lines(evaluation.evaluate(vacancies=3, seed=7))
    second = evaluation.report_lines(evaluation.evaluate(vacancies=3, seed=7))
    assert first == second


def test_bench_matching_can_estimate_the_rematch_from_a_sample_of_batches():
    out = StringIO()
    call_command(
        "bench_matching",
        jobseekers=1200,
        vacancies=10,
        sample=5,
        naive_pairs=50,
        rematch_batches=1,
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    assert "ESTIMATE: the vacancy side measured in full" in text
    assert "on 1 of 3 batches of 500" in text
    assert re.search(r"rematch \d+ s \(estimated\), \d+× naive$", text.strip().splitlines()[-1])
