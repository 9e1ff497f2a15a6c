"""`GET /api/v1/staff/decision-reasons/`: the usual reasons of each staff refusal, in the user's language.

The same lists the admin's reason pages offer (each app's decision_reasons.py), as the staff API's
refusals accept them in `reason_code` (bontang_aker.core.api_reasons). Here, above the domain
apps, because the lists are filled when their staff API modules are imported.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from bontang_aker.core.api_reasons import DECISION_REASON_LISTS
from bontang_aker.core.reasons import OTHER_REASON
from portal.api import IsDisnakerStaff


class StaffReasonOptionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("What to send as reason_code."))
    label = serializers.CharField(help_text=_("The reason in the user's language."))


class StaffDecisionReasonsSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text=_("The API action's URL name, e.g. staff-company-return."))
    path = serializers.CharField(help_text=_("Where the decision is posted, {id} standing for the record's id."))
    reasons = StaffReasonOptionSerializer(many=True)


class StaffDecisionReasonListsSerializer(serializers.Serializer):
    decisions = StaffDecisionReasonsSerializer(many=True)


def decision_reason_lists() -> list[dict]:
    """Each refusal with a list, its path and its reasons; the labels in the active language."""
    rows = []
    for url_name, reasons in DECISION_REASON_LISTS.items():
        # Staff API ids are digits: 0 matches the route and is then shown as {id}.
        path = reverse(f"api:{url_name}", args=[0]).replace("/0/", "/{id}/")
        rows.append(
            {
                "decision": url_name,
                "path": path,
                "reasons": [{"code": code, "label": str(label)} for code, label in reasons],
            }
        )
    return rows


class StaffDecisionReasonsView(APIView):
    permission_classes = [IsDisnakerStaff]

    @extend_schema(
        tags=["staff"],
        summary="The usual reasons of each refusal",
        description=(
            "For each staff refusal that offers a list (the same lists as the administration's reason "
            "pages): its path and its reasons, labels in the user's language. Post a code as "
            f"`reason_code`, with an optional explanation in `reason`; `{OTHER_REASON}` (with `reason` "
            "required) when none fits. The recorded reason starts with the label in Indonesian, "
            "as the company or the jobseeker reads it."
        ),
        responses={
            200: StaffDecisionReasonListsSerializer,
            403: OpenApiResponse(description=_("Only Disnaker staff see the reason lists.")),
        },
    )
    def get(self, request):
        return Response(StaffDecisionReasonListsSerializer({"decisions": decision_reason_lists()}).data)
