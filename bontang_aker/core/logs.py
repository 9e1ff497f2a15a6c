"""One request id across the web and the tasks it enqueues, and log lines as JSON objects.

The id comes from the client's (or the proxy's) `X-Request-ID` when it is short and made of safe
characters, else a new one; it is kept in a context variable for the request
(`RequestIdMiddleware`), sent along in the headers of every task enqueued meanwhile
(`before_task_publish`), and set again in the worker while the task runs (`task_prerun`).
`RequestContextFilter` puts it, and the task's name and id, on every log record; `JsonFormatter`
writes one JSON object a line. No personal data: request lines carry the user's id, never a
name, NIK or e-mail, and the path without its query string.
"""

import contextvars
import json
import logging
import re
import traceback
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# Task message header that carries the id from the web to the worker.
TASK_HEADER = "request_id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
task_name_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_name", default=None)
task_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_id", default=None)

# Attributes of every LogRecord: whatever else a caller passed in `extra=` is written as a field.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_CONTEXT_FIELDS = ("request_id", "task_name", "task_id")


def valid_request_id(value: str | None) -> str | None:
    """The client's id if it is short and safe to write into logs and headers, else None."""
    if value and _SAFE_ID.match(value):
        return value
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestContextFilter(logging.Filter):
    """Adds request_id, task_name and task_id (or None) to every record; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        if getattr(record, "task_name", None) is None:
            record.task_name = task_name_var.get()
        if getattr(record, "task_id", None) is None:
            record.task_id = task_id_var.get()
        return True


def _without_task_arguments(data):
    """Celery passes a task's arguments (names, e-mails…) in `extra={"data": …}`: not logged."""
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if key not in ("args", "kwargs")}
    return data


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (ISO 8601, UTC), level, logger, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _CONTEXT_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _CONTEXT_FIELDS and key not in entry:
                entry[key] = _without_task_arguments(value) if key == "data" else value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The plain format of tests and development, with the request id when there is one."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s%(context)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        parts = [getattr(record, field, None) for field in _CONTEXT_FIELDS]
        record.context = "".join(f" [{part}]" for part in parts if part)
        return super().format(record)


# Celery signals (connected in CoreConfig.ready) -----------------------------------------------

# The context-variable tokens of each running task, by task id (a task object is shared by threads).
_task_tokens: dict[str, tuple] = {}


def add_request_id_to_task_headers(headers=None, **kwargs) -> None:
    """before_task_publish: a task enqueued during a request carries the request's id."""
    request_id = request_id_var.get()
    if request_id and headers is not None and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


def set_task_context(task_id=None, task=None, **kwargs) -> None:
    """task_prerun: the worker logs with the id of the request that enqueued the task.

    A task run eagerly (in the request's own thread) keeps the request's id; one from beat or a
    command without an id gets none, and is found by its task id.
    """
    request = getattr(task, "request", None)
    request_id = valid_request_id(request.get(TASK_HEADER) if request is not None else None)
    _task_tokens[task_id] = (
        request_id_var.set(request_id or request_id_var.get()),
        task_name_var.set(getattr(task, "name", None)),
        task_id_var.set(task_id),
    )


def clear_task_context(task_id=None, **kwargs) -> None:
    """task_postrun: back to the context before the task (nothing leaks into the next task)."""
    tokens = _task_tokens.pop(task_id, None)
    if not tokens:
        return
    for var, token in zip((request_id_var, task_name_var, task_id_var), tokens, strict=True):
        try:
            var.reset(token)
        except ValueError:  # set in another context (cannot happen with prerun/postrun in one thread)
            var.set(None)


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(add_request_id_to_task_headers, dispatch_uid="core.logs.publish")
    signals.task_prerun.connect(set_task_context, dispatch_uid="core.logs.prerun")
    signals.task_postrun.connect(clear_task_context, dispatch_uid="core.logs.postrun")
