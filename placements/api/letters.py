"""The AK/V and AK/IV letters in the API, and the staff's call-ups.

- `GET /api/v1/employer/referrals/{id}/letter/`: a referral of the company's vacancies, as PDF.
- `GET /api/v1/me/applications/{id}/letter/`: the jobseeker's own referred application's AK/V.
- `GET /api/v1/me/callups/{id}/letter/`: the jobseeker's own AK/IV call-up letter.
- `/api/v1/staff/callups/`: list, detail and create call-ups (placements.refer_candidate, the
  permission that refers applicants: the same Pengantar Kerja calls jobseekers up).

The files are the same as the pages' (placements.letters); another company's or person's letter
is a 404, like one that does not exist. Errors are JSON whatever the Accept header asks for.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from bontang_aker.core.api import HasModelPermission, StaffReadViewSet, StatusField, staff_list_filter
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers.api.employer import IsCompanyMember
from employers.api.staff import StaffVacancyBriefSerializer
from employers.permissions import company_of
from jobseekers.api.common import IsJobseeker, drf_validation_error
from jobseekers.api.staff import StaffJobseekerSerializer
from jobseekers.selectors import profile_of
from placements import callups
from placements.letter_views import callup_for_jobseeker, referral_for_company, referral_for_jobseeker
from placements.letters import callup_letter_response, letter_check_path, referral_letter_response
from placements.models import CallUp

_MAX_ID = 2**31 - 1


class _JSONErrorsNegotiation(DefaultContentNegotiation):
    """The PDF is answered as is; anything else (an error) is JSON, whatever the Accept header asks for."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (NotAcceptable, NotFound, Http404):
            return renderers[0], renderers[0].media_type


def _pdf_responses(not_found: str) -> dict:
    return {
        (200, "application/pdf"): OpenApiResponse(
            OpenApiTypes.BINARY, description=_("The letter as a PDF attachment, never cached.")
        ),
        404: OpenApiResponse(description=not_found),
    }


class _LetterView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JSONErrorsNegotiation


@extend_schema(tags=["employer"])
class EmployerReferralLetterView(_LetterView):
    """A referred candidate's AK/V letter."""

    permission_classes = [IsAuthenticated, IsCompanyMember]

    @extend_schema(
        summary="Download the AK/V referral letter (PDF)",
        responses=_pdf_responses(_("No such referral to your company's vacancies.")),
    )
    def get(self, request, pk: int):
        referral = referral_for_company(company=company_of(request.user), referral_id=pk)
        if referral is None:
            raise NotFound
        return referral_letter_response(referral)


@extend_schema(tags=["me"])
class MyApplicationLetterView(_LetterView):
    """The AK/V letter of one of my applications, once Disnaker referred it."""

    permission_classes = [IsAuthenticated, IsJobseeker]

    @extend_schema(
        summary="Download my AK/V referral letter (PDF)",
        responses=_pdf_responses(_("No such application of yours, or it has not been referred.")),
    )
    def get(self, request, pk: int):
        referral = referral_for_jobseeker(jobseeker=profile_of(request.user), application_id=pk)
        if referral is None:
            raise NotFound
        return referral_letter_response(referral)


@extend_schema(tags=["me"])
class MyCallUpLetterView(_LetterView):
    """One of my AK/IV call-up letters."""

    permission_classes = [IsAuthenticated, IsJobseeker]

    @extend_schema(
        summary="Download my AK/IV call-up letter (PDF)",
        responses=_pdf_responses(_("No such call-up of yours.")),
    )
    def get(self, request, pk: int):
        callup = callup_for_jobseeker(jobseeker=profile_of(request.user), callup_id=pk)
        if callup is None:
            raise NotFound
        return callup_letter_response(callup)


class StaffCallUpSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    vacancy = StaffVacancyBriefSerializer(read_only=True)
    status = StatusField(CallUp)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    check_path = serializers.SerializerMethodField(help_text=_("The letter's public check page (its QR code)."))

    class Meta:
        model = CallUp
        fields = [
            "id",
            "letter_number",
            "jobseeker",
            "vacancy",
            "message",
            "status",
            "status_display",
            "application",
            "check_path",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_check_path(self, callup) -> str:
        return letter_check_path(callup.letter_number)


class StaffCallUpCreateSerializer(serializers.Serializer):
    jobseeker = serializers.IntegerField(min_value=1, max_value=_MAX_ID, help_text=_("The jobseeker profile's id."))
    vacancy = serializers.IntegerField(min_value=1, max_value=_MAX_ID, help_text=_("A published, open vacancy."))
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("Shown to the jobseeker and printed on the letter."),
    )


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary="Call-ups (AK/IV), newest first"),
    retrieve=extend_schema(summary="One call-up"),
)
class StaffCallUpViewSet(mixins.CreateModelMixin, StaffReadViewSet):
    serializer_class = StaffCallUpSerializer
    filterset_class = staff_list_filter(CallUp, "created_at")
    permission_classes = [HasModelPermission("placements.refer_candidate")]
    parser_classes = [JSONParser]

    def get_queryset(self):
        return CallUp.objects.select_related(
            "jobseeker__kelurahan__kecamatan", "vacancy__company", "created_by"
        ).order_by("-created_at", "-pk")

    @extend_schema(
        summary="Call a jobseeker up to apply (AK/IV)",
        description=(
            "The letter is numbered and the jobseeker gets a notice with the vacancy's apply page and the "
            "letter. Refused (400, on `jobseeker` or `vacancy`) when the vacancy is not open, the person "
            "applied or was called up already, holds no active AK/I card or misses a strict requirement."
        ),
        request=StaffCallUpCreateSerializer,
        responses={201: StaffCallUpSerializer},
    )
    def create(self, request, *args, **kwargs):
        body = StaffCallUpCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            callup = callups.callup_create(
                jobseeker_id=data["jobseeker"], vacancy_id=data["vacancy"], by=request.user, message=data["message"]
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        return Response(
            StaffCallUpSerializer(self.get_queryset().get(pk=callup.pk)).data, status=status.HTTP_201_CREATED
        )
