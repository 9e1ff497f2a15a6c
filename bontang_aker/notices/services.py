"""Every write on notices: create one for a person, e-mail it once, mark it read.

The domain apps call `notice_send` at the end of the service that made the change, inside
its transaction: the notice commits with the change, and its e-mail is queued only then.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from bontang_aker.accounts.models import User
from bontang_aker.notices.models import Notice
from bontang_aker.notices.tasks import send_notice_email_task

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = Notice._meta.get_field("subject").max_length


def language_of(user: User) -> str:
    """The recipient's own language when the portal offers it, else the default (Indonesian)."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a .txt template as plain text: nothing is HTML-escaped (pages escape on display)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def _is_portal_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


@transaction.atomic
def notice_send(*, user: User, key: str, template: str, context: dict[str, Any] | None = None, url: str = "") -> Notice:
    """Tell `user` about a change, once per `key`: a second call with the same key changes nothing.

    `template` names the calling app's `<template>_subject.txt` and `<template>_body.txt`; they
    are rendered in the recipient's language with `recipient` and the given context.
    """
    if url and not _is_portal_path(url):
        raise ValueError(f"A notice links to a path inside the portal, not {url!r}.")
    existing = Notice.objects.filter(recipient=user, key=key).first()
    if existing is not None:
        return existing
    context = {"recipient": user, **(context or {})}
    with translation.override(language_of(user)):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())  # one header line
        body = render_text(f"{template}_body.txt", context).strip()
    # get_or_create inserts inside a savepoint, so a concurrent call with the same key ends
    # in a get instead of an IntegrityError that would break the caller's transaction.
    notice, created = Notice.objects.get_or_create(
        recipient=user, key=key, defaults={"subject": subject[:SUBJECT_MAX_LENGTH], "body": body, "url": url}
    )
    if created:

        def queue_notice_email():
            send_notice_email_task.delay(notice.pk)

        # robust: the change is committed already; a broker outage must not turn it into an error
        # (the notice still shows in the portal, unsent).
        transaction.on_commit(queue_notice_email, robust=True)
    return notice


def notices_send(
    *,
    users: Iterable[User],
    key: str,
    template: str,
    context: dict[str, Any] | None = None,
    url: str = "",
    exclude: User | None = None,
) -> list[Notice]:
    """`notice_send` to each distinct user, leaving out `exclude` (who made the change)."""
    sent, seen = [], {exclude.pk} if exclude is not None else set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        sent.append(notice_send(user=user, key=key, template=template, context=context, url=url))
    return sent


def notice_email_send(*, notice_id: int) -> bool:
    """E-mail a notice unless it was e-mailed already; returns whether a message was sent.

    The row stays locked while the message goes out, so two deliveries of the task cannot
    both send. A failure to send rolls back and leaves `emailed_at` empty for the retry.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update(of=("self",)).select_related("recipient").filter(pk=notice_id).first()
        if notice is None or notice.emailed_at is not None:
            return False
        user = notice.recipient
        if not user.is_active or not user.email or user.email.lower().endswith(".invalid"):  # RFC 2606: no mailbox
            logger.info("Notice %s not e-mailed: the recipient is inactive or has no address.", notice.pk)
            return False
        with translation.override(language_of(user)):
            message = render_text(
                "notices/email/notice_body.txt",
                {
                    "notice": notice,
                    "recipient": user,
                    "link": f"{settings.SITE_URL}{notice.url}" if notice.url else "",
                    "notices_link": f"{settings.SITE_URL}{reverse('notices:list')}",
                },
            )
        send_mail(notice.subject, message, settings.DEFAULT_FROM_EMAIL, [user.email])
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True


UNSENT_SWEEP_AFTER = datetime.timedelta(minutes=15)  # the normal path has had its chance by then
UNSENT_SWEEP_UNTIL = datetime.timedelta(days=3)  # an older notice is not worth an e-mail any more
UNSENT_SWEEP_BATCH = 500


def notices_email_unsent(*, now: datetime.datetime | None = None) -> int:
    """Hand the e-mails of notices still unsent after UNSENT_SWEEP_AFTER to a worker again.

    A notice's e-mail task is queued after commit and a broker outage drops it (robust
    on_commit: the change itself is kept); this sweep, run by beat, is how they still go out.
    Queuing one twice is harmless: `notice_email_send` sends at most once. Returns how many.
    """
    now = now or timezone.now()
    unsent = (
        Notice.objects.filter(
            emailed_at=None,
            created_at__lt=now - UNSENT_SWEEP_AFTER,
            created_at__gte=now - UNSENT_SWEEP_UNTIL,
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .exclude(recipient__email__iendswith=".invalid")
        .order_by("created_at")
        .values_list("pk", flat=True)[:UNSENT_SWEEP_BATCH]
    )
    queued = 0
    for notice_id in unsent:
        send_notice_email_task.delay(notice_id)
        queued += 1
    return queued


@transaction.atomic
def notice_mark_read(*, user: User, notice_id: int) -> Notice:
    """Raises Notice.DoesNotExist for a notice of someone else, exactly as for a missing one."""
    notice = Notice.objects.select_for_update().get(recipient=user, pk=notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, user: User) -> int:
    """Mark every unread notice of `user` read; returns how many."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
