"""Mounted at /pencaker/riwayat/: the jobseeker's job-search log, on screen and as PDF or CSV."""

from django.urls import path

from placements import views

app_name = "job_search_log"

urlpatterns = [
    path("", views.JobSearchLogView.as_view(), name="page"),
    path("unduh.pdf", views.JobSearchLogPdfView.as_view(), name="pdf"),
    path("unduh.csv", views.JobSearchLogCsvView.as_view(), name="csv"),
]
