"""Celery tasks of the employers app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(acks_late=True)
def close_expired_vacancies_task() -> int:
    """Nightly: close published vacancies whose closing date has passed. Idempotent."""
    from employers.services import vacancies_close_expired

    return vacancies_close_expired()


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_company_invitation_task(invitation_id: int) -> bool:
    """Send one company invitation mail unless it went out already (the row's `sent_at`)."""
    from employers.members import invitation_mail_send

    return invitation_mail_send(invitation_id=invitation_id)


@shared_task(acks_late=True)
def vacancy_heartbeat_task() -> dict[str, int]:
    """Daily 07:30 WITA: closing reminders, "still open?" questions, closing unanswered ones. Idempotent."""
    from employers.services import vacancies_heartbeat

    return vacancies_heartbeat()
