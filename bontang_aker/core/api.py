"""API-wide pieces: the exception handler that turns domain errors into HTTP answers."""

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bontang_aker.core.workflow import TransitionError


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):
        return Response(
            {
                "detail": _("This action is not possible in the current status (%(status)s).")
                % {"status": exc.current},
                "code": "invalid_transition",
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
