from django.urls import path, re_path

from employers import company_views, export_views, member_views, plan_views, views
from placements.letter_views import EmployerReferralLetterView

app_name = "employers"

urlpatterns = [
    path("daftar/", views.EmployerRegisterView.as_view(), name="register"),
    path("lowongan/", views.VacancyListView.as_view(), name="vacancy_list"),
    path("lowongan/baru/", views.VacancyCreateView.as_view(), name="vacancy_create"),
    path("lowongan/<int:pk>/", views.VacancyDetailView.as_view(), name="vacancy_detail"),
    path("lowongan/<int:pk>/ubah/", views.VacancyEditView.as_view(), name="vacancy_edit"),
    path("lowongan/<int:pk>/kirim/", views.VacancySubmitView.as_view(), name="vacancy_submit"),
    path("lowongan/<int:pk>/tutup/", views.VacancyCloseView.as_view(), name="vacancy_close"),
    path("lowongan/<int:pk>/perpanjang/", views.VacancyCloseDateView.as_view(action="extend"), name="vacancy_extend"),
    path("lowongan/<int:pk>/buka-lagi/", views.VacancyCloseDateView.as_view(action="reopen"), name="vacancy_reopen"),
    path("lowongan/<int:pk>/masih-buka/", views.VacancyConfirmOpenView.as_view(), name="vacancy_confirm_open"),
    path("lowongan/<int:pk>/kandidat/", views.VacancyCandidatesView.as_view(), name="vacancy_candidates"),
    path("rujukan/<int:pk>/hasil/", views.ReferralResultView.as_view(), name="referral_result"),
    path("rujukan/<int:pk>/surat-ak5/", EmployerReferralLetterView.as_view(), name="referral_letter"),
    path("penempatan/", views.PlacementListView.as_view(), name="placement_list"),
    path("penempatan/baru/", views.PlacementCreateView.as_view(), name="placement_create"),
    path("penempatan/<int:pk>/kirim-ulang/", views.PlacementResubmitView.as_view(), name="placement_resubmit"),
    path("profil/", company_views.CompanyProfileView.as_view(), name="company_profile"),
    path("anggota/", member_views.MemberListView.as_view(), name="member_list"),
    path("anggota/<int:pk>/peran/", member_views.MemberRoleView.as_view(), name="member_role"),
    path("anggota/<int:pk>/hapus/", member_views.MemberRemoveView.as_view(), name="member_remove"),
    path(
        "anggota/undangan/<int:pk>/kirim-ulang/", member_views.InvitationResendView.as_view(), name="invitation_resend"
    ),
    path("anggota/undangan/<int:pk>/batal/", member_views.InvitationCancelView.as_view(), name="invitation_cancel"),
    path("rencana/", plan_views.PlanListView.as_view(), name="plan_list"),
    path("rencana/baru/", plan_views.PlanCreateView.as_view(), name="plan_create"),
    path("rencana/<int:year>/", plan_views.PlanDetailView.as_view(), name="plan_detail"),
    path("rencana/<int:year>/kirim/", plan_views.PlanSubmitView.as_view(), name="plan_submit"),
    path("rencana/<int:year>/perubahan/", plan_views.PlanAmendView.as_view(), name="plan_amend"),
    path(
        "rencana/<int:year>/kebutuhan/<int:line_id>/hapus/",
        plan_views.PlanLineRemoveView.as_view(),
        name="plan_line_remove",
    ),
    path("ekspor/", export_views.ExportListView.as_view(), name="export_list"),
    re_path(
        r"^ekspor/(?P<slug>[a-z]+)\.(?P<file_format>xlsx|csv)$",
        export_views.ExportDownloadView.as_view(),
        name="export_download",
    ),
    path("undangan/<str:token>/", member_views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
