"""Celery tasks of the notices app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task


# SMTPException and socket errors (refused, reset, timeout, DNS) are worth another try; the
# service sends at most once, so a retry or a second delivery of the message is harmless.
@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_notice_email_task(notice_id: int) -> bool:
    """E-mail one notice to its recipient, unless it was e-mailed already."""
    from bontang_aker.notices.services import notice_email_send

    return notice_email_send(notice_id=notice_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def email_unsent_notices_task() -> int:
    """Every 30 minutes: the e-mails of notices whose task was lost (the broker was down) go out."""
    from bontang_aker.notices.services import notices_email_unsent

    return notices_email_unsent()
