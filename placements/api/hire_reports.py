"""The jobseeker's own hire reports in the API (me/hire-reports/), and the staff's queue of them.

The same services as the pages and the admin (placements.hire_reports). A jobseeker sees only
their own reports; employers none (the company's side is its own hire report); staff all of them,
and decide the ones the employer did not report: confirm (the active AK/I card becomes placed) or
reject with a reason.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

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
from bontang_aker.core.validators import validate_no_control_characters
from employers.api.staff import StaffCompanyBriefSerializer
from jobseekers.api.common import ERROR_SCHEMA, IsJobseeker, drf_validation_error, error_codes
from jobseekers.api.staff import StaffJobseekerSerializer
from jobseekers.api.views import validated
from jobseekers.selectors import profile_of
from placements import hire_reports, selectors
from placements.api.serializers import MAX_ID
from placements.decision_reasons import HIRE_REPORT_REJECT_REASONS
from placements.models import JobseekerHireReport

NOT_A_JOBSEEKER = OpenApiResponse(description="Not a jobseeker's account.")
Flag = JobseekerHireReport.Flag


# The refusals with a list of usual reasons (the admin offers the same lists).
HireReportRejectBody = decision_reason_serializer("staff-hire-report-reject", HIRE_REPORT_REJECT_REASONS)


class HireReportCreateSerializer(serializers.Serializer):
    company = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The id of a registered company (see companies/); leave out when it is not registered."),
    )
    company_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_("The company's name, when it is not registered; ignored when `company` is given."),
    )
    position = serializers.CharField(max_length=200, validators=[validate_no_control_characters])
    start_date = serializers.DateField(help_text=_("The first day of work."))


class HireReportSerializer(serializers.ModelSerializer):
    status = StatusField(JobseekerHireReport)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    late = serializers.SerializerMethodField(help_text=_("Reported after the deadline (still accepted)."))
    employer_reported = serializers.SerializerMethodField(
        help_text=_("The company has reported this hire too; Disnaker checks both together.")
    )
    review_note = serializers.CharField(read_only=True, help_text=_("Disnaker's reason when not confirmed."))

    class Meta:
        model = JobseekerHireReport
        fields = [
            "id",
            "company",
            "company_name",
            "position",
            "start_date",
            "reported_at",
            "status",
            "status_display",
            "late",
            "employer_reported",
            "review_note",
        ]
        read_only_fields = fields

    def get_late(self, report) -> bool:
        return Flag.LATE in report.flags

    def get_employer_reported(self, report) -> bool:
        return report.placement_id is not None


class CompanyChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CompanySearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, validators=[validate_no_control_characters])


@extend_schema(tags=["me"])
class MyHireReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """My own hire reports ("lapor diterima kerja"): the AK/I card is placed once Disnaker confirms."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]
    filter_backends = []
    serializer_class = HireReportSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return JobseekerHireReport.objects.none()
        return selectors.hire_report_list_for(jobseeker=profile_of(self.request.user))

    def get_serializer_class(self):
        if self.action == "create":
            return HireReportCreateSerializer
        if self.action == "companies":
            return CompanyChoiceSerializer
        return HireReportSerializer

    @extend_schema(
        request=HireReportCreateSerializer,
        responses={
            201: HireReportSerializer,
            400: OpenApiResponse(
                description="Invalid input: `company` (not a registered company), `company_name` (missing when "
                "no company is given), `position`, `start_date` (more than two years ago, or too far ahead)."
            ),
            403: NOT_A_JOBSEEKER,
            409: OpenApiResponse(ERROR_SCHEMA, description="You already reported this hire."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(self.get_serializer(data=request.data))
        try:
            report = hire_reports.jobseeker_hire_report(
                jobseeker=profile_of(request.user),
                by=request.user,
                company_id=data.get("company"),
                company_name=data.get("company_name", ""),
                position=data["position"],
                start_date=data["start_date"],
            )
        except DjangoValidationError as error:
            if "already_reported" in error_codes(error):
                return Response({"detail": error.messages[0], "code": "already_reported"}, status=409)
            raise drf_validation_error(error) from None
        return Response(HireReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Registered companies to choose from",
        parameters=[
            OpenApiParameter(
                "q", str, required=True, description="Words of the company's name (at most 200 characters)."
            )
        ],
        responses={200: CompanyChoiceSerializer(many=True), 403: NOT_A_JOBSEEKER},
    )
    @action(detail=False, methods=["get"])
    def companies(self, request):
        query = CompanySearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        companies = selectors.registered_company_search(query=query.validated_data["q"])
        return Response(CompanyChoiceSerializer(companies, many=True).data)


# Staff ---------------------------------------------------------------------------------------------------------


class StaffHireReportSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    company = StaffCompanyBriefSerializer(read_only=True, allow_null=True)
    status = StatusField(JobseekerHireReport)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=Flag.choices),
        read_only=True,
        help_text=_("late, company_not_registered, not_reported_by_employer, not_referred."),
    )

    class Meta:
        model = JobseekerHireReport
        fields = [
            "id",
            "jobseeker",
            "company",
            "company_name",
            "position",
            "start_date",
            "reported_at",
            "placement",
            "flags",
            "status",
            "status_display",
            "review_note",
            "updated_at",
        ]
        read_only_fields = fields


class StaffHireReportFilter(staff_list_filter(JobseekerHireReport, "reported_at", "start_date")):
    matched = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_matched",
        help_text=_("Joined to the employer's report (true) or not (false)."),
    )
    flag = filters.ChoiceFilter(choices=Flag.choices, method="filter_flag", help_text=_("Reports with this flag."))

    def filter_matched(self, queryset, name, value):
        return queryset.filter(placement__isnull=value == "false")

    def filter_flag(self, queryset, name, value):
        return queryset.filter(flags__contains=[value])


_JOBSEEKER = "jobseeker__kelurahan__kecamatan"


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Jobseekers' own hire reports, oldest first",
        description="Filter `status=reported&matched=false` for the reports the employer has not reported.",
    ),
    retrieve=extend_schema(summary="One jobseeker's own hire report"),
)
class StaffHireReportViewSet(StaffReadViewSet):
    serializer_class = StaffHireReportSerializer
    filterset_class = StaffHireReportFilter
    permission_classes = [HasModelPermission("placements.view_placement")]

    def get_queryset(self):
        return JobseekerHireReport.objects.select_related(_JOBSEEKER, "company").order_by("reported_at", "pk")

    @extend_schema(
        summary="Confirm the hire",
        description=(
            "After checking it with the company: the jobseeker's active AK/I card becomes placed and the "
            "jobseeker is told. A report joined to an employer's report still waiting is decided there (400)."
        ),
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffHireReportSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.review_placement")])
    def confirm(self, request, pk=None):
        return decide(
            self,
            request,
            lambda report, user, note: hire_reports.jobseeker_hire_report_confirm(
                report_id=report.pk, by=user, note=note
            ),
        )

    @extend_schema(
        summary="Do not confirm the hire",
        description="The jobseeker sees the reason and may report again.",
        request=HireReportRejectBody,
        responses=decision_responses(StaffHireReportSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("placements.review_placement")])
    def reject(self, request, pk=None):
        return decide(
            self,
            request,
            lambda report, user, reason: hire_reports.jobseeker_hire_report_reject(
                report_id=report.pk, by=user, reason=reason
            ),
            needs_reason=True,
            body_serializer=HireReportRejectBody,
        )
