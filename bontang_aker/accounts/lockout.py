"""The login lockout's project rules, plugged into django-axes through its AXES_* callables.

Axes counts failed logins in the database, per account and per client address
(`AXES_LOCKOUT_PARAMETERS`), and from the limit on refuses every attempt, the right
password included, until `AXES_COOLOFF_TIME` has passed since the last failure. The same
rules hold on the site's login, the admin login and the API token endpoint, as all three
go through `django.contrib.auth.authenticate` with the Django request.
"""

import math
from datetime import datetime

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import ngettext

from bontang_aker.accounts.models import User
from bontang_aker.accounts.permissions import has_staff_privileges

# axes.models.AccessAttempt.username is a CharField(max_length=255).
USERNAME_MAX_LENGTH = 255


def login_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The e-mail address tried, normalised as logins compare it: `Ana@X.id` and `ana@x.id` count together.

    The login forms and the token endpoint pass it as `username`; axes itself sometimes
    passes the model's USERNAME_FIELD (`email`).
    """
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get(User.USERNAME_FIELD)
    if value is None and request is not None:
        value = request.POST.get("username")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()[:USERNAME_MAX_LENGTH]


def failure_limit(request: HttpRequest | None, credentials: dict | None = None) -> int:
    """Failures that lock: fewer for staff accounts, which open the admin and personal data."""
    username = login_username(request, credentials)
    if username is None:
        return settings.AXES_FAILURE_LIMIT_DEFAULT
    # Axes asks several times per attempt; one query per request and address is enough.
    cache = getattr(request, "_login_failure_limits", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._login_failure_limits = cache
    if username not in cache:
        user = User.objects.filter(email__iexact=username).first()
        is_staff = user is not None and has_staff_privileges(user)
        cache[username] = settings.AXES_FAILURE_LIMIT_STAFF if is_staff else settings.AXES_FAILURE_LIMIT_DEFAULT
    return cache[username]


def retry_at(request: HttpRequest) -> datetime:
    """When the lock lifts at the latest: the cool-off counted from this (refused) attempt."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    return attempt_time + get_cool_off(request)


def lockout_message(until: datetime, *, now: datetime | None = None) -> str:
    """The time is in WITA (the portal's TIME_ZONE), with the date once it is not today."""
    now = now or timezone.now()
    local_until = timezone.localtime(until)
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    if local_until.date() == timezone.localtime(now).date():
        when = formats.time_format(local_until, "H:i")
    else:
        when = formats.date_format(local_until, "j F Y H:i")
    return ngettext(
        "Too many failed login attempts. For your security, logging in is blocked until %(when)s WITA "
        "(in %(minutes)d minute).",
        "Too many failed login attempts. For your security, logging in is blocked until %(when)s WITA "
        "(in %(minutes)d minutes).",
        minutes,
    ) % {"when": when, "minutes": minutes}


def _is_api_request(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: JSON for the API, the lockout page (site layout) for browsers."""
    until = retry_at(request)
    now = timezone.now()
    message = lockout_message(until, now=now)
    status = settings.AXES_HTTP_RESPONSE_CODE
    if _is_api_request(request):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=status)
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": message, "retry_at": until},
            status=status,
        )
    response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return response
