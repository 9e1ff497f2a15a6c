"""The public labour-market dashboard and its open data (no login, no personal data)."""

from django.urls import path

from reports import views

app_name = "reports"


urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("data.json", views.DashboardJsonView.as_view(), name="dashboard_json"),
    path("<slug:chart>.csv", views.DashboardCsvView.as_view(), name="dashboard_csv"),
]
