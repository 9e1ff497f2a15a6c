"""The audit trail (django-auditlog): who changed which personal, vacancy, placement or compliance data.

Each app registers its models in its own `audit.py`, imported from its `AppConfig.ready()`;
every save and delete of a registered model then writes an `auditlog.LogEntry` with the
changed fields before → after. Not logged: `QuerySet.update()`, `bulk_create`, `bulk_update`
and raw SQL, which send no signals.

Who did it:
- in a request, `AuditlogMiddleware` (below) takes the logged-in user and the client address;
- a service names its actor (`by=`, `reviewer=` …) and `workflow.transition` runs its save
  inside `acting_as(actor)`, so a decision made through the API (token login happens in the
  view, after the middleware), a Celery task or a command is still put on the right person.
  Writes with neither (a task or command with no actor) have an empty actor: "system".
- any other write during a request (a row a service saves outside `transition`) takes the
  request's user as it is at that moment, so an API call with a token names its user too.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save

from bontang_aker.core.client_address import client_ip

# Fields no registered model should log: they change on every save and say nothing.
NEVER_LOGGED = ("updated_at", "search_vector")

_service_actor: ContextVar = ContextVar("bontang_aker_audit_actor", default=None)
# The request being answered (set by AuditlogMiddleware): its user is read when an entry is
# written, not when the request came in, so a token login in the API view counts too.
_current_request: ContextVar = ContextVar("bontang_aker_audit_request", default=None)


@contextmanager
def acting_as(actor):
    """Log entries written inside this block name `actor` (a user; None changes nothing).

    It nests and always restores the previous value, so a request, a service and the
    services it calls cannot leak an actor to the next write.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        yield
        return
    token = _service_actor.set(actor)
    try:
        yield
    finally:
        _service_actor.reset(token)


def fill_actor(sender, instance, **kwargs) -> None:
    """Put the service's actor on a log entry (connected in CoreConfig.ready).

    It runs before the middleware's receiver (connected per request, later), so the actor the
    service records in its event row is the one the audit trail shows as well.
    """
    actor = _service_actor.get()
    if actor is None:
        user = getattr(_current_request.get(), "user", None)  # DRF puts its token user on the request
        actor = user if getattr(user, "is_authenticated", False) else None
    if actor is not None and isinstance(actor, get_user_model()) and instance.actor_id is None:
        instance.actor = actor
        instance.actor_email = getattr(actor, "email", None)


def connect() -> None:
    from auditlog import get_logentry_model

    LogEntry = get_logentry_model()
    pre_save.connect(fill_actor, sender=LogEntry, dispatch_uid="core.audit.fill_actor")


def mask_secret(value: str) -> str:
    """How a masked field (a hash, a code) shows in the trail: that it changed, never its value."""
    return "********" if value else ""


def register(model, *, exclude_fields: tuple[str, ...] = (), mask_fields: tuple[str, ...] = (), **options) -> None:
    """Register `model` with auditlog, never logging the `NEVER_LOGGED` fields it has nor reverse relations."""
    from auditlog.registry import auditlog

    fields = model._meta.get_fields()
    names = {field.name for field in fields}
    # Reverse relations (a vacancy's applications, events …) are other records, logged as such.
    reverse = [field.name for field in fields if field.auto_created and not field.concrete]
    excluded = [*exclude_fields, *(name for name in NEVER_LOGGED if name in names), *reverse]
    auditlog.register(
        model,
        exclude_fields=excluded,
        mask_fields=list(mask_fields),
        mask_callable="bontang_aker.core.audit.mask_secret",
        **options,
    )


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, with the client address decided by `client_ip`.

    The library believes the first `X-Forwarded-For` entry, which any client can write; here
    it is believed only as far as our own proxies (TRUSTED_PROXY_COUNT). No port is stored.
    """

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request) or None

    @staticmethod
    def _get_remote_port(request):
        return None

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return super().__call__(request)
        finally:
            _current_request.reset(token)


ERASED = "(erased)"


def audit_erase(model, pks, *, fields: tuple[str, ...] | None = None) -> int:
    """Blank a person's data in the audit entries of these records (erasure, UU 27/2022); returns the entries.

    The entries stay (who changed which field, when), but the values before and after of
    `fields` (every field when None), the record's name and its serialized copy are gone.
    """
    from auditlog import get_logentry_model
    from django.contrib.contenttypes.models import ContentType

    LogEntry = get_logentry_model()
    pks = list(pks)
    if not pks:
        return 0
    entries = list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks))
    for entry in entries:
        changes = entry.changes_dict or {}
        for name, values in changes.items():
            if fields is not None and name not in fields:
                continue
            if isinstance(values, dict):  # many-to-many
                changes[name] = {**values, "objects": [ERASED for _item in values.get("objects", [])]}
            else:
                changes[name] = [ERASED if value not in (None, "None", "") else value for value in values]
        entry.changes = changes
        entry.changes_text = ""
        entry.object_repr = ERASED
        entry.serialized_data = None
    LogEntry.objects.bulk_update(entries, ["changes", "changes_text", "object_repr", "serialized_data"], batch_size=500)
    return len(entries)


def audit_actor_erase(*, user_id: int, email: str) -> int:
    """The e-mail address kept with the entries a person made themselves becomes the erased one."""
    from auditlog import get_logentry_model

    return get_logentry_model().objects.filter(actor_id=user_id).update(actor_email=email)
