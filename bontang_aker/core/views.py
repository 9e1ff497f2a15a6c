"""The friendly error pages (HTML for pages, JSON under /api/)."""

import sys

from csp.constants import NONCE
from csp.decorators import csp_update
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from bontang_aker.core.api import error_response, is_api_request

# Under /api/ each handler answers JSON in the API's error shape (bontang_aker.core.api), never HTML.


@requires_csrf_token
def permission_denied(request, exception=None):
    if is_api_request(request):
        return error_response(
            detail=_("You do not have permission to perform this action."), code="permission_denied", status_code=403
        )
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api_request(request):
        return error_response(detail=_("Not found."), code="not_found", status_code=404)
    return render(request, "404.html", {"request_path": request.path}, status=404)


@requires_csrf_token
@csp_update({"style-src": NONCE})  # the page's one inline <style>, which needs no static files
def server_error(request):
    """Rendered without a request context: the failure may be in the database or a context processor.

    Django calls this handler while the exception is being handled: a database that cannot be
    reached (restart, failover) answers 503 with Retry-After, so proxies and clients retry.
    """
    unavailable = isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))
    status = 503 if unavailable else 500
    if is_api_request(request):
        response = error_response(
            detail=_("A server error occurred. Please try again in a few minutes."),
            code="unavailable" if unavailable else "server_error",
            status_code=status,
        )
    else:
        context = {"csp_nonce": str(getattr(request, "csp_nonce", "")), "status": status}
        response = HttpResponseServerError(loader.get_template("500.html").render(context), status=status)
    if unavailable:
        response["Retry-After"] = "30"
    return response
