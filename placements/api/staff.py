"""The staff API for the single channel: applications to screen and hire reports to review.

The same decisions as the admin's change pages, through the same services: refer an applicant
(the AK/V letter is numbered) or decline the application (placements.refer_candidate); approve or
return a hire report (placements.review_placement). The lists and details need the model's view
permission, which every staff group has (accounts/roles.py). A decline or a return needs a reason,
which the jobseeker (and for a hire report, its reporter) sees.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action

from bontang_aker.core.api import (
    DecisionNoteSerializer,
    HasModelPermission,
    StaffReadViewSet,
    StatusField,
    decide,
    decision_responses,
    staff_list_filter,
)
from bontang_aker.core.api_reasons import decision_reason_serializer
from bontang_aker.reference.api import OccupationSerializer
from employers.api.staff import StaffCompanyBriefSerializer, StaffVacancyBriefSerializer
from jobseekers.api.staff import StaffJobseekerSerializer
from placements import services
from placements.decision_reasons import APPLICATION_DECLINE_REASONS, PLACEMENT_REJECT_REASONS
from placements.models import Application, Placement
from placements.reconciliation import (
    PLACEMENT_CONFLICT_KINDS,
    placement_conflicts_for,
    placements_with_conflict,
    placements_with_conflict_flags,
)

_JOBSEEKER = "jobseeker__kelurahan__kecamatan"


# The refusals with a list of usual reasons (the admin offers the same lists).
ApplicationDeclineBody = decision_reason_serializer("staff-application-decline", APPLICATION_DECLINE_REASONS)
PlacementReturnBody = decision_reason_serializer("staff-placement-return", PLACEMENT_REJECT_REASONS)


class StaffApplicationSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    vacancy = StaffVacancyBriefSerializer(read_only=True)
    letter_number = serializers.CharField(
        source="referral.letter_number", read_only=True, allow_null=True, default=None
    )
    status = StatusField(Application)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "jobseeker",
            "vacancy",
            "motivation",
            "status",
            "status_display",
            "letter_number",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlacementConflictSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in PLACEMENT_CONFLICT_KINDS])
    message = serializers.CharField(help_text=_("For staff, in the language of the request."))
    other_placement = serializers.IntegerField(
        allow_null=True, help_text=_("The other placement (two companies at once), if any.")
    )
    other_hire_report = serializers.IntegerField(
        allow_null=True, help_text=_("The jobseeker's own hire report naming another company, if any.")
    )


@extend_schema_field(PlacementConflictSerializer(many=True))
class PlacementConflictsField(serializers.Field):
    """The placement's reconciliation conflicts (placements/reconciliation.py).

    A list computes them for the whole page at once (`StaffPlacementListSerializer`); one
    placement alone, in two queries.
    """

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, placement):
        conflicts = getattr(placement, "_conflicts", None)
        if conflicts is None:
            conflicts = placement_conflicts_for([placement])[placement.pk]
        return [
            {
                "kind": conflict.kind,
                "message": conflict.message,
                "other_placement": conflict.other_placement.pk if conflict.other_placement else None,
                "other_hire_report": conflict.other_hire_report.pk if conflict.other_hire_report else None,
            }
            for conflict in conflicts
        ]


class StaffPlacementListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        placements = list(data.all() if hasattr(data, "all") else data)
        by_placement = placement_conflicts_for(placements)  # two queries for the whole page
        for placement in placements:
            placement._conflicts = by_placement[placement.pk]
        return super().to_representation(placements)


class StaffPlacementSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    company = StaffCompanyBriefSerializer(read_only=True)
    vacancy = StaffVacancyBriefSerializer(read_only=True, allow_null=True)
    letter_number = serializers.CharField(
        source="referral.letter_number", read_only=True, allow_null=True, default=None
    )
    occupation = OccupationSerializer(read_only=True)
    placement_type_display = serializers.CharField(source="get_placement_type_display", read_only=True)
    # A plain string: its choices equal the account roles', and one choice set must have one enum name.
    reported_by_role = serializers.CharField(
        read_only=True, help_text=format_lazy(_("One of: {values}."), values=", ".join(Placement.ReportedByRole.values))
    )
    reported_by_role_display = serializers.CharField(source="get_reported_by_role_display", read_only=True)
    status = StatusField(Placement)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    conflicts = PlacementConflictsField(
        help_text=_(
            "What staff should check before deciding: the same person at two companies, a hire not "
            "referred through the portal, the jobseeker naming another company."
        )
    )

    class Meta:
        model = Placement
        list_serializer_class = StaffPlacementListSerializer
        fields = [
            "id",
            "jobseeker",
            "company",
            "vacancy",
            "referral",
            "letter_number",
            "position",
            "occupation",
            "employment_type",
            "start_date",
            "wage",
            "placement_type",
            "placement_type_display",
            "is_local",
            "outside_portal",
            "reported_by_role",
            "reported_by_role_display",
            "status",
            "status_display",
            "review_note",
            "conflicts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


StaffApplicationFilter = staff_list_filter(Application, "created_at")


class StaffPlacementFilter(staff_list_filter(Placement, "created_at", "start_date")):
    # A ChoiceFilter is strict: a value outside the choices is a 400 naming `conflict`.
    conflict = filters.ChoiceFilter(
        choices=[("any", _("Any conflict")), *((kind.value, kind.label) for kind in PLACEMENT_CONFLICT_KINDS)],
        method="filter_conflict",
        label=_("Conflict"),
    )

    def filter_conflict(self, queryset, name, value):
        return placements_with_conflict(placements_with_conflict_flags(queryset), value)


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Applications, oldest first",
        description="Filter `status=submitted` for the applications to screen.",
    ),
    retrieve=extend_schema(summary="One application"),
)
class StaffApplicationViewSet(StaffReadViewSet):
    serializer_class = StaffApplicationSerializer
    filterset_class = StaffApplicationFilter
    permission_classes = [HasModelPermission("placements.view_application")]

    def get_queryset(self):
        return Application.objects.select_related(_JOBSEEKER, "vacancy__company", "referral").order_by(
            "created_at", "pk"
        )

    @extend_schema(
        summary="Refer the applicant to the employer",
        description="The AK/V referral letter is numbered; the jobseeker is told and the company sees the candidate.",
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffApplicationSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.refer_candidate")])
    def refer(self, request, pk=None):
        return decide(
            self,
            request,
            lambda application, user, note: services.referral_create(application_id=application.pk, by=user, note=note),
        )

    @extend_schema(
        summary="Do not refer the application",
        description="The jobseeker sees the reason.",
        request=ApplicationDeclineBody,
        responses=decision_responses(StaffApplicationSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.refer_candidate")])
    def decline(self, request, pk=None):
        return decide(
            self,
            request,
            lambda application, user, reason: services.application_decline(
                application_id=application.pk, by=user, reason=reason
            ),
            needs_reason=True,
            body_serializer=ApplicationDeclineBody,
        )


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Hire reports, oldest first",
        description=(
            "Filter `status=reported` for the reports to review, `conflict=any` (or one kind) for those "
            "with a reconciliation conflict."
        ),
    ),
    retrieve=extend_schema(summary="One hire report"),
)
class StaffPlacementViewSet(StaffReadViewSet):
    serializer_class = StaffPlacementSerializer
    filterset_class = StaffPlacementFilter
    permission_classes = [HasModelPermission("placements.view_placement")]

    def get_queryset(self):
        return Placement.objects.select_related(
            _JOBSEEKER, "company", "vacancy__company", "referral", "occupation"
        ).order_by("created_at", "pk")

    @extend_schema(
        summary="Approve the hire report",
        description=(
            "The placement counts as verified: the AK/I card becomes placed, a referred application hired; "
            "the reporter and the jobseeker are told."
        ),
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffPlacementSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.review_placement")])
    def approve(self, request, pk=None):
        return decide(
            self,
            request,
            lambda placement, user, note: services.placement_verify(placement_id=placement.pk, by=user, note=note),
        )

    @extend_schema(
        summary="Return the hire report",
        description="The reporter and the jobseeker see the reason; the report can be corrected and sent again.",
        request=PlacementReturnBody,
        responses=decision_responses(StaffPlacementSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[HasModelPermission("placements.review_placement")],
    )
    def return_(self, request, pk=None):
        return decide(
            self,
            request,
            lambda placement, user, reason: services.placement_reject(
                placement_id=placement.pk, by=user, reason=reason
            ),
            needs_reason=True,
            body_serializer=PlacementReturnBody,
        )
