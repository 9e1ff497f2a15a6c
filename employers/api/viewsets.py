"""Public, read-only vacancy API: what anyone may see, filtered and paginated."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from employers import selectors
from employers.api.filters import VacancyFilter
from employers.api.serializers import VacancySerializer


@extend_schema(tags=["vacancies"])
class VacancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published vacancies that are still open; any other vacancy is a 404, even by id."""

    serializer_class = VacancySerializer
    filterset_class = VacancyFilter
    # Ordering is the FilterSet's `ordering` parameter, which rejects unknown fields with a 400;
    # DRF's OrderingFilter from the defaults would ignore them silently, so it is left out here.
    filter_backends = [DjangoFilterBackend]
    permission_classes = [AllowAny]

    def get_queryset(self):
        return selectors.vacancy_list_public()
