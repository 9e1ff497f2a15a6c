"""The staff API of the sanction ladder: cases, their steps and letters, through employers.sanctions.

- `GET /api/v1/staff/sanction-cases/` and `/{id}/`: every staff group (`employers.view_sanctioncase`).
- `POST /api/v1/staff/sanction-cases/`: open a case (`employers.manage_sanction_case`).
- `POST /{id}/steps/`: give the ladder's next step. The verbal warning needs the manage
  permission; any later step `employers.escalate_sanction` (kepala bidang): a petugas gets 403.
- `POST /{id}/close/`: close the case with the note saying how it was resolved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from bontang_aker.core.api import (
    DecisionReasonSerializer,
    HasModelPermission,
    StaffReadViewSet,
    StatusField,
    decide,
    decision_responses,
)
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers import sanctions
from employers.api.staff import StaffCompanyBriefSerializer
from employers.models import Company, SanctionCase, SanctionStep


class StaffSanctionStepSerializer(serializers.ModelSerializer):
    # A code of settings.SANCTION_LADDER: configurable, so not a fixed enum in the schema.
    kind = serializers.CharField(read_only=True, help_text=_("The ladder step's code (settings.SANCTION_LADDER)."))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    letter_url = serializers.SerializerMethodField(help_text=_("The letter's PDF in the admin."))

    class Meta:
        model = SanctionStep
        fields = [
            "id",
            "position",
            "kind",
            "kind_display",
            "issued_on",
            "deadline",
            "letter_number",
            "letter_url",
            "note",
            "response",
            "responded_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_letter_url(self, step) -> str:
        return sanctions.staff_letter_url(step)


class StaffSanctionCaseSerializer(serializers.ModelSerializer):
    company = StaffCompanyBriefSerializer(read_only=True)
    finding_display = serializers.CharField(source="get_finding_display", read_only=True)
    status = StatusField(SanctionCase)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    steps = StaffSanctionStepSerializer(many=True, read_only=True)
    next_step = serializers.SerializerMethodField(help_text=_("The ladder's next step; null when none is left."))

    class Meta:
        model = SanctionCase
        fields = [
            "id",
            "company",
            "finding",
            "finding_display",
            "description",
            "status",
            "status_display",
            "steps",
            "next_step",
            "resolution",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_next_step(self, case) -> str | None:
        if case.status != SanctionCase.Status.OPEN:
            return None
        taken = len(case.steps.all())  # prefetched
        ladder = sanctions.ladder()
        return ladder[taken]["code"] if taken < len(ladder) else None


class SanctionCaseOpenSerializer(serializers.Serializer):
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    finding = serializers.ChoiceField(choices=SanctionCase.Finding.choices)
    description = serializers.CharField(
        max_length=MAX_NOTE_LENGTH, validators=[validate_no_control_characters_multiline]
    )


class SanctionStepOpenSerializer(serializers.Serializer):
    kind = serializers.CharField(
        required=False,
        max_length=40,
        help_text=_("The step expected (a ladder code); refused unless it is the case's next step on the ladder."),
    )
    deadline = serializers.DateField(required=False, allow_null=True, help_text=_("Default: the ladder's days."))
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
    )


class StaffSanctionCaseFilter(filters.FilterSet):
    ordering = filters.OrderingFilter(fields=[("created_at", "created_at")])

    class Meta:
        model = SanctionCase
        fields = ["status", "finding", "company"]


def _raise_api(error: Exception):
    if isinstance(error, DjangoPermissionDenied):
        raise PermissionDenied(str(error)) from None
    raise serializers.ValidationError(serializers.as_serializer_error(error)) from None


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary="Sanction cases, newest first"),
    retrieve=extend_schema(summary="One sanction case with its steps"),
    create=extend_schema(
        summary="Open a sanction case",
        request=SanctionCaseOpenSerializer,
        responses={201: StaffSanctionCaseSerializer},
    ),
)
class StaffSanctionCaseViewSet(mixins.CreateModelMixin, StaffReadViewSet):
    serializer_class = StaffSanctionCaseSerializer
    filterset_class = StaffSanctionCaseFilter

    def get_permissions(self):
        if self.action in {"create", "close", "steps"}:
            return [HasModelPermission(sanctions.MANAGE_PERMISSION)]
        return [HasModelPermission("employers.view_sanctioncase")]

    def get_queryset(self):
        return sanctions.sanction_cases_for_staff()

    def create(self, request, *args, **kwargs):
        body = SanctionCaseOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            case = sanctions.sanction_case_open(
                company_id=body.validated_data["company"].pk,
                finding=body.validated_data["finding"],
                description=body.validated_data["description"],
                by=request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            _raise_api(error)
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give the case's next step on the ladder",
        description=(
            "Makes the numbered letter. The verbal warning needs `employers.manage_sanction_case`; "
            "every later step `employers.escalate_sanction` (kepala bidang): 403 otherwise. 400 when "
            "`kind` is not the next step, the case is closed or the ladder is used up."
        ),
        request=SanctionStepOpenSerializer,
        responses={201: StaffSanctionCaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        case = get_object_or_404(self.get_queryset(), pk=pk)
        body = SanctionStepOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            sanctions.sanction_step_open(
                case_id=case.pk,
                by=request.user,
                kind=body.validated_data.get("kind", ""),
                deadline=body.validated_data.get("deadline"),
                note=body.validated_data["note"],
            )
        except (DjangoValidationError, DjangoPermissionDenied) as error:
            _raise_api(error)
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Close the case: the finding is resolved",
        description="The reason says how; the company sees it.",
        request=DecisionReasonSerializer,
        responses=decision_responses(StaffSanctionCaseSerializer),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return decide(
            self,
            request,
            lambda case, user, reason: sanctions.sanction_case_close(case_id=case.pk, by=user, note=reason),
            needs_reason=True,
        )
