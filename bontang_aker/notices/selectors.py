"""Reads of notices; every one is scoped to its recipient."""

from __future__ import annotations

from django.db.models import QuerySet

from bontang_aker.accounts.models import User
from bontang_aker.notices.models import Notice


def notice_list_for(*, user: User) -> QuerySet[Notice]:
    """The user's own notices, newest first."""
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notice_unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
