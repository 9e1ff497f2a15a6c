"""Failed and retried Celery tasks, counted per task, exception class and day (TaskIncident).

Written from Celery's task_failure and task_retry signals, in the worker (or the eager caller).
A failure to record never changes what happens to the task: it is logged and dropped.
"""

import logging
import re

from django.db import connection
from django.utils import timezone

from bontang_aker.ops.models import TaskIncident

logger = logging.getLogger(__name__)

MESSAGE_LENGTH = 300
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d{8,}")  # NIK (16 digits), phone and card numbers


def summarise_arguments(args, kwargs) -> str:
    """Ids only: numbers are shown, anything else by its type (a name or NIK never is)."""

    def shown(value) -> str:
        if isinstance(value, bool) or value is None:
            return repr(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, (list, tuple)) and all(isinstance(item, int) for item in value):
            return f"[{len(value)} ids]" if len(value) > 5 else repr(list(value))
        return f"<{type(value).__name__}>"

    parts = [shown(value) for value in (args or ())]
    parts += [f"{key}={shown(value)}" for key, value in sorted((kwargs or {}).items())]
    return ", ".join(parts)[:MESSAGE_LENGTH]


def short_message(exception) -> str:
    """The first line of the exception's message, without e-mail addresses or long numbers."""
    text = str(exception).strip().splitlines()[0] if str(exception).strip() else ""
    text = _EMAIL.sub("<email>", text)
    text = _LONG_NUMBER.sub("<number>", text)
    return text[:MESSAGE_LENGTH]


def record_incident(*, task_name: str, state: str, exception, task_id: str, args, kwargs) -> None:
    """Add one to today's incident of this task and exception class (inserted the first time)."""
    now = timezone.now()
    table = TaskIncident._meta.db_table
    exception_class = type(exception).__qualname__
    module = type(exception).__module__
    if module not in ("builtins", None):
        exception_class = f"{module}.{exception_class}"
    # One statement: concurrent workers failing alike add to one row instead of racing to insert.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (task_name, state, exception_class, day, message, last_task_id,
                                 args_summary, count, first_seen, last_seen)
            VALUES (%s, %s, %s, %s, %s, %s, %s, 1, %s, %s)
            ON CONFLICT (task_name, exception_class, state, day) DO UPDATE SET
                count = {table}.count + 1,
                message = EXCLUDED.message,
                last_task_id = EXCLUDED.last_task_id,
                args_summary = EXCLUDED.args_summary,
                last_seen = EXCLUDED.last_seen
            """,  # noqa: S608 - the table name is the model's, not input
            [
                task_name[:200],
                state,
                exception_class[:200],
                timezone.localdate(now),
                short_message(exception),
                (task_id or "")[:64],
                summarise_arguments(args, kwargs),
                now,
                now,
            ],
        )


def _safely(**fields) -> None:
    try:
        record_incident(**fields)
    except Exception:  # noqa: BLE001 - monitoring must not break the task or its retry
        logger.warning("could not record the task incident of %s", fields.get("task_name"), exc_info=True)


def on_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **extra) -> None:
    _safely(
        task_name=getattr(sender, "name", str(sender)),
        state=TaskIncident.State.FAILED,
        exception=exception,
        task_id=task_id,
        args=args,
        kwargs=kwargs,
    )


def on_task_retry(sender=None, request=None, reason=None, **extra) -> None:
    # `reason` is the Retry exception, or the error itself; Retry keeps the error in .exc.
    exception = getattr(reason, "exc", None) or reason
    _safely(
        task_name=getattr(sender, "name", str(sender)),
        state=TaskIncident.State.RETRIED,
        exception=exception,
        task_id=getattr(request, "id", None),
        args=getattr(request, "args", None),
        kwargs=getattr(request, "kwargs", None),
    )


def failures_since(since) -> int:
    """How many task runs failed in incidents seen since then (for the staff home page)."""
    from django.db.models import Sum

    total = TaskIncident.objects.filter(state=TaskIncident.State.FAILED, last_seen__gte=since).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0


def connect() -> None:
    from celery import signals

    signals.task_failure.connect(on_task_failure, dispatch_uid="ops.incidents.failure")
    signals.task_retry.connect(on_task_retry, dispatch_uid="ops.incidents.retry")
