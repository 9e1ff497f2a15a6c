"""Matching services: compute and store the best matches of a vacancy or of jobseekers.

Each list is replaced in one transaction: nothing half-written survives a worker killed
mid-way, and running a service twice leaves the same rows. The tasks (matching.tasks), the
triggers (matching.triggers), the admin and the management commands all call these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from employers.models import Vacancy
from matching import facts, scoring
from matching.models import Match, VacancyFacts

EXPLANATION_VERSION = 1
# Advisory-lock namespaces: one vacancy's list, or one jobseeker's, is rebuilt by one task at a time.
_LOCK_VACANCY = 7101
_LOCK_JOBSEEKER = 7102


def _explanation_sql(weight: dict[str, float]) -> str:
    """The stored explanation: each component's points and maximum, and the skills found, related and missing."""
    components = ", ".join(
        f"'{name}', jsonb_build_object('points', round(({weight[name]:.6f} * s.{name})::numeric, 1), "
        f"'max', round({weight[name]:.6f}::numeric, 1))"
        for name in scoring.COMPONENTS
    )
    return f"""jsonb_build_object(
        'version', {EXPLANATION_VERSION},
        'components', jsonb_build_object({components}),
        'matched_skills', coalesce(l.matched, '[]'::jsonb),
        'related_skills', coalesce(l.related, '[]'::jsonb),
        'missing_skills', coalesce(l.missing, '[]'::jsonb))"""


def _fill(cursor, scored: tuple[str, dict]) -> tuple[int, int | None]:
    """Put the scored pairs in the transaction's temporary table; returns (rows, lowest score)."""
    cursor.execute("DROP TABLE IF EXISTS matching_scored")
    cursor.execute("CREATE TEMP TABLE matching_scored ON COMMIT DROP AS " + scored[0], scored[1])
    cursor.execute("SELECT count(*), min(score) FROM matching_scored")
    return cursor.fetchone()


def _replace(*, side: str, vacancy_ids=None, jobseeker_ids=None, now: datetime.datetime) -> int:
    """Make the pairs in `matching_scored` the new list of one side, in SQL, inside the caller's transaction.

    `side` is "vacancy" (the list of `vacancy_ids`) or "jobseeker" (of `jobseeker_ids`). Rows no
    longer in the list lose its flag, and go when they are in neither list; rows in it are written
    with their explanation, built here from the scored columns and the vacancy's skill groups.
    A row whose score, explanation and flag are unchanged is not written again.
    """
    flag, other = (
        ("among_vacancy_best", "among_jobseeker_best")
        if side == "vacancy"
        else ("among_jobseeker_best", "among_vacancy_best")
    )
    scope = (
        ("m.vacancy_id = ANY(%(scope)s::bigint[])", vacancy_ids)
        if side == "vacancy"
        else ("m.jobseeker_id = ANY(%(scope)s::bigint[])", jobseeker_ids)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM matching_scored")
        (stored,) = cursor.fetchone()
        cursor.execute("CREATE INDEX ON matching_scored (vacancy_id, jobseeker_id)")
        not_kept = f"""FROM matching_match AS m WHERE {scope[0]} AND m.{flag}
            AND NOT EXISTS (SELECT 1 FROM matching_scored AS k
                            WHERE k.vacancy_id = m.vacancy_id AND k.jobseeker_id = m.jobseeker_id)"""
        params = {"scope": sorted(set(scope[1]))}
        cursor.execute(f"DELETE FROM matching_match WHERE id IN (SELECT m.id {not_kept} AND NOT m.{other})", params)
        cursor.execute(f"UPDATE matching_match SET {flag} = false WHERE id IN (SELECT m.id {not_kept})", params)
        if not stored:
            cursor.execute("DROP TABLE matching_scored")
            return 0
        cursor.execute(
            f"""
            INSERT INTO matching_match (vacancy_id, jobseeker_id, score, explanation, {flag}, {other}, computed_at)
            SELECT s.vacancy_id, s.jobseeker_id, s.score, {_explanation_sql(scoring.weights())}, true, false, %(now)s
            FROM matching_scored AS s
            LEFT JOIN LATERAL (
                SELECT jsonb_agg(g.label ORDER BY g.position) FILTER (WHERE c.credit >= 1) AS matched,
                       jsonb_agg(g.label ORDER BY g.position) FILTER (WHERE c.credit > 0 AND c.credit < 1) AS related,
                       jsonb_agg(g.label ORDER BY g.position) FILTER (WHERE c.credit = 0) AS missing
                FROM unnest(s.skill_credits) WITH ORDINALITY AS c(credit, n)
                JOIN matching_vacancyskillgroup AS g ON g.vacancy_id = s.vacancy_id AND g.position = c.n - 1
            ) AS l ON true
            ORDER BY s.vacancy_id, s.jobseeker_id
            ON CONFLICT (vacancy_id, jobseeker_id) DO UPDATE SET
                score = EXCLUDED.score, explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at,
                {flag} = true
            WHERE NOT matching_match.{flag} OR matching_match.score <> EXCLUDED.score
               OR matching_match.explanation <> EXCLUDED.explanation
            """,
            {"now": now},
        )
        cursor.execute("DROP TABLE matching_scored")
    return stored


def _lock(namespace: int, ids: Iterable[int]) -> None:
    with connection.cursor() as cursor:
        for pk in sorted(set(ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, pk])


@transaction.atomic
def vacancy_match(*, vacancy_id: int, now: datetime.datetime | None = None, refresh_facts: bool = True) -> int:
    """Rebuild the vacancy's facts and its best candidates; returns how many are stored.

    A vacancy that is not published (closed, filled, back in review) loses its facts and every
    match, from both lists: nobody is recommended a vacancy they cannot apply to.
    """
    now = now or timezone.now()
    _lock(_LOCK_VACANCY, [vacancy_id])
    if refresh_facts:
        facts.vacancy_facts_refresh(vacancy_ids=[vacancy_id])
    if not VacancyFacts.objects.filter(pk=vacancy_id).exists():
        Match.objects.filter(vacancy_id=vacancy_id).delete()
        return 0
    limit, today = settings.MATCH_CANDIDATES_PER_VACANCY, timezone.localdate(now)
    with connection.cursor() as cursor:
        # First those who share a skill or the title's words (few, through the GIN indexes); only
        # when they leave room for someone with no skill points is the whole major group scored.
        narrow = scoring.best_candidates_query(
            vacancy_id=vacancy_id, limit=limit, now=now, today=today, by_occupation=False
        )
        count, lowest = _fill(cursor, narrow)
        if count < limit or lowest <= scoring.occupation_only_ceiling():
            _fill(cursor, scoring.best_candidates_query(vacancy_id=vacancy_id, limit=limit, now=now, today=today))
    return _replace(side="vacancy", vacancy_ids=[vacancy_id], now=now)


@transaction.atomic
def jobseekers_match(
    *, jobseeker_ids: Iterable[int], now: datetime.datetime | None = None, refresh_facts: bool = True
) -> int:
    """Rebuild these jobseekers' facts and their best open vacancies; returns how many pairs are stored."""
    now = now or timezone.now()
    ids = sorted(set(jobseeker_ids))
    if not ids:
        return 0
    _lock(_LOCK_JOBSEEKER, ids)
    if refresh_facts:
        facts.jobseeker_facts_refresh(jobseeker_ids=ids, today=timezone.localdate(now))
    # Someone who may no longer be matched (account closed, deletion asked) has no facts any more:
    # their rows go from the vacancies' lists too.
    Match.objects.filter(jobseeker_id__in=ids, jobseeker__match_facts__isnull=True).delete()
    query = scoring.best_vacancies_query(
        jobseeker_ids=ids, limit=settings.MATCH_VACANCIES_PER_JOBSEEKER, now=now, today=timezone.localdate(now)
    )
    with connection.cursor() as cursor:
        _fill(cursor, query)
    return _replace(side="jobseeker", jobseeker_ids=ids, now=now)


def jobseeker_match(*, jobseeker_id: int, now: datetime.datetime | None = None) -> int:
    return jobseekers_match(jobseeker_ids=[jobseeker_id], now=now)


def rematch_all(*, batch_size: int = 500, now: datetime.datetime | None = None, progress=None) -> dict[str, int]:
    """Every published vacancy's candidates, then every jobseeker's vacancies, in batches of one transaction.

    Facts are rebuilt first (all jobseekers, then all vacancies); matches of vacancies no longer
    published are dropped. Returns counts for the log and the benchmark.
    """
    from jobseekers.models import JobseekerProfile

    now = now or timezone.now()
    facts.jobseeker_facts_refresh(today=timezone.localdate(now))
    facts.vacancy_facts_refresh()
    Match.objects.exclude(vacancy__status=Vacancy.Status.PUBLISHED).delete()
    vacancy_ids = list(VacancyFacts.objects.order_by("pk").values_list("pk", flat=True))
    stored_for_vacancies = 0
    for vacancy_id in vacancy_ids:
        stored_for_vacancies += vacancy_match(vacancy_id=vacancy_id, now=now, refresh_facts=False)
        if progress:
            progress("vacancy", vacancy_id)
    jobseeker_ids = list(JobseekerProfile.objects.order_by("pk").values_list("pk", flat=True))
    stored_for_jobseekers = 0
    for start in range(0, len(jobseeker_ids), batch_size):
        batch = jobseeker_ids[start : start + batch_size]
        stored_for_jobseekers += jobseekers_match(jobseeker_ids=batch, now=now, refresh_facts=False)
        if progress:
            progress("jobseekers", start)
    _vacuum()
    return {
        "vacancies": len(vacancy_ids),
        "candidates_stored": stored_for_vacancies,
        "jobseekers": len(jobseeker_ids),
        "vacancies_stored": stored_for_jobseekers,
    }


def _vacuum() -> None:
    """VACUUM ANALYZE the matching tables after the nightly run (where autovacuum is off, nothing
    else reclaims the rows the run replaced); skipped inside a transaction (tests), where it cannot run."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        tables = "matching_jobseekerfacts, matching_vacancyfacts, matching_vacancyskillgroup, matching_match"
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def jobseeker_match_data_erase(*, jobseeker_id: int) -> None:
    """A person who asked for deletion: their matches, facts and the feedback about them go (UU 27/2022)."""
    from matching.models import JobseekerFacts, MatchFeedback

    Match.objects.filter(jobseeker_id=jobseeker_id).delete()
    MatchFeedback.objects.filter(jobseeker_id=jobseeker_id).delete()
    JobseekerFacts.objects.filter(pk=jobseeker_id).delete()
