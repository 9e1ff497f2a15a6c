"""The staff API's refusals with a list of usual reasons, as the admin's reason pages offer them.

A refusal's body is `reason` alone (free text, as it always was) or `reason_code` (one of the
decision's codes, or "other") plus `reason`, the explanation: optional with a code from the list,
required with "other". The reason recorded is built by the admin's function
(bontang_aker.core.reasons.reason_compose): the chosen label in the portal's language, a full
stop, the explanation. Each app's api/staff.py makes its refusals' bodies here, which also lists
them for `GET /api/v1/staff/decision-reasons/` (portal.api_reasons).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from bontang_aker.core.reasons import OTHER_REASON, Reason, reason_compose
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline

# Each refusal with a list, by the URL name of its API action ("staff-company-return"), in the
# order the modules declare them. Filled when the staff API modules are imported (the URLconf).
DECISION_REASON_LISTS: dict[str, tuple[Reason, ...]] = {}

# reason_compose's keys, as the API names its fields.
_API_FIELDS = {"code": "reason_code", "text": "reason"}


class ReasonCodeField(serializers.ChoiceField):
    """One decision's reason codes plus "other", documented as one enum component per decision."""

    def __init__(self, reasons: tuple[Reason, ...], *, component: str, **kwargs):
        self.reasons = reasons
        self.component = component
        super().__init__(choices=[*(code for code, _label in reasons), OTHER_REASON], **kwargs)


class ReasonCodeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ReasonCodeField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        listed = "\n".join(f"- `{code}`: {label}" for code, label in field.reasons)
        schema = {
            "type": "string",
            "enum": [*(code for code, _label in field.reasons), OTHER_REASON],
            "description": f"{listed}\n- `{OTHER_REASON}`: none of these; `reason` says why.",
        }
        name = field.component
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        auto_schema.registry.register_on_missing(component)
        return component.ref


def decision_reason_serializer(url_name: str, reasons: tuple[Reason, ...]) -> type[serializers.Serializer]:
    """The body of the refusal at API URL name `url_name`, whose usual reasons are `reasons`.

    Named after the URL name in the schema (`staff-company-return` → `StaffCompanyReturnReason`).
    After validation, `validated_data["reason"]` is what the service records.
    """
    if DECISION_REASON_LISTS.setdefault(url_name, reasons) is not reasons:
        raise ImproperlyConfigured(f"Two reason lists for the decision {url_name}.")
    prefix = "".join(part.title() for part in url_name.split("-"))

    def validate(self, attrs):
        code = attrs.pop("reason_code", None)
        if code is None:  # free text alone, as before the lists: the service refuses a blank reason
            if "reason" not in attrs:
                raise serializers.ValidationError({"reason": [self.fields["reason"].error_messages["required"]]})
            return attrs
        try:
            attrs["reason"] = reason_compose(reasons=reasons, code=code, text=attrs.get("reason", ""))
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {_API_FIELDS[key]: messages for key, messages in error.message_dict.items()}
            ) from None
        return attrs

    attributes = {
        "__doc__": "A reason from the decision's list (`reason_code`) with an optional explanation, or free text.",
        "__module__": __name__,
        "reason_code": ReasonCodeField(
            reasons,
            component=f"{prefix}ReasonCode",
            required=False,
            help_text=gettext_lazy(
                "Optional: one of the decision's usual reasons (GET /api/v1/staff/decision-reasons/), "
                "or “other”. Its label, in Indonesian, starts the recorded reason."
            ),
        ),
        "reason": serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=MAX_NOTE_LENGTH,
            validators=[validate_no_control_characters_multiline],
            help_text=gettext_lazy(
                "Without reason_code: the reason (required). With a code from the list: an optional "
                "explanation; with “other”: the reason (required). Shown to the people concerned."
            ),
        ),
        "validate": validate,
    }
    return type(f"{prefix}ReasonSerializer", (serializers.Serializer,), attributes)
