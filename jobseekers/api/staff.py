"""The staff API for AK/I cards: the requests to verify and the decisions on them.

The same decisions as the admin's change pages, through the same services: issue the card or
return the request (jobseekers.verify_akicard). The list and details need jobseekers.view_akicard,
which every staff group has (accounts/roles.py). A return needs a reason, which the jobseeker sees.
Lists and nested records show the NIK masked (UU 27/2022); the full NIK is in the jobseeker's own
detail, `staff/jobseekers/{id}/`, whose every call is logged for the person (ProfileAccess).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
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
from bontang_aker.core.client_address import client_ip
from bontang_aker.core.masking import mask_nik
from bontang_aker.reference.api import KelurahanSerializer
from jobseekers import services
from jobseekers.decision_reasons import AKI_CARD_REJECT_REASONS
from jobseekers.models import AkiCard, JobseekerProfile, ProfileAccess
from jobseekers.privacy import profile_access_log

# The refusals with a list of usual reasons (the admin offers the same lists).
CardReturnBody = decision_reason_serializer("staff-card-return", AKI_CARD_REJECT_REASONS)


class StaffJobseekerSerializer(serializers.ModelSerializer):
    """The person behind a card, an application or a hire report, as staff identify them (NIK masked)."""

    nik = serializers.SerializerMethodField(help_text=_("Masked: 6474********0001. The full NIK is in the detail."))
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    kelurahan = KelurahanSerializer(read_only=True, allow_null=True)
    is_local = serializers.BooleanField(read_only=True)

    class Meta:
        model = JobseekerProfile
        fields = [
            "id",
            "full_name",
            "nik",
            "birth_place",
            "birth_date",
            "sex",
            "sex_display",
            "kelurahan",
            "outside_city",
            "is_local",
        ]
        read_only_fields = fields

    def get_nik(self, profile) -> str:
        return mask_nik(profile.nik)


class StaffJobseekerDetailSerializer(serializers.ModelSerializer):
    """One jobseeker's own record for staff, with the full NIK and the specific personal data."""

    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    kelurahan = KelurahanSerializer(read_only=True, allow_null=True)
    is_local = serializers.BooleanField(read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = JobseekerProfile
        fields = [
            "id",
            "full_name",
            "nik",
            "email",
            "phone",
            "birth_place",
            "birth_date",
            "sex",
            "sex_display",
            "ktp_address",
            "kelurahan",
            "outside_city",
            "resident_since",
            "is_local",
            "has_disability",
            "disability_note",
            "is_poor_household",
            "consent_at",
            "consent_version",
        ]
        read_only_fields = fields


@extend_schema(tags=["staff"])
@extend_schema_view(
    retrieve=extend_schema(
        summary="One jobseeker, with the full NIK",
        description="Each call is logged: the jobseeker sees it under “Who has seen my data”.",
    )
)
class StaffJobseekerViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StaffJobseekerDetailSerializer
    permission_classes = [HasModelPermission("jobseekers.view_jobseekerprofile")]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return JobseekerProfile.objects.select_related("user", "kelurahan__kecamatan")

    def retrieve(self, request, *args, **kwargs):
        profile = self.get_object()
        profile_access_log(
            viewer=request.user, what=ProfileAccess.What.PROFILE, profiles=[profile], ip_address=client_ip(request)
        )
        return Response(self.get_serializer(profile).data)


class StaffAkiCardSerializer(serializers.ModelSerializer):
    jobseeker = StaffJobseekerSerializer(read_only=True)
    status = StatusField(AkiCard)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = AkiCard
        fields = [
            "id",
            "number",
            "jobseeker",
            "status",
            "status_display",
            "requested_at",
            "issued_at",
            "expires_on",
            "last_reported_at",
            "placed_on",
            "rejection_reason",
            "updated_at",
        ]
        read_only_fields = fields


StaffAkiCardFilter = staff_list_filter(AkiCard, "requested_at")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="AK/I cards, oldest request first",
        description="Filter `status=requested` for the requests to verify.",
    ),
    retrieve=extend_schema(summary="One AK/I card"),
)
class StaffAkiCardViewSet(StaffReadViewSet):
    serializer_class = StaffAkiCardSerializer
    filterset_class = StaffAkiCardFilter
    permission_classes = [HasModelPermission("jobseekers.view_akicard")]

    def get_queryset(self):
        return AkiCard.objects.select_related("jobseeker__kelurahan__kecamatan").order_by("requested_at", "pk")

    @extend_schema(
        summary="Issue the card",
        description="The documents were checked: the card gets its number (NPPK) and validity; the jobseeker is told.",
        request=DecisionNoteSerializer,
        responses=decision_responses(StaffAkiCardSerializer),
    )
    @action(detail=True, methods=["post"], permission_classes=[HasModelPermission("jobseekers.verify_akicard")])
    def issue(self, request, pk=None):
        return decide(
            self, request, lambda card, user, note: services.aki_card_issue(card_id=card.pk, by=user, note=note)
        )

    @extend_schema(
        summary="Return the card request to the jobseeker",
        description="The jobseeker sees the reason, completes the profile and asks again.",
        request=CardReturnBody,
        responses=decision_responses(StaffAkiCardSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        permission_classes=[HasModelPermission("jobseekers.verify_akicard")],
    )
    def return_(self, request, pk=None):
        return decide(
            self,
            request,
            lambda card, user, reason: services.aki_card_reject(card_id=card.pk, by=user, reason=reason),
            needs_reason=True,
            body_serializer=CardReturnBody,
        )
