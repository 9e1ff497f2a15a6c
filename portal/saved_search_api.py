"""API of saved searches: `GET/POST /api/v1/me/saved-searches/`, `PATCH/DELETE /api/v1/me/saved-searches/{id}/`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from jobseekers.api.common import ERROR_SCHEMA, IsJobseeker, drf_validation_error, error_codes
from jobseekers.api.views import NOT_A_JOBSEEKER, validated
from portal import saved_searches as services
from portal.models import SAVED_SEARCH_NAME_MAX_LENGTH, SAVED_SEARCH_QUERY_MAX_LENGTH, SavedSearch


class SavedSearchSerializer(serializers.ModelSerializer):
    search_url = serializers.SerializerMethodField(help_text="The search page with these filters.")
    api_url = serializers.SerializerMethodField(help_text="The same search in the API (`vacancies/`).")

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "query", "email_alerts", "created_at", "search_url", "api_url"]
        read_only_fields = fields

    def get_search_url(self, search) -> str:
        return services.saved_search_url(search)

    def get_api_url(self, search) -> str:
        base = reverse("api:vacancy-list")
        return f"{base}?{search.query}" if search.query else base


class SavedSearchCreateSerializer(serializers.Serializer):
    query = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=SAVED_SEARCH_QUERY_MAX_LENGTH,
        help_text="The filters of `vacancies/` as a query string, e.g. `q=teknisi&kecamatan=64.74.03`.",
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=SAVED_SEARCH_NAME_MAX_LENGTH,
        help_text="Empty: a summary of the filters.",
    )
    email_alerts = serializers.BooleanField(required=False, default=True)


class SavedSearchUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, max_length=SAVED_SEARCH_NAME_MAX_LENGTH, help_text="The new name.")
    email_alerts = serializers.BooleanField(
        required=False, help_text="Switch the morning e-mail on or off (on again: only what is published from now)."
    )


@extend_schema(tags=["me"])
class SavedSearchViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """My saved vacancy searches; each one's new vacancies are e-mailed each morning while `email_alerts` is on."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    parser_classes = [JSONParser]
    filter_backends = []
    serializer_class = SavedSearchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SavedSearch.objects.none()
        return services.saved_searches_of(user=self.request.user)

    @extend_schema(
        request=SavedSearchCreateSerializer,
        responses={
            201: SavedSearchSerializer,
            400: OpenApiResponse(description="A filter of `query` is not valid (named in the message), or too many."),
            403: NOT_A_JOBSEEKER,
            409: OpenApiResponse(ERROR_SCHEMA, description="This search is saved already."),
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(SavedSearchCreateSerializer(data=request.data))
        try:
            search = services.saved_search_create(
                user=request.user, params=QueryDict(data["query"]), name=data["name"], email_alerts=data["email_alerts"]
            )
        except DjangoValidationError as error:
            if "duplicate" in error_codes(error):
                return Response({"detail": error.messages[0], "code": "already_saved"}, status=status.HTTP_409_CONFLICT)
            raise drf_validation_error(error) from None
        return Response(SavedSearchSerializer(search).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SavedSearchUpdateSerializer,
        responses={200: SavedSearchSerializer, 403: NOT_A_JOBSEEKER, 404: OpenApiResponse(ERROR_SCHEMA)},
    )
    def partial_update(self, request, *args, **kwargs):
        """Rename a saved search or switch its morning e-mail; fields left out stay as they are."""
        search = self.get_object()
        data = validated(SavedSearchUpdateSerializer(data=request.data))
        try:
            search = services.saved_search_update(
                user=request.user, search_id=search.pk, name=data.get("name"), email_alerts=data.get("email_alerts")
            )
        except SavedSearch.DoesNotExist:  # deleted meanwhile
            raise exceptions.NotFound() from None
        except DjangoValidationError as error:
            raise drf_validation_error(error) from None
        return Response(SavedSearchSerializer(search).data)

    @extend_schema(responses={204: None, 403: NOT_A_JOBSEEKER, 404: OpenApiResponse(ERROR_SCHEMA)})
    def destroy(self, request, *args, **kwargs):
        search = self.get_object()
        services.saved_search_delete(user=request.user, search_id=search.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
