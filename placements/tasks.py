"""Celery tasks of the placements app: thin wrappers around services."""

from celery import shared_task


@shared_task(acks_late=True)
def expire_callups_task() -> int:
    """Nightly 00:45 WITA, after expired vacancies close: call-ups for a vacancy that no longer takes
    applications expire. Idempotent."""
    from placements.callups import callups_expire

    return callups_expire()
