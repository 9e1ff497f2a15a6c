"""Matching services: compute and store the best matches of a vacancy or of jobseekers.

Each list is replaced in one transaction: nothing half-written survives a worker killed
mid-way, and running a service twice leaves the same rows. The tasks (matching.tasks), the
triggers (matching.triggers), the admin and the management commands all call these.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from employers.models import Vacancy
from matching import facts, scoring
from matching.models import Match, VacancyFacts, VacancySkillGroup

EXPLANATION_VERSION = 1
# Advisory-lock namespaces: one vacancy's list, or one jobseeker's, is rebuilt by one task at a time.
_LOCK_VACANCY = 7101
_LOCK_JOBSEEKER = 7102


def explanation_for(pair: scoring.ScoredPair, groups: list[VacancySkillGroup], weight: dict[str, float]) -> dict:
    """The stored explanation: each component's points and maximum, and the skills found and missing."""
    matched, related, missing = [], [], []
    for group, credit in zip(groups, pair.skill_credits, strict=False):
        (matched if credit >= 1 else related if credit > 0 else missing).append(group.label)
    return {
        "version": EXPLANATION_VERSION,
        "components": {
            name: {"points": round(weight[name] * pair.fractions[name], 1), "max": round(weight[name], 1)}
            for name in scoring.COMPONENTS
        },
        "matched_skills": matched,
        "related_skills": related,
        "missing_skills": missing,
    }


def _groups_by_vacancy(vacancy_ids: Iterable[int]) -> dict[int, list[VacancySkillGroup]]:
    groups: dict[int, list[VacancySkillGroup]] = {}
    for group in VacancySkillGroup.objects.filter(vacancy_id__in=set(vacancy_ids)).order_by("vacancy_id", "position"):
        groups.setdefault(group.vacancy_id, []).append(group)
    return groups


_UPSERT_SQL = """
INSERT INTO matching_match (vacancy_id, jobseeker_id, score, explanation, among_vacancy_best,
                            among_jobseeker_best, computed_at)
SELECT r.vacancy_id, r.jobseeker_id, r.score, r.explanation, r.for_vacancy, r.for_jobseeker, %(now)s
FROM jsonb_to_recordset(%(rows)s::jsonb)
     AS r(vacancy_id bigint, jobseeker_id bigint, score int, explanation jsonb, for_vacancy bool, for_jobseeker bool)
ORDER BY r.vacancy_id, r.jobseeker_id
ON CONFLICT (vacancy_id, jobseeker_id) DO UPDATE SET
    score = EXCLUDED.score, explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at,
    among_vacancy_best = matching_match.among_vacancy_best OR EXCLUDED.among_vacancy_best,
    among_jobseeker_best = matching_match.among_jobseeker_best OR EXCLUDED.among_jobseeker_best
"""


def _store(pairs: list[scoring.ScoredPair], *, for_vacancy: bool, now: datetime.datetime) -> None:
    if not pairs:
        return
    weight = scoring.weights()
    groups = _groups_by_vacancy(pair.vacancy_id for pair in pairs)
    rows = [
        {
            "vacancy_id": pair.vacancy_id,
            "jobseeker_id": pair.jobseeker_id,
            "score": pair.score,
            "explanation": explanation_for(pair, groups.get(pair.vacancy_id, []), weight),
            "for_vacancy": for_vacancy,
            "for_jobseeker": not for_vacancy,
        }
        for pair in pairs
    ]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SQL, {"rows": json.dumps(rows), "now": now})


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
    pairs = scoring.best_candidates(
        vacancy_id=vacancy_id, limit=settings.MATCH_CANDIDATES_PER_VACANCY, now=now, today=timezone.localdate(now)
    )
    dropped = Match.objects.filter(vacancy_id=vacancy_id, among_vacancy_best=True).exclude(
        jobseeker_id__in=[pair.jobseeker_id for pair in pairs]
    )
    dropped.filter(among_jobseeker_best=False).delete()  # in neither list now
    dropped.update(among_vacancy_best=False)
    _store(pairs, for_vacancy=True, now=now)
    return len(pairs)


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
    pairs = scoring.best_vacancies(
        jobseeker_ids=ids, limit=settings.MATCH_VACANCIES_PER_JOBSEEKER, now=now, today=timezone.localdate(now)
    )
    kept: dict[int, list[int]] = {}
    for pair in pairs:
        kept.setdefault(pair.jobseeker_id, []).append(pair.vacancy_id)
    # Rows no longer among these jobseekers' best: deleted when in neither list, else unflagged.
    dropped = """
        FROM matching_match AS m
        WHERE m.jobseeker_id = ANY(%(ids)s::bigint[]) AND m.among_jobseeker_best
          AND NOT EXISTS (
              SELECT 1 FROM jsonb_to_recordset(%(kept)s::jsonb) AS k(jobseeker_id bigint, vacancy_id bigint)
              WHERE k.jobseeker_id = m.jobseeker_id AND k.vacancy_id = m.vacancy_id)
    """
    params = {
        "ids": ids,
        "kept": json.dumps([{"jobseeker_id": p.jobseeker_id, "vacancy_id": p.vacancy_id} for p in pairs]),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM matching_match WHERE id IN (SELECT m.id {dropped} AND NOT m.among_vacancy_best)", params
        )
        cursor.execute(
            f"UPDATE matching_match SET among_jobseeker_best = false WHERE id IN (SELECT m.id {dropped})", params
        )
    # Someone who may no longer be matched (account closed, deletion asked, card gone from the
    # vacancy lists) keeps no row on the vacancies' side either once their facts are gone.
    Match.objects.filter(jobseeker_id__in=ids, jobseeker__match_facts__isnull=True).delete()
    _store(pairs, for_vacancy=False, now=now)
    return len(pairs)


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
    return {
        "vacancies": len(vacancy_ids),
        "candidates_stored": stored_for_vacancies,
        "jobseekers": len(jobseeker_ids),
        "vacancies_stored": stored_for_jobseekers,
    }


def jobseeker_match_data_erase(*, jobseeker_id: int) -> None:
    """A person who asked for deletion: their matches, facts and the feedback about them go (UU 27/2022)."""
    from matching.models import JobseekerFacts, MatchFeedback

    Match.objects.filter(jobseeker_id=jobseeker_id).delete()
    MatchFeedback.objects.filter(jobseeker_id=jobseeker_id).delete()
    JobseekerFacts.objects.filter(pk=jobseeker_id).delete()
