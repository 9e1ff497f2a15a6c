"""State machines shared by every model with a status.

Each model declares a `Status` TextChoices and one `ALLOWED` table; `can_become` is its only
guard and `transition` its only writer of `status`, recording an event row for each change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TransitionError(Exception):
    """Raised when the current status does not allow the requested change."""

    def __init__(self, obj: Any, target: str):
        self.obj = obj
        self.current = obj.status
        self.target = target
        super().__init__(f"{type(obj).__name__} {obj.pk}: {self.current} -> {target} is not allowed")


class StatusMachine(models.Model):
    """Mixin for models with a `status` field and an `ALLOWED` transition table."""

    ALLOWED: dict[str, set[str]] = {}

    class Meta:
        abstract = True

    def can_become(self, target: str) -> bool:
        return target in self.ALLOWED.get(self.status, set())

    def next_statuses(self) -> list[str]:
        return sorted(self.ALLOWED.get(self.status, set()))


def transition(obj: StatusMachine, target: str, *, actor=None, note: str = "", update_fields: tuple[str, ...] = ()):
    """Move `obj` to `target`, save it and write its event row.

    The caller holds the row lock (`select_for_update`) inside `transaction.atomic`. The save
    is logged in the audit trail under `actor`, whether or not a request is around.
    """
    from bontang_aker.core.audit import acting_as

    if not obj.can_become(target):
        raise TransitionError(obj, target)
    previous = obj.status
    obj.status = target
    with acting_as(actor):
        obj.save(update_fields=["status", "updated_at", *update_fields])
    return obj.events.create(actor=actor, from_status=previous, to_status=target, note=note)


class StatusEvent(models.Model):
    """One recorded status change: who, when, from, to, why. Concrete models add the FK."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        text = f"{self.from_status or '∅'} → {self.to_status}"
        if self.created_at is None:
            return text
        # Shown to staff: in the portal's time zone (WITA), never the stored UTC.
        return f"{text} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M} WITA)"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
