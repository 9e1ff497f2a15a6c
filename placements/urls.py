from django.urls import path

from placements import letter_views, views

app_name = "placements"

# Mounted at /pencaker/lamaran/: the jobseeker's applications.
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/tarik/", views.ApplicationWithdrawView.as_view(), name="application_withdraw"),
    path("<int:pk>/surat-ak5/", letter_views.ApplicationLetterView.as_view(), name="application_letter"),
    path("panggilan/<int:pk>/surat-ak4/", letter_views.CallUpLetterView.as_view(), name="callup_letter"),
    path("panggilan/<int:pk>/tolak/", letter_views.CallUpDeclineView.as_view(), name="callup_decline"),
    path("baru/<int:vacancy_id>/", views.ApplyView.as_view(), name="apply"),
    path("diterima-kerja/", views.HireReportCreateView.as_view(), name="hire_report_create"),
    path("diterima-kerja/<int:pk>/", views.HireReportDetailView.as_view(), name="hire_report_detail"),
]
