"""Response headers that Django's own SecurityMiddleware does not set, and the request id."""

import logging
import time

from django.conf import settings
from django.utils.functional import empty

from bontang_aker.core import logs

request_logger = logging.getLogger("bontang_aker.request")

# The portal uses none of these browser features; a page (or an injected script) cannot ask for them.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
    "interest-cohort": "()",
    "browsing-topics": "()",
}


class PermissionsPolicyMiddleware:
    """Sets the Permissions-Policy header on every response that does not set its own.

    The policy is the `PERMISSIONS_POLICY` setting (feature → allowlist), by default every
    feature above switched off.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.header = ", ".join(f"{feature}={allowlist}" for feature, allowlist in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


# URL arguments that are secrets (sign-in, unsubscribe and reset links): the request log writes
# their placeholder, not their value.
_SECRET_URL_ARGUMENTS = ("token", "uidb64", "key", "code", "signature")


def _loggable_path(request) -> str:
    """The path without query string, with secret URL arguments replaced by their name."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if any(secret in name for secret in _SECRET_URL_ARGUMENTS) and isinstance(value, str) and value:
                path = path.replace(value, f"<{name}>")
    return path


def _resolved_user_id(request):
    """The user's id if the request already looked the user up (the log adds no session query)."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


class RequestIdMiddleware:
    """Gives each request an id (the client's valid X-Request-ID, else a new one) and logs it once.

    The id is in `bontang_aker.core.logs.request_id_var` for the request (every log line and every
    task enqueued carries it) and in the response's X-Request-ID header. One line per request on
    the `bontang_aker.request` logger: method, path, status, duration in ms and user id. First in
    MIDDLEWARE, so the duration covers the others too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.valid_request_id(request.headers.get(logs.REQUEST_ID_HEADER)) or logs.new_request_id()
        request.request_id = request_id
        token = logs.request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[logs.REQUEST_ID_HEADER] = request_id
            status = response.status_code
            request_logger.log(
                logging.WARNING if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                _loggable_path(request),
                status,
                extra={
                    "method": request.method,
                    "path": _loggable_path(request),
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": _resolved_user_id(request),
                },
            )
            return response
        finally:
            logs.request_id_var.reset(token)
