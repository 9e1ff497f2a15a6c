"""Celery tasks of matching: thin wrappers around matching.services.

Each takes ids, is idempotent (a second run leaves the same rows), acknowledges late (a worker
killed mid-task leaves the message to be delivered again, and the transaction it had open is
rolled back), retries only transient database errors (a lost connection, a deadlock) with
backoff, and has time limits.
"""

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from matching import services

TRANSIENT = (OperationalError, InterfaceError)
_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


def queued_key(kind: str, pk: int) -> str:
    """The cache key that says a task for this record is already waiting (matching.triggers)."""
    return f"matching:queued:{kind}:{pk}"


@shared_task(soft_time_limit=60, time_limit=90, **_TASK_OPTIONS)
def match_vacancy_task(vacancy_id: int) -> int:
    cache.delete(queued_key("vacancy", vacancy_id))
    return services.vacancy_match(vacancy_id=vacancy_id)


@shared_task(soft_time_limit=60, time_limit=90, **_TASK_OPTIONS)
def match_jobseeker_task(jobseeker_id: int) -> int:
    cache.delete(queued_key("jobseeker", jobseeker_id))
    return services.jobseeker_match(jobseeker_id=jobseeker_id)


@shared_task(soft_time_limit=60 * 50, time_limit=60 * 55, **_TASK_OPTIONS)
def rematch_all_task() -> dict:
    """The nightly full rematch (beat, matching.rematch-all)."""
    return services.rematch_all()


# Match notices (matching.notices). The e-mails go through the notices' own task, which sends each
# at most once; these only create the notices, at most one per person and day.


@shared_task(soft_time_limit=60 * 5, time_limit=60 * 6, **_TASK_OPTIONS)
def send_match_digests_task() -> int:
    """Each morning (06:45 WITA, after the rematch): queue one digest per jobseeker with new good matches."""
    from matching.notices import match_digests_queue

    return match_digests_queue()


@shared_task(soft_time_limit=60, time_limit=90, **_TASK_OPTIONS)
def send_match_digest_task(jobseeker_id: int, day: str | None = None) -> bool:
    """One jobseeker's digest of new good matches, at most once on `day` (ISO date, WITA)."""
    import datetime

    from matching.notices import match_digest_send

    notice = match_digest_send(jobseeker_id=jobseeker_id, day=datetime.date.fromisoformat(day) if day else None)
    return notice is not None


@shared_task(soft_time_limit=60 * 5, time_limit=60 * 6, **_TASK_OPTIONS)
def send_few_candidates_list_task(day: str | None = None) -> int:
    """Each morning (07:15 WITA): the staff's list of open vacancies with too few good candidates."""
    import datetime

    from matching.notices import few_candidates_list_send

    return few_candidates_list_send(day=datetime.date.fromisoformat(day) if day else None)
