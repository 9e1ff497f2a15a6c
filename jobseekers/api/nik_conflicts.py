"""The staff API list of NIK conflicts (issue 8): registrations that claim the same NIK.

Read-only: staff resolve a conflict in the admin, after seeing the KTP. The list needs
jobseekers.verify_akicard, the permission of the officers who check KTPs and issue cards; the NIK
is shown masked here, as in the admin list.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from bontang_aker.core.api import HasModelPermission, StaffReadViewSet, StatusField, staff_list_filter
from bontang_aker.core.masking import mask_nik
from jobseekers.models import AkiCard, JobseekerProfile, NikConflict


class NikClaimantSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    registered_at = serializers.DateTimeField(source="created_at", read_only=True)
    nik_verified = serializers.SerializerMethodField()
    disabled = serializers.SerializerMethodField()
    has_card_request = serializers.SerializerMethodField()

    class Meta:
        model = JobseekerProfile
        fields = [
            "id",
            "full_name",
            "email",
            "registered_at",
            "registered_at_counter",
            "nik_verified",
            "disabled",
            "has_card_request",
        ]
        read_only_fields = fields

    def get_nik_verified(self, profile) -> bool:
        return profile.nik_verified_at is not None

    def get_disabled(self, profile) -> bool:
        return profile.nik_revoked_at is not None

    def get_has_card_request(self, profile) -> bool:
        return bool(getattr(profile, "open_cards", None))


class StaffNikConflictSerializer(serializers.ModelSerializer):
    nik_masked = serializers.SerializerMethodField()
    status = StatusField(NikConflict)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    claimants = NikClaimantSerializer(many=True, read_only=True)

    class Meta:
        model = NikConflict
        fields = [
            "id",
            "nik_masked",
            "status",
            "status_display",
            "opened_at",
            "claimants",
            "resolution",
            "resolved_at",
            "owner",
            "note",
        ]
        read_only_fields = fields

    def get_nik_masked(self, conflict) -> str:
        return mask_nik(conflict.nik)


StaffNikConflictFilter = staff_list_filter(NikConflict, "opened_at")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="NIK conflicts, oldest first",
        description="Filter `status=open` for the conflicts to resolve (in the admin, with the KTP at hand).",
    ),
    retrieve=extend_schema(summary="One NIK conflict"),
)
class StaffNikConflictViewSet(StaffReadViewSet):
    serializer_class = StaffNikConflictSerializer
    filterset_class = StaffNikConflictFilter
    permission_classes = [HasModelPermission("jobseekers.verify_akicard")]

    def get_queryset(self):
        claimants = JobseekerProfile.objects.select_related("user").order_by("created_at", "pk")
        open_cards = AkiCard.objects.filter(status__in=[AkiCard.Status.REQUESTED, AkiCard.Status.ACTIVE])
        return NikConflict.objects.prefetch_related(
            Prefetch("claimants", claimants),
            Prefetch("claimants__aki_cards", open_cards, to_attr="open_cards"),
        ).order_by("opened_at", "pk")
