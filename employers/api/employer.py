"""The employer API: the company's vacancy reports, its referred candidates and its hire reports.

The same rules as the employer pages, through the same services and selectors: only members of
a company (`company_of`) get in; another company's vacancy or referral is a 404, as if missing;
bad input is a 400 naming the field; a change the current status does not allow is a 409.

A vacancy reads and writes with the same field names, reference fields by code (occupation KBJI
code, min_education code, work_kelurahan code, skills as a list of skill codes), so what a GET
returns can be POSTed back to make a new draft.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from bontang_aker.core.client_address import client_ip
from bontang_aker.core.schema import ERROR_SCHEMA
from bontang_aker.core.validators import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from employers import selectors, services
from employers.models import Vacancy, VacancyRevision
from employers.permissions import company_of
from employers.services import (
    VACANCY_EDITABLE_FIELDS,
    CompanyNotVerifiedError,
    DuplicateVacancyWarning,
    RecentlyClosedVacancyError,
)
from employers.templatetags.employer_pages import age_on
from employers.throttling import outside_hire_report_allowed
from placements import services as placement_services
from placements.models import Placement, Referral

_MAX_ID = 2**63 - 1  # a bigint primary key: a larger number is a 400, not a database error


def _bad_input(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a DRF 400: keyed by field when it names one."""
    return serializers.ValidationError(serializers.as_serializer_error(error))


class IsCompanyMember(BasePermission):
    """Only accounts that belong to a company (`employers.permissions.company_of`)."""

    message = _("Only members of a company may use the employer API.")

    def has_permission(self, request, view) -> bool:
        return company_of(request.user) is not None


# The error bodies (400 per field, 401/403/404 `{"detail", "code"}`) come from the project's AutoSchema
# (bontang_aker.core.schema); 409 is this API's own: a change the current status does not allow.
_CONFLICT_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What is not possible, in the user's language."},
        "code": {"type": "string", "enum": ["invalid_transition"]},
    },
    "required": ["detail", "code"],
}


def _responses(ok: dict, *codes: int) -> dict:
    described = {
        400: OpenApiResponse(description=_("Invalid input: each invalid field with its messages.")),
        401: OpenApiResponse(description=_("Not logged in: send `Authorization: Token <token>`.")),
        403: OpenApiResponse(description=_("Not a member of a company, or the company may not do this yet.")),
        404: OpenApiResponse(description=_("Not found among your company's records.")),
        409: OpenApiResponse(_CONFLICT_SCHEMA, description=_("Not possible in the current status.")),
    }
    return {**ok, **{code: described[code] for code in codes}}


# Vacancies ---------------------------------------------------------------------------------


class EmployerVacancySerializer(serializers.ModelSerializer):
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=KbjiGroup.objects.active(), help_text=_("KBJI 2014 code.")
    )
    min_education = serializers.SlugRelatedField(
        slug_field="code", queryset=EducationLevel.objects.active(), help_text=_("Education level code, e.g. SMK.")
    )
    work_kelurahan = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Kelurahan.objects.active(),
        allow_null=True,
        required=False,
        help_text=_("Kemendagri kelurahan code; null when the work is outside Bontang."),
    )
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.active(), many=True, required=False, help_text=_("Skill codes.")
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    return_reason = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Disnaker's reason the last time it returned the report.")
    )
    screened_count = serializers.IntegerField(read_only=True, help_text=_("Applications screened by Disnaker."))
    referred_count = serializers.IntegerField(read_only=True, help_text=_("Candidates referred to the company."))
    to_decide_count = serializers.IntegerField(read_only=True, help_text=_("Referred candidates still to decide."))
    accepted_count = serializers.IntegerField(
        read_only=True,
        help_text=_("Referred candidates the company accepted; hired once Disnaker verifies the hire report."),
    )
    placed_count = serializers.IntegerField(read_only=True, help_text=_("Placements verified by Disnaker."))

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "status",
            "status_display",
            "return_reason",
            "title",
            "occupation",
            "employment_type",
            "description",
            "min_education",
            "majors",
            "skills",
            "competencies",
            "experience_years_min",
            "age_min",
            "age_max",
            "sex_requirement",
            "sex_justification",
            "openings",
            "openings_male",
            "openings_female",
            "wage_min",
            "wage_max",
            "wage_period",
            "work_kelurahan",
            "work_location",
            "open_date",
            "close_date",
            "other_information",
            "submitted_at",
            "published_at",
            "closed_at",
            "created_at",
            "updated_at",
            "screened_count",
            "referred_count",
            "to_decide_count",
            "accepted_count",
            "placed_count",
        ]
        read_only_fields = ["id", "status", "submitted_at", "published_at", "closed_at", "created_at", "updated_at"]

    def service_data(self) -> dict:
        """The validated fields as the services take them (every writable field is an editable one)."""
        writable = VACANCY_EDITABLE_FIELDS | {"skills"}
        return {name: value for name, value in self.validated_data.items() if name in writable}


class EmployerVacancyRevisionSerializer(serializers.ModelSerializer):
    """A proposed change to a published vacancy, as the company sees it."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    data = serializers.DictField(read_only=True, help_text=_("The proposed values; ids for education, skills."))
    previous = serializers.DictField(read_only=True, help_text=_("The values before the change."))

    class Meta:
        model = VacancyRevision
        fields = ["id", "vacancy", "number", "status", "status_display", "data", "previous", "reason", "created_at"]
        read_only_fields = fields


class CandidateProfileSerializer(serializers.Serializer):
    """What the employer sees of a referred candidate: no NIK, no contact data (UU 27/2022)."""

    full_name = serializers.CharField(read_only=True)
    sex = serializers.CharField(read_only=True)
    age = serializers.SerializerMethodField()
    education = serializers.SerializerMethodField()
    is_local = serializers.BooleanField(read_only=True, help_text=_("KTP domicile in Bontang."))
    kelurahan = serializers.CharField(source="kelurahan.name", read_only=True, allow_null=True, default=None)
    skills = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "description": "Skill codes."})
    def get_skills(self, profile) -> list[str]:
        return [skill.code for skill in profile.skills.all()]

    @extend_schema_field(OpenApiTypes.INT)
    def get_age(self, profile) -> int | None:
        return age_on(profile.birth_date)

    @extend_schema_field({"type": "string", "nullable": True, "description": "Highest education: level, major."})
    def get_education(self, profile) -> str | None:
        entry = profile.highest_education
        if entry is None:
            return None
        return ", ".join(filter(None, [entry.level.name, entry.major]))


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate Disnaker referred: the referral (its id is what results are recorded on)."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reason = serializers.ChoiceField(
        source="reason_category",
        choices=Referral.ReasonCategory.choices,
        read_only=True,
        help_text=_("Why a candidate was not accepted."),
    )
    candidate = CandidateProfileSerializer(source="application.jobseeker", read_only=True)
    vacancy = serializers.IntegerField(source="application.vacancy_id", read_only=True)
    placement = serializers.IntegerField(
        source="placement.pk", read_only=True, allow_null=True, default=None, help_text=_("The hire report, if any.")
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "letter_number",
            "vacancy",
            "status",
            "status_display",
            "stage",
            "reason",
            "start_date",
            "created_at",
            "candidate",
            "placement",
        ]
        read_only_fields = fields


class VacancySubmitSerializer(serializers.Serializer):
    confirm_duplicate = serializers.BooleanField(
        default=False,
        help_text=_("True to send although a similar vacancy of your company is open at the same time."),
    )


class VacancyCloseDateSerializer(serializers.Serializer):
    close_date = serializers.DateField(help_text=_("The new closing date (YYYY-MM-DD)."))


_SUBMIT_CONFLICT_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What is not possible, in the user's language."},
        "code": {"type": "string", "enum": ["invalid_transition", "similar_vacancy_open", "recently_closed"]},
        "vacancy": {"type": "integer", "description": "The similar open, or the recently closed, vacancy."},
    },
    "required": ["detail", "code"],
}


def _submit_conflict(error: DjangoValidationError, code: str, other: Vacancy) -> Response:
    return Response(
        {"detail": " ".join(error.messages), "code": code, "vacancy": other.pk}, status=status.HTTP_409_CONFLICT
    )


class _EmployerViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, IsCompanyMember]

    @property
    def company(self):
        return company_of(self.request.user)

    @property
    def is_schema(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


@extend_schema(tags=["employer"])
@extend_schema_view(
    list=extend_schema(
        summary="The company's vacancy reports",
        responses=_responses({200: EmployerVacancySerializer(many=True)}, 400, 401, 403),
    ),
    retrieve=extend_schema(
        summary="One vacancy report", responses=_responses({200: EmployerVacancySerializer}, 401, 403, 404)
    ),
    create=extend_schema(
        summary="Save a new draft vacancy report",
        description="Any company member may prepare drafts; sending them for review needs a verified company.",
        responses=_responses({201: EmployerVacancySerializer}, 400, 401, 403),
    ),
    partial_update=extend_schema(
        summary="Change a draft or a returned report, or propose a change to a published vacancy",
        description=(
            "On a published vacancy, the job description and other information change at once (200); a change "
            "of wage, openings, requirements, dates or place waits for Disnaker's review as a pending revision "
            "(202), while the public vacancy keeps its old values."
        ),
        responses=_responses(
            {200: EmployerVacancySerializer, 202: EmployerVacancyRevisionSerializer}, 400, 401, 403, 404, 409
        ),
    ),
)
class EmployerVacancyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    _EmployerViewSet,
):
    """The company's vacancy reports (AK/III, Perpres 57/2023 art. 5), with their counts."""

    serializer_class = EmployerVacancySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_fields = ["status"]

    def get_queryset(self):
        if self.is_schema:
            return Vacancy.objects.none()
        return selectors.vacancy_list_for_company(company=self.company).prefetch_related("skills")

    def _read(self, vacancy_id: int, code: int = status.HTTP_200_OK) -> Response:
        vacancy = self.get_queryset().get(pk=vacancy_id)
        return Response(self.get_serializer(vacancy).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            vacancy = services.vacancy_create(company=self.company, by=request.user, **serializer.service_data())
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return self._read(vacancy.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        vacancy = self.get_object()
        serializer = self.get_serializer(vacancy, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            if vacancy.status == Vacancy.Status.PUBLISHED:
                revision = services.vacancy_revise(vacancy_id=vacancy.pk, by=request.user, **serializer.service_data())
                if revision is not None:
                    return Response(EmployerVacancyRevisionSerializer(revision).data, status=status.HTTP_202_ACCEPTED)
            else:
                services.vacancy_update(vacancy_id=vacancy.pk, by=request.user, **serializer.service_data())
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return self._read(vacancy.pk)

    @extend_schema(
        summary="Send the report to Disnaker for review",
        description=(
            "A draft, or a returned report once fixed. Refused (403) while the company is not verified. "
            "A similar vacancy of the company open at the same time answers 409 `similar_vacancy_open` "
            "(send again with `confirm_duplicate: true` if it really is another vacancy); the same vacancy "
            "closed less than the re-post period ago answers 409 `recently_closed`: reopen that one instead. "
            "Both name the other vacancy's id in `vacancy`."
        ),
        request=VacancySubmitSerializer,
        responses={
            **_responses({200: EmployerVacancySerializer}, 400, 401, 403, 404),
            409: OpenApiResponse(_SUBMIT_CONFLICT_SCHEMA, description=_("Not possible in the current status.")),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        vacancy = self.get_object()
        body = VacancySubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.vacancy_submit(
                vacancy_id=vacancy.pk, by=request.user, confirm_duplicate=body.validated_data["confirm_duplicate"]
            )
        except CompanyNotVerifiedError as error:
            raise PermissionDenied(" ".join(error.messages)) from None
        except DuplicateVacancyWarning as warning:
            return _submit_conflict(warning, "similar_vacancy_open", warning.duplicate)
        except RecentlyClosedVacancyError as refusal:
            return _submit_conflict(refusal, "recently_closed", refusal.previous)
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return self._read(vacancy.pk)

    @extend_schema(
        summary="Extend the closing date of a published vacancy (once)",
        description="The new date goes to Disnaker's review with the vacancy, as a change of dates does.",
        request=VacancyCloseDateSerializer,
        responses=_responses({200: EmployerVacancySerializer}, 400, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._close_date_action(services.vacancy_extend)

    @extend_schema(
        summary="Reopen a vacancy closed recently, with a new closing date",
        description="Instead of posting it again as new; it goes to Disnaker's review.",
        request=VacancyCloseDateSerializer,
        responses=_responses({200: EmployerVacancySerializer}, 400, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._close_date_action(services.vacancy_reopen)

    def _close_date_action(self, service) -> Response:
        vacancy = self.get_object()
        body = VacancyCloseDateSerializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        try:
            service(vacancy_id=vacancy.pk, by=self.request.user, close_date=body.validated_data["close_date"])
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return self._read(vacancy.pk)

    @extend_schema(
        summary="Answer “still open?”: yes",
        description="A vacancy open 30 days without a referral decision is asked; unanswered, it closes as expired.",
        request=None,
        responses=_responses({200: EmployerVacancySerializer}, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"], url_path="confirm-open")
    def confirm_open(self, request, pk=None):
        vacancy = self.get_object()
        services.vacancy_confirm_open(vacancy_id=vacancy.pk, by=request.user)
        return self._read(vacancy.pk)

    @extend_schema(
        summary="Close a published vacancy before its closing date",
        request=None,
        responses=_responses({200: EmployerVacancySerializer}, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        vacancy = self.get_object()
        services.vacancy_close(vacancy_id=vacancy.pk, by=request.user, note=gettext("Closed by the company"))
        return self._read(vacancy.pk)

    @extend_schema(
        summary="The candidates Disnaker referred for this vacancy",
        description="Referred candidates only (the single channel); record results on each referral id.",
        responses=_responses({200: CandidateSerializer(many=True)}, 401, 403, 404),
    )
    @action(detail=True, methods=["get"], serializer_class=CandidateSerializer, filter_backends=[])
    def candidates(self, request, pk=None):
        vacancy = self.get_object()
        page = self.paginate_queryset(selectors.vacancy_candidates(vacancy=vacancy))
        services.candidate_views_log(
            viewer=request.user, company=self.company, referrals=page, ip_address=client_ip(request)
        )
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)


# Referrals: selection results --------------------------------------------------------------


class ReferralResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[
            Referral.Status.IN_SELECTION,
            Referral.Status.ACCEPTED,
            Referral.Status.NOT_ACCEPTED,
            Referral.Status.NO_SHOW,
        ]
    )
    stage = serializers.ChoiceField(
        choices=Referral.Stage.choices,
        required=False,
        allow_blank=True,
        help_text=_("With in_selection: invited (the default) or interviewed."),
    )
    reason = serializers.ChoiceField(
        choices=Referral.ReasonCategory.choices,
        required=False,
        allow_blank=True,
        help_text=_("With not_accepted (required): the reason category."),
    )
    start_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("With accepted (required): the first working day.")
    )
    # As on the page (employers.forms.ReferralResultForm): the same limit and no control characters.
    notes = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("For Disnaker; not shown to the candidate."),
    )

    def validate(self, data):
        result = data["result"]
        if result == Referral.Status.ACCEPTED and not data.get("start_date"):
            raise serializers.ValidationError({"start_date": gettext("Enter the date the candidate starts work.")})
        if result == Referral.Status.NOT_ACCEPTED and not data.get("reason"):
            raise serializers.ValidationError({"reason": gettext("Choose why the candidate was not selected.")})
        return data


@extend_schema(tags=["employer"])
class EmployerReferralViewSet(_EmployerViewSet):
    """Referrals to the company's vacancies: the candidates' selection results."""

    serializer_class = CandidateSerializer

    def get_queryset(self):
        if self.is_schema:
            return Referral.objects.none()
        return Referral.objects.filter(application__vacancy__company=self.company).select_related(
            "application__jobseeker__kelurahan", "application__vacancy", "placement"
        )

    @extend_schema(
        summary="Record a selection step or result",
        request=ReferralResultSerializer,
        responses=_responses({200: CandidateSerializer}, 400, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"], serializer_class=ReferralResultSerializer)
    def result(self, request, pk=None):
        referral = self.get_object()
        serializer = ReferralResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            placement_services.referral_record_result(
                referral_id=referral.pk,
                by=request.user,
                result=data["result"],
                stage=data.get("stage", ""),
                reason=data.get("reason", ""),
                start_date=data.get("start_date"),
                notes=data.get("notes", ""),
            )
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        referral = self.get_queryset().get(pk=referral.pk)
        services.candidate_views_log(
            viewer=request.user, company=self.company, referrals=[referral], ip_address=client_ip(request)
        )
        return Response(CandidateSerializer(referral).data)


# Placements: hire reports --------------------------------------------------------------------


class PlacementInputSerializer(serializers.Serializer):
    referral = serializers.IntegerField(
        required=False, min_value=1, max_value=_MAX_ID, help_text=_("A referral of your company: the usual case.")
    )
    vacancy = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=_MAX_ID,
        help_text=_("For a hire outside the portal, with card_number or nik, full_name and birth_date."),
    )
    card_number = serializers.CharField(
        required=False, allow_blank=True, max_length=30, validators=[validate_no_control_characters]
    )
    nik = serializers.CharField(required=False, allow_blank=True, max_length=32)
    full_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NAME_LENGTH,
        validators=[validate_no_control_characters],
        help_text=_("With vacancy (required): the person's full name as on the KTP."),
    )
    birth_date = serializers.DateField(
        required=False, help_text=_("With vacancy (required): the person's date of birth.")
    )
    start_date = serializers.DateField(
        required=False, help_text=_("Required; for a referral it defaults to the start date of its result.")
    )
    # A string checked against the employment types: an enum here would repeat employment_type's
    # choice set under a second name in the schema.
    contract_type = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=format_lazy(
            _("One of the vacancy employment_type values ({values}); empty or left out: the vacancy's."),
            values=", ".join(Vacancy.EmploymentType.values),
        ),
    )
    wage = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2_000_000_000)

    def validate_contract_type(self, value: str) -> str:
        if value and value not in Vacancy.EmploymentType.values:
            raise serializers.ValidationError(
                gettext("Choose one of: %(values)s.") % {"values": ", ".join(Vacancy.EmploymentType.values)}
            )
        return value

    def validate(self, data):
        if bool(data.get("referral")) == bool(data.get("vacancy")):
            raise serializers.ValidationError(
                {"referral": gettext("Give either a referral, or a vacancy with an AK/I card number or NIK.")}
            )
        if data.get("vacancy"):
            missing = {
                "start_date": gettext("Enter the date the person starts work."),
                "full_name": gettext("Enter the person's full name as on the KTP."),
                "birth_date": gettext("Enter the person's date of birth."),
            }
            errors = {field: message for field, message in missing.items() if not data.get(field)}
            if errors:
                raise serializers.ValidationError(errors)
        return data


class OutsideHireAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("The same answer for every hire report outside the portal."))


class EmployerPlacementSerializer(serializers.ModelSerializer):
    """A hire report as the company sees it.

    For a hire outside the portal, the person's registered name and local status stay hidden until
    Disnaker verifies it (the name is the one the company typed); staff's review note is shown only
    on a rejected report, as its reason, as on the page: otherwise it is internal.
    """

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    jobseeker_name = serializers.SerializerMethodField()
    is_local = serializers.SerializerMethodField()
    review_note = serializers.SerializerMethodField()
    letter_number = serializers.CharField(
        source="referral.letter_number", read_only=True, allow_null=True, default=None
    )
    contract_type = serializers.CharField(source="employment_type", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "status",
            "status_display",
            "vacancy",
            "referral",
            "letter_number",
            "jobseeker_name",
            "position",
            "start_date",
            "contract_type",
            "wage",
            "placement_type",
            "is_local",
            "outside_portal",
            "review_note",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "string", "description": "Until Disnaker verifies a hire outside the portal: the name typed."}
    )
    def get_jobseeker_name(self, placement: Placement) -> str:
        return placement.name_for_company

    @extend_schema_field(
        {"type": "boolean", "nullable": True, "description": "Null until Disnaker verifies a hire outside the portal."}
    )
    def get_is_local(self, placement: Placement) -> bool | None:
        if placement.outside_portal and placement.status != Placement.Status.VERIFIED:
            return None  # as the name (Placement.name_for_company): not before Disnaker verifies the hire
        return placement.is_local

    @extend_schema_field(
        {"type": "string", "description": "Disnaker's reason when it returned the report; else empty."}
    )
    def get_review_note(self, placement: Placement) -> str:
        return placement.review_note if placement.status == Placement.Status.REJECTED else ""


class PlacementResubmitSerializer(serializers.Serializer):
    """The corrections to a returned hire report; a field left out stays as it was."""

    start_date = serializers.DateField(required=False, help_text=_("The first working day, if it was wrong."))
    contract_type = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=format_lazy(
            _("One of the vacancy employment_type values ({values}); empty: the vacancy's."),
            values=", ".join(Vacancy.EmploymentType.values),
        ),
    )
    wage = serializers.IntegerField(required=False, min_value=0, max_value=2_000_000_000)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("What was corrected, for Disnaker."),
    )

    validate_contract_type = PlacementInputSerializer.validate_contract_type


@extend_schema(tags=["employer"])
@extend_schema_view(
    list=extend_schema(
        summary="The company's hire reports",
        responses=_responses({200: EmployerPlacementSerializer(many=True)}, 401, 403),
    ),
    create=extend_schema(
        summary="Report a hire (laporan penempatan)",
        description=(
            "With `referral`: the referred candidate is marked accepted (if not yet) and reported in one step; "
            "the application becomes hired once Disnaker verifies the report. "
            "With `vacancy`, `card_number` or `nik`, `full_name` and `birth_date`: a hire outside the portal, "
            "sent to Disnaker for checking (202, the same answer whatever the number matched; it is listed once "
            "Disnaker has checked it). Hires outside the portal are limited to 30 an hour per user, with the page."
        ),
        request=PlacementInputSerializer,
        responses=_responses(
            {
                201: EmployerPlacementSerializer,
                202: OutsideHireAcceptedSerializer,
                429: OpenApiResponse(ERROR_SCHEMA, description=_("Too many hire reports outside the portal.")),
            },
            400,
            401,
            403,
            409,
        ),
    ),
)
class EmployerPlacementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, _EmployerViewSet):
    serializer_class = EmployerPlacementSerializer
    filter_backends = []

    def get_queryset(self):
        if self.is_schema:
            return Placement.objects.none()
        return selectors.placement_list_for_company(company=self.company)

    def create(self, request, *args, **kwargs):
        serializer = PlacementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        common = {
            "company": self.company,
            "by": request.user,
            "start_date": data.get("start_date"),
            "contract_type": data.get("contract_type", ""),
            "wage": data.get("wage"),
        }
        try:
            if data.get("referral"):
                placement = placement_services.placement_report_for_referral(referral_id=data["referral"], **common)
            else:
                allowed, wait = outside_hire_report_allowed(request)  # counted with the page's
                if not allowed:
                    raise Throttled(wait)
                placement_services.placement_report_outside_portal(
                    vacancy_id=data["vacancy"],
                    card_number=data.get("card_number", ""),
                    nik=data.get("nik", ""),
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    **common,
                )
                # One answer whatever the number matched: the API must not tell who is registered.
                detail = gettext("The hire report is sent to Disnaker for checking.")
                return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        placement = self.get_queryset().get(pk=placement.pk)
        return Response(EmployerPlacementSerializer(placement).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a returned hire report and send it again",
        description=(
            "Only a report Disnaker returned (status `rejected`, its reason in `review_note`); any other "
            "status is a 409. The report goes back to Disnaker's review queue as `reported`."
        ),
        request=PlacementResubmitSerializer,
        responses=_responses({200: EmployerPlacementSerializer}, 400, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"], serializer_class=PlacementResubmitSerializer)
    def resubmit(self, request, pk=None):
        placement = self.get_object()
        serializer = PlacementResubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            placement = placement_services.placement_resubmit(
                placement_id=placement.pk,
                by=request.user,
                start_date=data.get("start_date"),
                contract_type=data.get("contract_type"),
                wage=data.get("wage"),
                note=data.get("note", ""),
            )
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        # As returned: a hire outside the portal leaves the company's list while Disnaker reviews it again.
        return Response(EmployerPlacementSerializer(placement).data)
