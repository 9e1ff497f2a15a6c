"""Matching services: compute and store the best matches of a vacancy or of jobseekers.

Each list is replaced in one transaction: nothing half-written survives a worker killed
mid-way, and running a service twice leaves the same rows. The tasks (matching.tasks), the
triggers (matching.triggers), the admin and the management commands all call these.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from employers.models import Vacancy
from matching import facts, scoring
from matching.models import JobseekerFacts, Match, VacancyFacts

EXPLANATION_VERSION = 1
# Advisory-lock namespaces: one vacancy's list, or one jobseeker's, is rebuilt by one task at a time.
_LOCK_VACANCY = 7101
_LOCK_JOBSEEKER = 7102


def _tenths(weight: dict[str, float], name: str) -> str:
    """A component's points in tenths, rounded half up (an int): what the explanation shows, and its basis."""
    return f"floor({weight[name]:.6f} * s.{name} * 10 + 0.5)::int"


def _maximum(value: float) -> str:
    return str(Decimal(f"{value:.6f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _basis_sql(weight: dict[str, float]) -> str:
    """A 64-bit hash of what the explanation of the pair in `s` (with its vacancy's labels in `lb`) is made of."""
    values = ", ".join(
        [f"{EXPLANATION_VERSION}", "s.score", "coalesce(lb.labels_hash, 0)"]
        + [f"{_tenths(weight, name)}, {_maximum(weight[name])}" for name in scoring.COMPONENTS]
    )
    return f"hash_array_extended(ARRAY[{values}]::float8[] || s.skill_credits, 0)"


def _explanation_sql(weight: dict[str, float]) -> str:
    """The stored explanation: each component's points and maximum, and the skills found, related and missing.

    Written as JSON text and read once (`::jsonb`): eleven nested `jsonb_build_object` calls cost
    about 60 µs a pair, more than scoring it. The points are the tenths of `_tenths` written as a
    decimal; the `%%s` are format()'s (psycopg2 makes them `%s`).
    """
    components = ", ".join(
        '"' + name + '": {"points": %%s, "max": ' + _maximum(weight[name]) + "}" for name in scoring.COMPONENTS
    )
    template = (
        '{"version": ' + str(EXPLANATION_VERSION) + ', "components": {' + components + "}, "
        '"matched_skills": %%s, "related_skills": %%s, "missing_skills": %%s}'
    )
    points = ", ".join(
        f"({_tenths(weight, name)} / 10)::text || '.' || mod({_tenths(weight, name)}, 10)::text"
        for name in scoring.COMPONENTS
    )
    return f"""format('{template}', {points},
        coalesce(l.matched, '[]'::jsonb), coalesce(l.related, '[]'::jsonb), coalesce(l.missing, '[]'::jsonb))::jsonb"""


def _fill(cursor, scored: tuple[str, dict]) -> tuple[int, int | None]:
    """Put the scored pairs in the transaction's temporary table; returns (rows, lowest score)."""
    cursor.execute("DROP TABLE IF EXISTS matching_scored")
    cursor.execute("CREATE TEMP TABLE matching_scored ON COMMIT DROP AS " + scored[0], scored[1])
    # A temporary table has no statistics until analysed: without them the statements that replace
    # the list (a join with the stored rows) are planned for a handful of rows. Row counts are all
    # they need: a small sample (the default reads 30,000 rows, most of a batch).
    cursor.execute("SET LOCAL default_statistics_target = 10")
    cursor.execute("ANALYZE matching_scored")
    cursor.execute("SELECT count(*), min(score) FROM matching_scored")
    return cursor.fetchone()


def _replace(*, side: str, vacancy_ids=None, jobseeker_ids=None, now: datetime.datetime) -> int:
    """Make the pairs in `matching_scored` the new list of one side, in SQL, inside the caller's transaction.

    `side` is "vacancy" (the list of `vacancy_ids`) or "jobseeker" (of `jobseeker_ids`). Rows no
    longer in the list lose its flag, and go when they are in neither list; rows in it are written
    with their explanation, built here from the scored columns and the vacancy's skill groups.
    A row whose basis (what its explanation is made of) and flag are unchanged is not written
    again, and its explanation is not even built: from one night to the next ~6% of them change.
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
        weight = scoring.weights()
        # Each vacancy's group labels, once.
        cursor.execute(
            """
            CREATE TEMP TABLE matching_labels ON COMMIT DROP AS
            SELECT g.vacancy_id, array_agg(g.label ORDER BY g.position) AS labels,
                   hashtext(array_agg(g.label ORDER BY g.position)::text) AS labels_hash
            FROM matching_vacancyskillgroup AS g
            WHERE g.vacancy_id IN (SELECT DISTINCT vacancy_id FROM matching_scored)
            GROUP BY g.vacancy_id
            """
        )
        # Each pair with its basis, beside the stored row: an unchanged one only needs its flag.
        cursor.execute(
            f"""
            CREATE TEMP TABLE matching_compared ON COMMIT DROP AS
            SELECT s.*, n.basis, m.id AS match_id, m.basis IS NOT DISTINCT FROM n.basis AS unchanged,
                   coalesce(m.{flag}, false) AS flagged
            FROM matching_scored AS s
            LEFT JOIN matching_labels AS lb ON lb.vacancy_id = s.vacancy_id
            CROSS JOIN LATERAL (SELECT {_basis_sql(weight)} AS basis) AS n
            LEFT JOIN matching_match AS m ON m.vacancy_id = s.vacancy_id AND m.jobseeker_id = s.jobseeker_id
            """
        )
        cursor.execute(
            f"""UPDATE matching_match SET {flag} = true
            WHERE id IN (SELECT match_id FROM matching_compared WHERE unchanged AND NOT flagged)"""
        )
        cursor.execute(
            f"""
            -- The skills' names of every changed pair in one aggregate over them all (an aggregate per
            -- pair, in a subquery, cost ~80 µs a pair): each credit against its label, in the groups'
            -- order (the aggregates take the rows in the order the subquery sorts them).
            WITH words AS (
                SELECT c.vacancy_id, c.jobseeker_id,
                       jsonb_agg(c.label) FILTER (WHERE c.credit >= 1) AS matched,
                       jsonb_agg(c.label) FILTER (WHERE c.credit > 0 AND c.credit < 1) AS related,
                       jsonb_agg(c.label) FILTER (WHERE c.credit = 0) AS missing
                FROM (
                    SELECT s.vacancy_id, s.jobseeker_id, c.credit, lb.labels[c.n] AS label
                    FROM matching_compared AS s
                    JOIN matching_labels AS lb ON lb.vacancy_id = s.vacancy_id
                    CROSS JOIN LATERAL unnest(s.skill_credits) WITH ORDINALITY AS c(credit, n)
                    WHERE NOT s.unchanged AND c.n <= array_length(lb.labels, 1)
                    ORDER BY s.vacancy_id, s.jobseeker_id, c.n
                ) AS c
                GROUP BY c.vacancy_id, c.jobseeker_id
            )
            INSERT INTO matching_match (
                vacancy_id, jobseeker_id, score, explanation, basis, {flag}, {other}, computed_at
            )
            SELECT s.vacancy_id, s.jobseeker_id, s.score, {_explanation_sql(weight)}, s.basis, true, false, %(now)s
            FROM matching_compared AS s
            LEFT JOIN words AS l ON l.vacancy_id = s.vacancy_id AND l.jobseeker_id = s.jobseeker_id
            WHERE NOT s.unchanged
            ORDER BY s.vacancy_id, s.jobseeker_id
            ON CONFLICT (vacancy_id, jobseeker_id) DO UPDATE SET
                score = EXCLUDED.score, explanation = EXCLUDED.explanation, basis = EXCLUDED.basis,
                computed_at = EXCLUDED.computed_at, {flag} = true
            """,
            {"now": now},
        )
        cursor.execute("DROP TABLE matching_compared, matching_labels")
        cursor.execute("DROP TABLE matching_scored")
    return stored


def _lock(namespace: int, ids: Iterable[int]) -> None:
    """Wait for and take the transaction's advisory lock of each id, in order (one statement for a batch)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, ids.id::int)) "
            "FROM (SELECT unnest(%s::bigint[]) AS id ORDER BY 1) AS ids",
            [namespace, sorted(set(ids))],
        )


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
    with_facts = set(JobseekerFacts.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if without_facts := [pk for pk in ids if pk not in with_facts]:
        Match.objects.filter(jobseeker_id__in=without_facts).delete()
    query = scoring.best_vacancies_query(
        jobseeker_ids=ids, limit=settings.MATCH_VACANCIES_PER_JOBSEEKER, now=now, today=timezone.localdate(now)
    )
    with connection.cursor() as cursor:
        # A batch ranks ~100,000 pairs: sorted in memory rather than in files on disk; and compiling
        # the statements (JIT, which their estimated cost would start) costs more than it saves.
        cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute("SET LOCAL jit = off")
        _fill(cursor, query)
    return _replace(side="jobseeker", jobseeker_ids=ids, now=now)


def jobseeker_match(*, jobseeker_id: int, now: datetime.datetime | None = None) -> int:
    return jobseekers_match(jobseeker_ids=[jobseeker_id], now=now)


def rematch_all(
    *, batch_size: int = 500, now: datetime.datetime | None = None, progress=None, workers: int | None = None
) -> dict[str, int]:
    """Every published vacancy's candidates, then every jobseeker's vacancies, in batches of one transaction.

    Facts are rebuilt first (all jobseekers, then all vacancies); matches of vacancies no longer
    published are dropped. The vacancies, then the batches of jobseekers, are shared among
    `workers` threads (`MATCH_REMATCH_WORKERS`), each with its own connection: the work is done
    by PostgreSQL, one core per connection. No two of them touch the same rows: a vacancy's list
    is its own, a batch's jobseekers are in no other batch. Returns counts for the log and the
    benchmark.
    """
    from jobseekers.models import JobseekerProfile

    now = now or timezone.now()
    workers = settings.MATCH_REMATCH_WORKERS if workers is None else workers
    today = timezone.localdate(now)
    facts.jobseeker_facts_refresh(today=today)
    facts.vacancy_facts_refresh()
    Match.objects.exclude(vacancy__status=Vacancy.Status.PUBLISHED).delete()
    vacancy_ids = list(VacancyFacts.objects.order_by("pk").values_list("pk", flat=True))

    def one_vacancy(vacancy_id: int) -> int:
        stored = vacancy_match(vacancy_id=vacancy_id, now=now, refresh_facts=False)
        if progress:
            progress("vacancy", vacancy_id)
        return stored

    stored_for_vacancies = in_parallel(vacancy_ids, one_vacancy, workers=workers)
    jobseeker_ids = list(JobseekerProfile.objects.order_by("pk").values_list("pk", flat=True))
    batches = [jobseeker_ids[start : start + batch_size] for start in range(0, len(jobseeker_ids), batch_size)]

    def one_batch(batch: list[int]) -> int:
        stored = jobseekers_match(jobseeker_ids=batch, now=now, refresh_facts=False)
        if progress:
            progress("jobseekers", batch[0])
        return stored

    stored_for_jobseekers = in_parallel(batches, one_batch, workers=workers)
    _vacuum()
    return {
        "vacancies": len(vacancy_ids),
        "candidates_stored": stored_for_vacancies,
        "jobseekers": len(jobseeker_ids),
        "vacancies_stored": stored_for_jobseekers,
    }


def in_parallel(items: list, work: Callable[[object], int], *, workers: int) -> int:
    """`work(item)` for every item, on `workers` threads each with its own database connection; the sum.

    Inside a transaction (a test, or a caller's atomic block) the other connections would not see
    its data, so the items are done here one after the other. The first error stops every thread
    at its next item and is raised.
    """
    if workers <= 1 or len(items) <= 1 or connection.in_atomic_block:
        return sum(work(item) for item in items)
    pending = iter(items)
    lock = threading.Lock()
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            while not errors:
                with lock:
                    item = next(pending, _DONE)
                if item is _DONE:
                    return
                results.append(work(item))
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's connections only

    threads = [threading.Thread(target=run, name=f"rematch-{n}") for n in range(min(workers, len(items)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sum(results)


_DONE = object()


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
    from matching.models import MatchFeedback

    Match.objects.filter(jobseeker_id=jobseeker_id).delete()
    MatchFeedback.objects.filter(jobseeker_id=jobseeker_id).delete()
    JobseekerFacts.objects.filter(pk=jobseeker_id).delete()
