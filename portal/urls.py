"""The home page and the dashboard (namespace `portal`; the home page is also plain `home`)."""

from django.urls import path

from portal import compliance_views, saved_search_views, transparency_views, views

app_name = "portal"

urlpatterns = [
    path("akun/dasbor/", views.DashboardView.as_view(), name="dashboard"),
    # Under /pencaker/ with the other privacy pages; here because it reads every app.
    path("pencaker/privasi/unduh/", views.DataExportView.as_view(), name="data_export"),
    # Under /perusahaan/ with the other company pages; here because it reads placements too.
    path("perusahaan/kepatuhan/", compliance_views.CompanyComplianceView.as_view(), name="company_compliance"),
    path(
        "perusahaan/kepatuhan/surat/<int:pk>/",
        compliance_views.CompanySanctionLetterView.as_view(),
        name="company_sanction_letter",
    ),
    path(
        "perusahaan/kepatuhan/surat/<int:pk>/tanggapan/",
        compliance_views.CompanySanctionResponseView.as_view(),
        name="company_sanction_response",
    ),
]

# The public transparency page of the single channel (portal.transparency): no login, no personal data.
urlpatterns += [
    path("transparansi/", transparency_views.TransparencyView.as_view(), name="transparency"),
    path(
        "transparansi/lowongan/<int:pk>/",
        transparency_views.TransparencyVacancyView.as_view(),
        name="transparency_vacancy",
    ),
]

# A jobseeker's saved vacancy searches (portal.saved_searches), in the jobseeker's area.
urlpatterns += [
    path("pencaker/pencarian/", saved_search_views.SavedSearchListView.as_view(), name="saved_search_list"),
    path("pencaker/pencarian/simpan/", saved_search_views.SavedSearchCreateView.as_view(), name="saved_search_create"),
    path(
        "pencaker/pencarian/<int:pk>/ubah/",
        saved_search_views.SavedSearchRenameView.as_view(),
        name="saved_search_rename",
    ),
    path(
        "pencaker/pencarian/<int:pk>/email/",
        saved_search_views.SavedSearchAlertsView.as_view(),
        name="saved_search_alerts",
    ),
    path(
        "pencaker/pencarian/<int:pk>/hapus/",
        saved_search_views.SavedSearchDeleteView.as_view(),
        name="saved_search_delete",
    ),
    path(
        "pencaker/pencarian/berhenti/<str:token>/",
        saved_search_views.SavedSearchUnsubscribeView.as_view(),
        name="saved_search_unsubscribe",
    ),
]
