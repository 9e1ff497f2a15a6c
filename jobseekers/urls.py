from django.urls import path

from jobseekers import privacy_views, views

app_name = "jobseekers"

urlpatterns = [
    path("daftar/", views.JobseekerRegisterView.as_view(), name="register"),
    path("ambil-alih/", views.TakeOverView.as_view(), name="take_over"),
    path("dokumen/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
]

# The jobseeker's own profile steps, documents and AK/I card.
urlpatterns += [
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("profil/data-diri/", views.ProfilePersonalView.as_view(), name="profile_personal"),
    path("profil/pendidikan/", views.EducationListView.as_view(), name="profile_education"),
    path("profil/pendidikan/tambah/", views.EducationFormView.as_view(), name="education_add"),
    path("profil/pendidikan/<int:pk>/ubah/", views.EducationFormView.as_view(), name="education_edit"),
    path("profil/pendidikan/<int:pk>/hapus/", views.EducationDeleteView.as_view(), name="education_delete"),
    path("profil/pengalaman/", views.ExperienceListView.as_view(), name="profile_experience"),
    path("profil/pengalaman/tambah/", views.ExperienceFormView.as_view(), name="experience_add"),
    path("profil/pengalaman/<int:pk>/ubah/", views.ExperienceFormView.as_view(), name="experience_edit"),
    path("profil/pengalaman/<int:pk>/hapus/", views.ExperienceDeleteView.as_view(), name="experience_delete"),
    path("profil/keahlian/", views.ProfileSkillsView.as_view(), name="profile_skills"),
    path("profil/preferensi/", views.ProfilePreferencesView.as_view(), name="profile_preferences"),
    path("profil/dokumen/", views.ProfileDocumentsView.as_view(), name="profile_documents"),
    path("profil/dokumen/<int:pk>/hapus/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("kartu/", views.CardView.as_view(), name="card"),
    path("kartu/ajukan/", views.CardRequestView.as_view(), name="card_request"),
    path("kartu/lapor/", views.CardReportView.as_view(), name="card_report"),
    path("kartu/cetak/", views.CardPrintView.as_view(), name="card_print"),
]

# Personal-data rights (UU 27/2022); the JSON download is portal:data_export (privasi/unduh/).
urlpatterns += [
    path("privasi/", privacy_views.PrivacyView.as_view(), name="privacy"),
    path("privasi/persetujuan/", privacy_views.ConsentView.as_view(), name="consent"),
    path(
        "privasi/publikasi-hasil/",
        privacy_views.ResultsPublicationConsentView.as_view(),
        name="results_publication_consent",
    ),
    path("privasi/hapus/", privacy_views.DeletionRequestView.as_view(), name="deletion_request"),
]
