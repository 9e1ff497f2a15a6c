"""The API, mounted at /api/: version 1 under v1/, its OpenAPI schema and browsable docs.

URL names live in the `api` namespace: `api:vacancy-list`, `api:auth-token`, `api:schema`.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from bontang_aker.accounts.api import MeView, TokenObtainView
from bontang_aker.reference.api import EducationLevelViewSet, KelurahanViewSet, OccupationViewSet, SkillViewSet
from employers.api.viewsets import VacancyViewSet

app_name = "api"

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("reference/kelurahan", KelurahanViewSet, basename="kelurahan")
router.register("reference/education-levels", EducationLevelViewSet, basename="education-level")
router.register("reference/occupations", OccupationViewSet, basename="occupation")
router.register("reference/skills", SkillViewSet, basename="skill")

v1_patterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
