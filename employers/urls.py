from django.urls import path

from employers import views

app_name = "employers"

urlpatterns = [
    path("daftar/", views.EmployerRegisterView.as_view(), name="register"),
    path("lowongan/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("lowongan/baru/", views.VacancyCreateView.as_view(), name="vacancy_create"),
    path("lowongan/<int:pk>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("lowongan/<int:pk>/ubah/", views.VacancyEditView.as_view(), name="vacancy_edit"),
    path("lowongan/<int:pk>/kirim/", views.VacancySubmitView.as_view(), name="vacancy_submit"),
    path("lowongan/<int:pk>/tutup/", views.VacancyCloseView.as_view(), name="vacancy_close"),
    path("lowongan/<int:pk>/kandidat/", views.VacancyCandidatesView.as_view(), name="vacancy_candidates"),
    path("rujukan/<int:pk>/hasil/", views.ReferralResultView.as_view(), name="referral_result"),
    path("penempatan/", views.PlacementListView.as_view(), name="placement_list"),
    path("penempatan/baru/", views.PlacementCreateView.as_view(), name="placement_create"),
    path("penempatan/<int:pk>/kirim-ulang/", views.PlacementResubmitView.as_view(), name="placement_resubmit"),
]
