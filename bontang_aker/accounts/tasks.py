"""Celery tasks of the accounts app: thin wrappers around services."""

from smtplib import SMTPException

from celery import shared_task


# As the notices' e-mail: SMTP and socket errors are worth another try, and the service sends
# at most once, so a retry or a second delivery of the message is harmless.
@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_account_mail_task(mail_id: int) -> bool:
    """Send one account e-mail (verification, password reset, change of address) unless it went out already."""
    from bontang_aker.accounts.services import account_mail_send

    return account_mail_send(mail_id=mail_id)
