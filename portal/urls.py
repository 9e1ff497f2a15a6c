"""The home page and the dashboard (namespace `portal`; the home page is also plain `home`)."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("akun/dasbor/", views.DashboardView.as_view(), name="dashboard"),
]
