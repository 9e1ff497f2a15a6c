from django.urls import path

from placements import views

app_name = "placements"

# Mounted at /pencaker/lamaran/: the jobseeker's applications.
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/tarik/", views.ApplicationWithdrawView.as_view(), name="application_withdraw"),
    path("baru/<int:vacancy_id>/", views.ApplyView.as_view(), name="apply"),
    path("diterima-kerja/", views.HireReportCreateView.as_view(), name="hire_report_create"),
    path("diterima-kerja/<int:pk>/", views.HireReportDetailView.as_view(), name="hire_report_detail"),
]
