"""Celery tasks of the jobseekers app: thin wrappers around services."""

from celery import shared_task


@shared_task(acks_late=True)
def lapse_overdue_aki_cards_task() -> int:
    """Nightly: lapse AK/I cards past their validity or their 6-monthly report. Idempotent."""
    from jobseekers.services import aki_cards_lapse_overdue

    return aki_cards_lapse_overdue()


@shared_task(acks_late=True)
def send_aki_card_report_reminders_task() -> int:
    """Each morning: remind holders to report (lapor) a week before the due date and on it. Idempotent."""
    from jobseekers.services import aki_card_report_reminders_send

    return aki_card_report_reminders_send()
