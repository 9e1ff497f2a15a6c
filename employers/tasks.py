"""Celery tasks of the employers app: thin wrappers around services."""

from celery import shared_task


@shared_task(acks_late=True)
def close_expired_vacancies_task() -> int:
    """Nightly: close published vacancies whose closing date has passed. Idempotent."""
    from employers.services import vacancies_close_expired

    return vacancies_close_expired()
