"""Celery tasks that span the domain apps: thin wrappers around portal services."""

from smtplib import SMTPException

from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=60 * 20, time_limit=60 * 25)
def erase_requested_personal_data_task() -> list[int]:
    """Nightly (02:45 WITA): erase the personal data of deletion requests past their retention period.

    Idempotent: each erasure locks its request and sets `erased_at`, so a redelivered or repeated
    run erases nothing twice; one person's error is recorded on the request and the others go on.
    Returns [erased, failed].
    """
    from portal.privacy import personal_data_erase_due

    return list(personal_data_erase_due())


@shared_task(acks_late=True)
def send_saved_search_digests_task() -> int:
    """Each morning (06:30 WITA): queue one digest e-mail per person with saved searches; returns how many."""
    from portal.saved_searches import saved_search_digests_queue

    return saved_search_digests_queue()


# SMTP and socket errors are worth another try: the failed send rolled its claim back, and the
# day's row makes a second delivery send nothing.
@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=6,
)
def send_saved_search_digest_task(user_id: int, day: str | None = None) -> bool:
    """E-mail one person the new vacancies of their saved searches, at most once on `day` (ISO date, WITA)."""
    import datetime

    from portal.saved_searches import saved_search_digest_send

    return saved_search_digest_send(user_id=user_id, day=datetime.date.fromisoformat(day) if day else None)
