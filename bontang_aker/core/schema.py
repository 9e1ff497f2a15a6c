"""The OpenAPI schema tells every answer an operation can give, not only the successful one.

`AutoSchema` (the REST_FRAMEWORK default) adds to each operation the errors it can answer, in
the shapes that bontang_aker.core.api gives them:

- 400 when it reads query parameters or a request body (the invalid ones, each with messages);
- 401 when it authenticates (a missing or bad token), 403 when its permissions can refuse;
- 404 for an object by id and for a page number past the end;
- 429 when it is throttled.

`FilterParameters` makes django-filter's parameters as strict in the schema as in the forms:
a number's bounds, a text's maximum length, and that an empty value means "no filter".
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny

ERROR_COMPONENT = "Error"
VALIDATION_ERROR_COMPONENT = "ValidationError"

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a message in the user's language and a stable code for programs.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the user's language."},
        "code": {"type": "string", "description": "Machine-readable, e.g. not_found, throttled."},
    },
    "required": ["detail", "code"],
    "example": {"detail": "Not found.", "code": "not_found"},
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Invalid input: each invalid field or query parameter (or non_field_errors) with its messages, "
        "in the user's language."
    ),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"company": ["Ensure this value is greater than or equal to 1."]},
}

ERROR_DESCRIPTIONS = {
    "400": _("Invalid input: the body names each invalid field or parameter."),
    "401": _("Missing or invalid credentials (send `Authorization: Token <token>`)."),
    "403": _("The credentials do not allow this operation."),
    "404": _("Not found: no such object, or a page number past the last page."),
    "429": _("Too many requests; retry after the number of seconds in the Retry-After header."),
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_status_codes():
            response = responses.setdefault(code, {})
            # An error declared in @extend_schema with a description only still gets its body.
            response.setdefault("content", self._error_content(code))
            if not response.get("description"):
                response["description"] = ERROR_DESCRIPTIONS[code]
        return responses

    def _error_status_codes(self) -> list[str]:
        codes = []
        if self._reads_input():
            codes.append("400")
        authenticators = self.view.get_authenticators()
        if authenticators:
            codes.append("401")
        refuses = any(not isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        checks_csrf = self.method not in SAFE_METHODS and any(
            isinstance(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if refuses or checks_csrf:
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_pagination_parameters(self):
        parameters = super()._get_pagination_parameters()
        for parameter in parameters:
            if parameter["name"] == "page" and parameter["schema"].get("type") == "integer":
                parameter["schema"]["minimum"] = 1
                parameter["allowEmptyValue"] = True  # an empty page number is the first page
        return parameters

    def _reads_input(self) -> bool:
        if self.method in ("POST", "PUT", "PATCH"):
            return True
        if self.get_filter_backends():
            return True
        return any(
            isinstance(parameter, OpenApiParameter) and parameter.location == OpenApiParameter.QUERY
            for parameter in self.get_override_parameters()
        )

    def _error_content(self, code: str) -> dict:
        error = self._register(ERROR_COMPONENT, ERROR_SCHEMA)
        if code == "400":
            # Invalid fields and parameters; a body that cannot be parsed gets the plain error shape.
            schema = {"anyOf": [self._register(VALIDATION_ERROR_COMPONENT, VALIDATION_ERROR_SCHEMA), error]}
        else:
            schema = error
        return {media_type: {"schema": schema} for media_type in self.map_renderers("media_type")}

    def _register(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref


class FilterParameters(DjangoFilterExtension):
    """django-filter parameters with the bounds their form fields enforce."""

    priority = 1  # wins over drf-spectacular's own extension for the same backend

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") in ("integer", "number"):
                for keyword, option in (("minimum", "min_value"), ("maximum", "max_value")):
                    if extra.get(option) is not None:
                        schema[keyword] = extra[option]
            if schema.get("type") == "string" and extra.get("max_length") is not None:
                schema["maxLength"] = extra["max_length"]
            if not extra.get("required"):
                # The form field takes an empty value as "not given": the HTML search form sends them.
                parameter["allowEmptyValue"] = True
        return parameters
