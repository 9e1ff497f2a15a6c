"""The jobseeker's applications in the API: list, apply, detail with its timeline, withdraw."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from jobseekers.api.common import ERROR_SCHEMA, IsJobseeker, drf_validation_error, error_codes
from jobseekers.api.views import validated
from jobseekers.selectors import profile_of
from placements import selectors, services
from placements.api.serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ApplicationWithdrawSerializer,
)
from placements.models import Application

NOT_A_JOBSEEKER = OpenApiResponse(description="Not a jobseeker's account.")


@extend_schema(tags=["me"])
class MyApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """My applications: only through the portal, only with an active AK/I card (single channel)."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Application.objects.none()
        return selectors.application_list_for(jobseeker=profile_of(self.request.user)).prefetch_related(
            "events", "referral__events"
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ApplicationCreateSerializer
        if self.action == "withdraw":
            return ApplicationWithdrawSerializer
        return ApplicationSerializer

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationSerializer,
            400: OpenApiResponse(
                description="Invalid input, or the application is not possible: `vacancy` (not open, closed, "
                "a strict requirement not met), `aki_card` (no active card), `note` (too long)."
            ),
            403: NOT_A_JOBSEEKER,
            409: OpenApiResponse(ERROR_SCHEMA, description="You have already applied to this vacancy."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(self.get_serializer(data=request.data))
        try:
            application = services.application_submit(
                jobseeker=profile_of(request.user), vacancy_id=data["vacancy"], motivation=data.get("note", "")
            )
        except DjangoValidationError as error:
            if "applied" in error_codes(error):
                return Response(
                    {"detail": error.message_dict["vacancy"][0], "code": "already_applied"},
                    status=status.HTTP_409_CONFLICT,
                )
            raise drf_validation_error(error, field_map={"motivation": "note"}) from None
        return Response(
            ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ApplicationWithdrawSerializer,
        responses={
            200: ApplicationSerializer,
            400: OpenApiResponse(description="The reason is too long."),
            403: NOT_A_JOBSEEKER,
            404: OpenApiResponse(ERROR_SCHEMA, description="No such application of yours."),
            409: OpenApiResponse(
                ERROR_SCHEMA, description="Not possible any more: Disnaker has referred or decided the application."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        application = self.get_object()
        data = validated(self.get_serializer(data=request.data))
        services.application_withdraw(
            application_id=application.pk, by=request.user, note=data.get("note", "")
        )  # TransitionError → 409
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data)
