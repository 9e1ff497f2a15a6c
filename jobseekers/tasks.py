"""Celery tasks of the jobseekers app: thin wrappers around services."""

from celery import shared_task


@shared_task(acks_late=True)
def lapse_overdue_aki_cards_task() -> int:
    """Nightly: lapse AK/I cards past their validity or their 6-monthly report. Idempotent."""
    from jobseekers.services import aki_cards_lapse_overdue

    return aki_cards_lapse_overdue()
