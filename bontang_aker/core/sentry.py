"""Error reporting to Sentry (or a compatible service such as GlitchTip), only when SENTRY_DSN is set.

No personal data leaves the server: `send_default_pii=False` keeps out user names, e-mails, IP
addresses, cookies and request bodies; the event carries the request id to find the log lines.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration


def _add_request_id(event, hint):
    from bontang_aker.core.logs import current_request_id, task_name_var

    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    task_name = task_name_var.get()
    if task_name:
        event.setdefault("tags", {})["task"] = task_name
    return event


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float = 0.0) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        # Request bodies (forms with NIK, CVs) are never attached.
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            # Errors logged with logger.exception/error become events; lower levels only breadcrumbs.
            LoggingIntegration(),
        ],
        before_send=_add_request_id,
    )
