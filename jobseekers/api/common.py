"""Pieces the jobseeker's API (jobseekers and placements) shares: who may call it, and error shapes."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.settings import api_settings

from jobseekers.selectors import profile_of


class IsJobseeker(BasePermission):
    """The signed-in user has a jobseeker profile: the same rule as the /pencaker/ pages."""

    message = _("Only jobseekers can use this.")

    def has_permission(self, request, view) -> bool:
        return profile_of(request.user) is not None


# An error answer, `{"detail", "code"}`: the shape of bontang_aker.core.api, for the answers the
# project's AutoSchema does not describe itself (404 without an id in the path, 409).
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the user's language."},
        "code": {"type": "string", "description": "Machine-readable, e.g. not_found, invalid_transition."},
    },
    "required": ["detail", "code"],
}


def flatten_errors(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level: `{"education[1].end_date": ["..."]}`.

    Every key names the field in the request body, and every value is a list of messages, the
    shape the schema documents for a 400.
    """
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(key, int):  # a list serializer's errors, by the index of the item
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            if prefix and key == api_settings.NON_FIELD_ERRORS_KEY:
                name = prefix
            for inner_key, messages in flatten_errors(value, name).items():
                flat.setdefault(inner_key, []).extend(messages)
    elif isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        for index, item in enumerate(errors):
            for inner_key, messages in flatten_errors(item, f"{prefix}[{index}]").items():
                flat.setdefault(inner_key, []).extend(messages)
    elif isinstance(errors, list):
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(item) for item in errors]
    else:
        flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(errors)]
    return flat


def drf_validation_error(error: DjangoValidationError, field_map: dict | None = None) -> serializers.ValidationError:
    """A service's ValidationError as a 400 naming each field (renamed by `field_map`)."""
    if hasattr(error, "error_dict"):
        detail = {}
        for key, messages in error.message_dict.items():
            name = api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else (field_map or {}).get(key, key)
            detail.setdefault(name, []).extend(messages)
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return serializers.ValidationError(detail)


def error_codes(error: DjangoValidationError) -> set[str]:
    """The codes of every message in a service's ValidationError."""
    if hasattr(error, "error_dict"):
        return {item.code for items in error.error_dict.values() for item in items if item.code}
    return {item.code for item in error.error_list if item.code}
