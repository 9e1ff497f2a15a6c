"""The jobseeker's privacy API: who has seen my data (`me/data-access/`), consent (`me/consent/`)
and asking for deletion (`me/deletion-request/`), through the same services as the privacy pages.

The full download, `me/export/`, is `portal.api.MyDataExportView`: it reads every app.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jobseekers import privacy
from jobseekers.api.common import ERROR_SCHEMA, IsJobseeker, drf_validation_error
from jobseekers.api.views import NOT_A_JOBSEEKER, validated
from jobseekers.models import ProfileAccess
from jobseekers.selectors import profile_of


class DataAccessSerializer(serializers.ModelSerializer):
    viewer = serializers.SerializerMethodField(help_text="“Disnaker staff <name>” or the company's name.")
    what_display = serializers.CharField(source="get_what_display", read_only=True)
    # Plain strings: the same choices as a document's `kind`, without a second enum in the schema.
    document_kind = serializers.CharField(read_only=True, help_text="ktp, diploma, photo, …; empty unless a document.")
    document_kind_display = serializers.CharField(source="get_document_kind_display", read_only=True)

    class Meta:
        model = ProfileAccess
        fields = [
            "id",
            "viewer",
            "viewer_role",
            "what",
            "what_display",
            "document_kind",
            "document_kind_display",
            "accessed_at",
        ]
        read_only_fields = fields

    def get_viewer(self, access) -> str:
        return privacy.access_viewer_display(access)


@extend_schema(tags=["me"])
class MyDataAccessView(generics.ListAPIView):
    """Who has opened my profile, documents or candidate profile, newest first (my own views are not listed)."""

    serializer_class = DataAccessSerializer
    permission_classes = [IsAuthenticated, IsJobseeker]
    queryset = ProfileAccess.objects.none()  # for the schema; the list is always the user's own
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProfileAccess.objects.none()
        return privacy.profile_accesses(profile=profile_of(self.request.user))

    @extend_schema(responses={200: DataAccessSerializer(many=True), 403: NOT_A_JOBSEEKER})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# Consent ---------------------------------------------------------------------------------------------------


class ConsentSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        allow_null=True, help_text="The current consent version; null while none is published."
    )
    language = serializers.CharField(allow_null=True, help_text="The language of `title` and `body` (id or en).")
    title = serializers.CharField(allow_null=True)
    body = serializers.CharField(allow_null=True)
    accepted_version = serializers.IntegerField(
        allow_null=True, help_text="The version I accepted; null: signed up before versions existed (counts as 1)."
    )
    accepted_at = serializers.DateTimeField(allow_null=True)
    needs_acceptance = serializers.BooleanField(help_text="True while I have to accept the current version.")


class ConsentAcceptSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version I read and accept: it must be the current one."
    )


def _consent_data(request) -> dict:
    profile = profile_of(request.user)
    text = privacy.consent_text()  # in the request's language (LocaleMiddleware), else Indonesian
    return {
        "version": text.version if text else None,
        "language": text.language if text else None,
        "title": text.title if text else None,
        "body": text.body if text else None,
        "accepted_version": profile.consent_version,
        "accepted_at": profile.consent_at,
        "needs_acceptance": privacy.consent_needs_acceptance(user=request.user),
    }


@extend_schema(tags=["me"])
class MyConsentView(APIView):
    """The current consent text and the version I accepted; POST accepts the current version."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]

    @extend_schema(responses={200: ConsentSerializer, 403: NOT_A_JOBSEEKER})
    def get(self, request):
        return Response(ConsentSerializer(_consent_data(request)).data)

    @extend_schema(
        request=ConsentAcceptSerializer,
        responses={
            200: ConsentSerializer,
            403: NOT_A_JOBSEEKER,
            409: OpenApiResponse(
                ERROR_SCHEMA,
                description="`version` is not the current one (a newer text was published): read it and accept it.",
            ),
        },
    )
    def post(self, request):
        data = validated(ConsentAcceptSerializer(data=request.data))
        try:
            privacy.consent_accept(profile=profile_of(request.user), version=data["version"])
        except DjangoValidationError as error:
            return Response({"detail": error.messages[0], "code": "consent_changed"}, status=status.HTTP_409_CONFLICT)
        return Response(ConsentSerializer(_consent_data(request)).data)


# Deletion --------------------------------------------------------------------------------------------------


class DeletionRequestCreateSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False, help_text="My password, to confirm.")
    confirm = serializers.BooleanField(help_text="Must be true: the account closes at once.")

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Set confirm to true to close the account."))
        return value


class DeletionRequestSerializer(serializers.Serializer):
    requested_at = serializers.DateTimeField()
    erase_after = serializers.DateTimeField(help_text="When the personal data is erased (after the retention period).")
    retention_days = serializers.IntegerField()


@extend_schema(tags=["me"])
class MyDeletionRequestView(APIView):
    """Ask for my personal data to be deleted: the account closes now (every session and token ends) and the
    data is erased after the retention period. Disnaker staff can reopen the account until then."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]

    @extend_schema(
        request=DeletionRequestCreateSerializer,
        responses={
            202: DeletionRequestSerializer,
            400: OpenApiResponse(description="`password` is not correct, or `confirm` is not true."),
            403: NOT_A_JOBSEEKER,
        },
    )
    def post(self, request):
        data = validated(DeletionRequestCreateSerializer(data=request.data))
        try:
            deletion = privacy.deletion_request_create(profile=profile_of(request.user), password=data["password"])
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        logout(request)  # a session caller is logged out, as on the page; the service deleted the tokens
        body = {
            "requested_at": deletion.requested_at,
            "erase_after": deletion.erase_after,
            "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        }
        return Response(DeletionRequestSerializer(body).data, status=status.HTTP_202_ACCEPTED)
