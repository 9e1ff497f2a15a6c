"""The jobseeker's own API: sign-up, the profile (GET/PATCH), the AK/I card (request, report)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from bontang_aker.core.rate_limits import CardCheckThrottle, SignupThrottle
from jobseekers import selectors, services
from jobseekers.api.common import ERROR_SCHEMA, IsJobseeker, drf_validation_error, error_codes, flatten_errors
from jobseekers.api.serializers import (
    PERSONAL_FIELDS,
    AkiCardSerializer,
    CardVerifySerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    JobseekerRegisterSerializer,
    ProfileIncompleteSerializer,
    ProfileSerializer,
)
from jobseekers.models import Document, EducationEntry, ExperienceEntry, JobseekerProfile

NOT_A_JOBSEEKER = OpenApiResponse(description="Not a jobseeker's account.")


def validated(serializer: serializers.Serializer) -> dict:
    """The serializer's data, or a 400 with every invalid field named at one level (`education[0].level`)."""
    if not serializer.is_valid():
        raise serializers.ValidationError(flatten_errors(serializer.errors))
    return serializer.validated_data


class JobseekerRegisterView(generics.GenericAPIView):
    """Create a jobseeker account and profile; then get a token from `auth/token/`.

    The NIK is claimed, not owned, until Disnaker checks the KTP at card issue: a NIK someone else
    registered gets the same answer as any other (staff see the conflict), so the answer never tells
    whether a NIK is registered.
    """

    serializer_class = JobseekerRegisterSerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]  # nested lists and codes: JSON only
    # Per client address, one budget with the sign-up pages (SIGNUP_RATE_LIMIT); counter registration is in the admin.
    throttle_classes = [SignupThrottle]

    @extend_schema(
        responses={
            201: ProfileSerializer,
            400: OpenApiResponse(description="Invalid or missing fields, no consent, or an email in use."),
        },
        auth=[],
        tags=["jobseekers"],
    )
    def post(self, request):
        data = dict(validated(self.get_serializer(data=request.data)))
        account = {name: data.pop(name) for name in ("email", "password", "consent")}
        try:
            profile = services.jobseeker_register(**account, **data)
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        return Response(ProfileSerializer(_profile_for_output(profile.pk)).data, status=status.HTTP_201_CREATED)


def _profile_for_output(pk: int) -> JobseekerProfile:
    return (
        JobseekerProfile.objects.select_related("user", "kelurahan")
        .prefetch_related(
            Prefetch("education_entries", EducationEntry.objects.select_related("level")),
            Prefetch("experience_entries", ExperienceEntry.objects.select_related("occupation")),
            "skills",
            "preferred_occupations",
        )
        .get(pk=pk)
    )


class MyProfileView(generics.GenericAPIView):
    """The signed-in jobseeker's profile, with a `completeness` figure and what is `missing`."""

    serializer_class = ProfileSerializer
    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> JobseekerProfile:
        return _profile_for_output(selectors.profile_of(self.request.user).pk)

    @extend_schema(responses={200: ProfileSerializer, 403: NOT_A_JOBSEEKER}, tags=["me"])
    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        responses={
            200: ProfileSerializer,
            400: OpenApiResponse(description="Invalid fields, named like `education[0].end_date`."),
            403: NOT_A_JOBSEEKER,
        },
        tags=["me"],
    )
    def patch(self, request):
        profile = self.get_object()
        data = validated(self.get_serializer(profile, data=request.data, partial=True))
        entries = {
            key: [dict(item) for item in data[source]] if source in data else None
            for key, source in (("education", "education_entries"), ("experience", "experience_entries"))
        }
        try:
            services.profile_update(
                profile=profile,
                personal={name: data[name] for name in PERSONAL_FIELDS if name in data},
                skills=data.get("skills"),
                preferences={name: data[name] for name in services.PROFILE_PREFERENCE_FIELDS if name in data},
                **entries,
            )
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        except (EducationEntry.DoesNotExist, ExperienceEntry.DoesNotExist) as error:
            # An entry of the list was deleted meanwhile (another request, a page): a 400, not a 500.
            label = "education" if isinstance(error, EducationEntry.DoesNotExist) else "experience"
            raise serializers.ValidationError(
                {label: [gettext("An entry in this list no longer exists; reload your profile and try again.")]}
            ) from None
        return Response(self.get_serializer(self.get_object()).data)


class MyCardView(generics.GenericAPIView):
    """My AK/I card: the one requested or in force, otherwise the latest."""

    serializer_class = AkiCardSerializer
    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]

    @extend_schema(
        responses={
            200: AkiCardSerializer,
            403: NOT_A_JOBSEEKER,
            404: OpenApiResponse(ERROR_SCHEMA, description="No AK/I card has been requested yet."),
        },
        tags=["me"],
    )
    def get(self, request):
        card = selectors.card_current(selectors.profile_of(request.user))
        if card is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(card).data)


class MyCardRequestView(generics.GenericAPIView):
    """Ask Disnaker for an AK/I card; the profile must be complete (documents included)."""

    serializer_class = AkiCardSerializer
    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]

    @extend_schema(
        request=None,
        responses={
            201: AkiCardSerializer,
            400: OpenApiResponse(
                ProfileIncompleteSerializer,
                description="`email_unverified`: the email address is not verified yet; "
                "`profile_incomplete`: the profile is incomplete (see `missing`).",
            ),
            403: NOT_A_JOBSEEKER,
            409: OpenApiResponse(ERROR_SCHEMA, description="A card is already requested or active."),
        },
        tags=["me"],
    )
    def post(self, request):
        profile = selectors.profile_of(request.user)
        try:
            card = services.aki_card_request(jobseeker=profile, by=request.user)
        except DjangoValidationError as error:
            codes = error_codes(error)
            if "card_open" in codes:
                return Response({"detail": error.messages[0], "code": "card_open"}, status=status.HTTP_409_CONFLICT)
            checklist = selectors.profile_checklist(profile)
            missing = [{"code": item.code, "label": item.label} for item in checklist if not item.done]
            code = "email_unverified" if "email_unverified" in codes else "profile_incomplete"
            return Response(
                {"detail": " ".join(error.messages), "code": code, "missing": missing},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(self.get_serializer(card).data, status=status.HTTP_201_CREATED)


class MyCardReportView(generics.GenericAPIView):
    """The 6-monthly report ("lapor") on an active card: still looking for work."""

    serializer_class = AkiCardSerializer
    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]

    @extend_schema(
        request=None,
        responses={
            200: AkiCardSerializer,
            403: NOT_A_JOBSEEKER,
            404: OpenApiResponse(ERROR_SCHEMA, description="No AK/I card has been requested yet."),
            409: OpenApiResponse(
                ERROR_SCHEMA,
                description="The card is not active or lapsed (requested, placed, …), or it lapsed and its "
                "validity has ended (`card_expired`) or a newer card is open (`card_superseded`).",
            ),
        },
        tags=["me"],
    )
    def post(self, request):
        card = selectors.card_current(selectors.profile_of(request.user))
        if card is None:
            raise exceptions.NotFound()
        try:
            # A lapsed card within its validity becomes active again; TransitionError → 409.
            card = services.aki_card_report(card_id=card.pk, by=request.user)
        except DjangoValidationError as error:
            code = next(iter(error_codes(error)), "invalid_transition")
            return Response({"detail": " ".join(error.messages), "code": code}, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(card).data)


class CardVerifyView(generics.GenericAPIView):
    """Check an AK/I card by its number, as its QR code's page does: public and rate-limited.

    An unknown number (or anything that is not a card number) is a 404.
    """

    serializer_class = CardVerifySerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [CardCheckThrottle]

    @extend_schema(
        responses={200: CardVerifySerializer, 404: OpenApiResponse(ERROR_SCHEMA, description="No such card.")},
        auth=[],
        tags=["cards"],
    )
    def get(self, request, number: str):
        card = selectors.card_for_public_check(number)
        if card is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(selectors.card_public_check(card)).data)


class MyDocumentsView(generics.GenericAPIView):
    """My documents (KTP, last diploma, photo, CV, certificates, …): list them, or upload one as multipart form data.

    The AK/I card request needs the KTP, the last diploma and a photo (PDF, JPG or PNG, checked
    from the content; images are stored re-encoded, without EXIF). A certificate needs
    `certificate_name`, `certificate_issuer` and `certificate_number`; `certificate_valid_until`
    is optional.
    """

    serializer_class = DocumentSerializer
    queryset = Document.objects.none()  # for the schema; the list is always the user's own
    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [MultiPartParser]

    @extend_schema(responses={200: DocumentSerializer(many=True), 403: NOT_A_JOBSEEKER}, tags=["me"])
    def get(self, request):
        documents = selectors.profile_of(request.user).documents.order_by("kind", "-uploaded_at")
        return Response(DocumentSerializer(documents, many=True).data)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            201: DocumentSerializer,
            400: OpenApiResponse(
                ERROR_SCHEMA,
                description="No file, a file too large, not really a PDF, JPG or PNG, a damaged image, an encrypted "
                "PDF or one with scripts, or a certificate without its details.",
            ),
            403: NOT_A_JOBSEEKER,
        },
        tags=["me"],
    )
    def post(self, request):
        data = validated(DocumentUploadSerializer(data=request.data))
        try:
            document = services.document_upload(jobseeker=selectors.profile_of(request.user), **data)
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
