"""Public vacancy pages under /lowongan/ (namespace `vacancies`)."""

from django.urls import path

from employers import public_views

app_name = "vacancies"

urlpatterns = [
    path("", public_views.VacancySearchView.as_view(), name="search"),
    path("<int:pk>/", public_views.VacancyDetailView.as_view(), name="detail"),
]
