"""API-wide pieces: one error shape for every API answer, and the exception handler that gives it.

Every error the API answers is JSON: `{"detail": "...", "code": "..."}`, or for invalid input
(400) the invalid fields and parameters, each with its list of messages. DRF answers the errors
it knows through `exception_handler`; anything else that fails under /api/ (a database outage, a
URL that matches no route) reaches Django's handler404/handler500, which ask `is_api_request`
and answer with `error_response` instead of an HTML page. Messages are in the user's language.
"""

import math
from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from bontang_aker.core.workflow import TransitionError

API_PATH_PREFIX = "/api/"

# DRF's own Indonesian catalogue lacks these messages, which this API can answer (token
# authentication, pagination, request parsing). Naming them here puts them in our catalogue:
# Django merges the catalogues, so DRF's lazily translated strings find our translations.
DRF_MESSAGES_WITHOUT_INDONESIAN = [
    gettext_noop("Invalid page."),
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("Invalid token."),
    gettext_noop("Invalid token header. No credentials provided."),
    gettext_noop("Invalid token header. Token string should not contain spaces."),
    gettext_noop("Invalid token header. Token string should not contain invalid characters."),
    gettext_noop('Method "{method}" not allowed.'),
    gettext_noop("Malformed request."),
    gettext_noop("Not a valid string."),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
]


def is_api_request(request) -> bool:
    """The one rule deciding whether a failure is answered as JSON rather than as an HTML page."""
    return request.path_info.startswith(API_PATH_PREFIX)


def error_response(*, detail: str, code: str, status_code: int) -> JsonResponse:
    """An API error answered outside DRF (Django's error handlers), in the same shape as DRF's."""
    return JsonResponse(
        {"detail": str(detail), "code": code},
        status=status_code,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},  # as DRF renders it
    )


def throttled_message(wait: float | None) -> str:
    # DRF formats its "Expected available in {wait} seconds." before translating it, so the
    # catalogue never matches and the sentence stays English: it is replaced here.
    if wait is None:
        return _("Too many requests. Please try again later.")
    seconds = max(1, math.ceil(wait))  # rounded up, as in the Retry-After header
    return ngettext(
        "Too many requests. Please try again in %(seconds)d second.",
        "Too many requests. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


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
    if isinstance(exc, Http404):
        # Django's message ("No Vacancy matches the given query.") is English and names a model.
        exc = exceptions.NotFound(_("Not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's handler500 answers it (as JSON under /api/)
    if isinstance(exc, exceptions.Throttled):
        response.data = {"detail": throttled_message(exc.wait), "code": exc.default_code}
    elif isinstance(response.data, dict) and set(response.data) == {"detail"}:
        detail = response.data["detail"]
        response.data = {"detail": detail, "code": getattr(detail, "code", None) or exc.default_code}
    return response


# Staff decisions ----------------------------------------------------------------------------
# The staff API (each app's api/staff.py) takes the decisions of the admin's change pages through
# the same services: one model permission per decision, an optional note or a required reason.


class HasModelPermission(BasePermission):
    """Disnaker staff holding one model permission ("app_label.codename", see accounts/roles.py).

    Listed as an instance: `permission_classes = [HasModelPermission("employers.verify_company")]`.
    DRF calls each entry to get its permission, and an instance called returns itself. Without
    credentials the answer is 401 (DRF asks for them first); any other account lacking it gets 403.
    """

    def __init__(self, perm: str):
        self.perm = perm

    def __call__(self):
        return self

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.has_perm(self.perm))


class DecisionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=gettext_lazy("Optional; recorded in the status history."),
    )


class DecisionReasonSerializer(serializers.Serializer):
    # A blank reason passes here: the service refuses it, naming who will read the reason.
    reason = serializers.CharField(
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=gettext_lazy("Recorded in the status history and shown to the people concerned."),
    )


CONFLICT_RESPONSE = OpenApiResponse(
    {
        "type": "object",
        "properties": {
            "detail": {"type": "string", "description": "What is not possible, in the user's language."},
            "code": {"type": "string", "enum": ["invalid_transition"]},
        },
        "required": ["detail", "code"],
    },
    description=gettext_lazy("The current status does not allow this decision."),
)


def decision_responses(serializer_class) -> dict:
    """The answers of a decision besides those the AutoSchema adds (400, 401, 403, 404)."""
    return {200: serializer_class, 409: CONFLICT_RESPONSE}


def decide(
    view, request, service: Callable, *, needs_reason: bool = False, body_serializer: type | None = None
) -> Response:
    """Take one staff decision on the viewset's object; answer the object as it is afterwards.

    `service(obj, user, text)` calls the owning app's service with the reason or the note. A
    missing id is a 404; a status that does not allow the decision a 409 (`exception_handler`);
    a service's ValidationError a 400 keyed by field, e.g. `{"reason": [...]}`. A refusal with a
    list of usual reasons passes its `body_serializer` (bontang_aker.core.api_reasons), which
    validates `reason_code` and leaves the reason to record in `reason`.
    """
    queryset = view.get_queryset()  # not filtered by the query string: that is the list's
    obj = get_object_or_404(queryset, pk=view.kwargs["pk"])
    view.check_object_permissions(request, obj)
    if body_serializer is None:
        body_serializer = DecisionReasonSerializer if needs_reason else DecisionNoteSerializer
    body = body_serializer(data=request.data)
    body.is_valid(raise_exception=True)
    try:
        service(obj, request.user, body.validated_data["reason" if needs_reason else "note"])
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
    return Response(view.get_serializer(queryset.get(pk=obj.pk)).data)


class StatusField(serializers.ChoiceField):
    """A record's read-only status, documented as one enum component per model (`<Model>Status`).

    drf-spectacular names the enums of fields called "status" from the serializers using them,
    and warns when several serializers share a model's statuses; a component per model avoids that.
    """

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(choices=model.Status.choices, read_only=True, **kwargs)


class StatusFieldExtension(OpenApiSerializerFieldExtension):
    target_class = StatusField

    def map_serializer_field(self, auto_schema, direction):
        model = self.target.model
        name = f"{model.__name__}Status"
        schema = {"type": "string", "enum": list(model.Status.values)}
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        auto_schema.registry.register_on_missing(component)
        return component.ref


def staff_list_filter(model, *order_fields: str) -> type[filters.FilterSet]:
    """The FilterSet of a staff list: `?status=` (validated against the model's statuses) and
    `?ordering=` on the given date fields."""
    meta = type("Meta", (), {"model": model, "fields": ["status"]})
    ordering = filters.OrderingFilter(fields=[(name, name) for name in order_fields])
    return type(f"Staff{model.__name__}Filter", (filters.FilterSet,), {"ordering": ordering, "Meta": meta})


class StaffReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A staff review list and its details; ids are digits (anything else matches no route: 404)."""

    filter_backends = [DjangoFilterBackend]
    lookup_value_regex = "[0-9]+"
