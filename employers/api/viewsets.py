"""Public, read-only vacancy API: what anyone may see, filtered and paginated."""

from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from bontang_aker.core.pagination import EstimatedCountPagination
from employers import public_cache, selectors
from employers.api.filters import VacancyFilter
from employers.api.serializers import VacancySerializer, vacancy_list_data


@extend_schema(tags=["vacancies"])
class VacancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published vacancies that are still open; any other vacancy is a 404, even by id.

    In a list, `count` is exact up to 1,000 results and an estimate above; the `next` and
    `previous` links of long lists carry a cursor. A list may be up to a minute old, except
    that a vacancy published, closed or filled shows at once.
    """

    # A page reads its ids from the vacancy table alone, then loads those rows only
    # (bontang_aker.core.pagination); the list's data is cached for everyone alike for
    # PUBLIC_PAGE_CACHE_SECONDS (employers.public_cache).

    serializer_class = VacancySerializer
    filterset_class = VacancyFilter
    # Ordering is the FilterSet's `ordering` parameter, which rejects unknown fields with a 400;
    # DRF's OrderingFilter from the defaults would ignore them silently, so it is left out here.
    filter_backends = [DjangoFilterBackend]
    pagination_class = EstimatedCountPagination
    permission_classes = [AllowAny]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.vacancy_list_public().select_related("company").prefetch_related("skills")
        return selectors.vacancy_list_public()

    def get_object(self):
        vacancy = super().get_object()
        selectors.vacancy_attach_reference([vacancy])
        return vacancy

    def list(self, request, *args, **kwargs):
        parts = [translation.get_language() or "", request.build_absolute_uri()]
        return Response(public_cache.cached("api-list", parts, lambda: self._list_data(request)))

    def _list_data(self, request) -> dict:
        filterset = VacancyFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)  # as DjangoFilterBackend: a 400 naming each parameter
        paginator = self.paginator
        page = paginator.paginate_listing(filterset.listing(), request)
        # The rows built by hand: the same JSON as the serializer's, for far less work (serializers.py).
        skills = selectors.vacancy_skill_rows(page.ids)
        rows = selectors.vacancy_rows(page.ids, with_skills=False)
        data = [vacancy_list_data(vacancy, skills[vacancy.pk]) for vacancy in rows]
        return dict(paginator.get_paginated_response(data).data)
