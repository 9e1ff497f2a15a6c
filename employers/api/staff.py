"""The staff API for companies and vacancy reports: the review lists and the decisions on them.

The same decisions as the admin's change pages, through the same services: verify or return a
company (employers.verify_company), publish or return a vacancy report (employers.moderate_vacancy).
The lists and details need the model's view permission, which every staff group has (accounts/roles.py).
A return needs a reason, which the company sees; the other decisions take an optional note.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
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
from bontang_aker.reference.api import (
    EducationLevelSerializer,
    KbliCategorySerializer,
    KelurahanSerializer,
    OccupationSerializer,
)
from employers import services
from employers.decision_reasons import COMPANY_REJECT_REASONS, VACANCY_REJECT_REASONS, VACANCY_REVISION_REJECT_REASONS
from employers.models import Company, Vacancy, VacancyRevision

# The refusals with a list of usual reasons (the admin offers the same lists).
CompanyReturnBody = decision_reason_serializer("staff-company-return", COMPANY_REJECT_REASONS)
VacancyReturnBody = decision_reason_serializer("staff-vacancy-return", VACANCY_REJECT_REASONS)
VacancyRevisionRejectBody = decision_reason_serializer("staff-vacancy-revision-reject", VACANCY_REVISION_REJECT_REASONS)


class StaffCompanyBriefSerializer(serializers.ModelSerializer):
    """The company a vacancy report or a hire report belongs to."""

    status = StatusField(Company)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Company
        fields = ["id", "name", "nib", "status", "status_display"]
        read_only_fields = fields


class StaffVacancyBriefSerializer(serializers.ModelSerializer):
    """The vacancy an application or a hire report is for."""

    company = StaffCompanyBriefSerializer(read_only=True)
    status = StatusField(Vacancy)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Vacancy
        fields = ["id", "title", "company", "openings", "close_date", "status", "status_display"]
        read_only_fields = fields


class StaffCompanySerializer(serializers.ModelSerializer):
    """What staff check before verifying a company: its identity numbers, line of business, contacts."""

    legal_form_display = serializers.CharField(source="get_legal_form_display", read_only=True)
    ownership_display = serializers.CharField(source="get_ownership_display", read_only=True)
    kbli_category = KbliCategorySerializer(read_only=True)
    kelurahan = KelurahanSerializer(read_only=True, allow_null=True)
    website = serializers.CharField(read_only=True)  # a URL, or "" when the company has none
    status = StatusField(Company)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "legal_form",
            "legal_form_display",
            "nib",
            "npwp",
            "kbli_code",
            "kbli_category",
            "ownership",
            "ownership_display",
            "address",
            "kelurahan",
            "phone",
            "email",
            "website",
            "workforce_local",
            "workforce_non_local",
            "workforce_disabled",
            "status",
            "status_display",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class StaffVacancySerializer(serializers.ModelSerializer):
    """A vacancy report as staff review it (the fields of Perpres 57/2023 art. 5)."""

    company = StaffCompanyBriefSerializer(read_only=True)
    occupation = OccupationSerializer(read_only=True)
    employment_type_display = serializers.CharField(source="get_employment_type_display", read_only=True)
    min_education = EducationLevelSerializer(read_only=True)
    sex_requirement_display = serializers.CharField(source="get_sex_requirement_display", read_only=True)
    wage_period_display = serializers.CharField(source="get_wage_period_display", read_only=True)
    work_kelurahan = KelurahanSerializer(read_only=True, allow_null=True)
    status = StatusField(Vacancy)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "title",
            "company",
            "occupation",
            "employment_type",
            "employment_type_display",
            "description",
            "openings",
            "openings_male",
            "openings_female",
            "open_date",
            "close_date",
            "age_min",
            "age_max",
            "sex_requirement",
            "sex_requirement_display",
            "sex_justification",
            "min_education",
            "majors",
            "experience_years_min",
            "wage_min",
            "wage_max",
            "wage_period",
            "wage_period_display",
            "work_location",
            "work_kelurahan",
            "status",
            "status_display",
            "submitted_at",
            "published_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


StaffCompanyFilter = staff_list_filter(Company, "created_at")


StaffVacancyFilter = staff_list_filter(Vacancy, "submitted_at", "created_at")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Companies, oldest registration first",
        description="Filter `status=pending` for the companies awaiting verification.",
    ),
    retrieve=extend_schema(summary="One company"),
)
class StaffCompanyViewSet(StaffReadViewSet):
    serializer_class = StaffCompanySerializer
    filterset_class = StaffCompanyFilter
    permission_classes = [HasModelPermission("employers.view_company")]

    def get_queryset(self):
        return Company.objects.select_related("kbli_category", "kelurahan__kecamatan").order_by("created_at", "pk")

    @extend_schema(
        summary="Verify the company",
        description="Its members may then send vacancy reports for review.",
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffCompanySerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("employers.verify_company")])
    def verify(self, request, pk=None):
        return decide(
            self,
            request,
            lambda company, user, note: services.company_verify(company_id=company.pk, by=user, note=note),
        )

    @extend_schema(
        summary="Return the registration to the company",
        description="The company sees the reason, corrects its data and asks again.",
        request=CompanyReturnBody,
        responses=decision_responses(StaffCompanySerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[HasModelPermission("employers.verify_company")],
    )
    def return_(self, request, pk=None):
        return decide(
            self,
            request,
            lambda company, user, reason: services.company_reject(company_id=company.pk, by=user, reason=reason),
            needs_reason=True,
            body_serializer=CompanyReturnBody,
        )


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Vacancy reports, first submitted first",
        description="Filter `status=in_review` for the reports awaiting review.",
    ),
    retrieve=extend_schema(summary="One vacancy report"),
)
class StaffVacancyViewSet(StaffReadViewSet):
    serializer_class = StaffVacancySerializer
    filterset_class = StaffVacancyFilter
    permission_classes = [HasModelPermission("employers.view_vacancy")]

    def get_queryset(self):
        return Vacancy.objects.select_related(
            "company", "occupation", "min_education", "work_kelurahan__kecamatan"
        ).order_by("submitted_at", "created_at", "pk")  # drafts, never submitted, come last

    @extend_schema(
        summary="Publish the vacancy",
        description="It appears in the public vacancy list; the company is told.",
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffVacancySerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("employers.moderate_vacancy")])
    def publish(self, request, pk=None):
        return decide(
            self,
            request,
            lambda vacancy, user, note: services.vacancy_publish(vacancy_id=vacancy.pk, by=user, note=note),
        )

    @extend_schema(
        summary="Return the vacancy report to the company",
        description="The company sees the reason, corrects the report and sends it again.",
        request=VacancyReturnBody,
        responses=decision_responses(StaffVacancySerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[HasModelPermission("employers.moderate_vacancy")],
    )
    def return_(self, request, pk=None):
        return decide(
            self,
            request,
            lambda vacancy, user, reason: services.vacancy_reject(vacancy_id=vacancy.pk, by=user, reason=reason),
            needs_reason=True,
            body_serializer=VacancyReturnBody,
        )


class StaffVacancyRevisionSerializer(serializers.ModelSerializer):
    """A proposed change to a published vacancy: the values before and after, changed fields only."""

    vacancy = StaffVacancyBriefSerializer(read_only=True)
    status = StatusField(VacancyRevision)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    data = serializers.DictField(read_only=True, help_text=_("The proposed values; ids for education, skills."))
    previous = serializers.DictField(read_only=True, help_text=_("The values before the change."))

    class Meta:
        model = VacancyRevision
        fields = [
            "id",
            "vacancy",
            "number",
            "status",
            "status_display",
            "data",
            "previous",
            "reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


StaffVacancyRevisionFilter = staff_list_filter(VacancyRevision, "created_at")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Changes to published vacancies, oldest first",
        description="Filter `status=pending` for the changes awaiting review.",
    ),
    retrieve=extend_schema(summary="One change to a published vacancy"),
)
class StaffVacancyRevisionViewSet(StaffReadViewSet):
    serializer_class = StaffVacancyRevisionSerializer
    filterset_class = StaffVacancyRevisionFilter
    permission_classes = [HasModelPermission("employers.view_vacancy")]

    def get_queryset(self):
        return VacancyRevision.objects.select_related("vacancy__company").order_by("created_at", "pk")

    @extend_schema(
        summary="Approve the change",
        description="The new values are applied to the public vacancy.",
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffVacancyRevisionSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("employers.moderate_vacancy")])
    def approve(self, request, pk=None):
        return decide(
            self,
            request,
            lambda revision, user, note: services.vacancy_revision_approve(revision_id=revision.pk, by=user, note=note),
        )

    @extend_schema(
        summary="Reject the change",
        description="The vacancy keeps its values; the company sees the reason.",
        request=VacancyRevisionRejectBody,
        responses=decision_responses(StaffVacancyRevisionSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("employers.moderate_vacancy")])
    def reject(self, request, pk=None):
        return decide(
            self,
            request,
            lambda revision, user, reason: services.vacancy_revision_reject(
                revision_id=revision.pk, by=user, reason=reason
            ),
            needs_reason=True,
            body_serializer=VacancyRevisionRejectBody,
        )
