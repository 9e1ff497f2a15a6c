"""The API, mounted at /api/: version 1 under v1/, its OpenAPI schema and browsable docs.

URL names live in the `api` namespace: `api:vacancy-list`, `api:auth-token`, `api:schema`.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from bontang_aker.accounts.api import (
    EmailVerificationResendView,
    EmailVerifyView,
    MeView,
    PasswordResetConfirmView,
    PasswordResetView,
    TokenObtainView,
)
from bontang_aker.notices.api import NoticeViewSet
from bontang_aker.reference.api import EducationLevelViewSet, KelurahanViewSet, OccupationViewSet, SkillViewSet
from employers.api.company import EmployerCompanyView, EmployerRegisterView
from employers.api.employer import EmployerPlacementViewSet, EmployerReferralViewSet, EmployerVacancyViewSet
from employers.api.exports import EmployerExportView
from employers.api.members import EmployerMemberViewSet
from employers.api.plans import EmployerPlanViewSet
from employers.api.sanctions import StaffSanctionCaseViewSet
from employers.api.staff import StaffCompanyViewSet, StaffVacancyRevisionViewSet, StaffVacancyViewSet
from employers.api.viewsets import VacancyViewSet
from jobseekers.api import views as jobseeker_api
from jobseekers.api.nik_conflicts import StaffNikConflictViewSet
from jobseekers.api.privacy import MyConsentView, MyDataAccessView, MyDeletionRequestView
from jobseekers.api.staff import StaffAkiCardViewSet, StaffJobseekerViewSet
from placements.api.hire_reports import MyHireReportViewSet, StaffHireReportViewSet
from placements.api.job_search_log import MyJobSearchLogView
from placements.api.letters import (
    EmployerReferralLetterView,
    MyApplicationLetterView,
    MyCallUpLetterView,
    StaffCallUpViewSet,
)
from placements.api.rotation import StaffRotationPoolViewSet, StaffRotationProposalViewSet
from placements.api.staff import StaffApplicationViewSet, StaffPlacementViewSet
from placements.api.views import MyApplicationViewSet
from portal.api import MyDataExportView, StaffQueuesView
from portal.api_compliance import StaffComplianceViewSet
from portal.api_reasons import StaffDecisionReasonsView
from portal.compliance_views import EmployerComplianceView
from portal.saved_search_api import SavedSearchViewSet
from portal.transparency_views import TransparencyApiView, TransparencyVacancyApiView

app_name = "api"

router = SimpleRouter()
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("employer/vacancies", EmployerVacancyViewSet, basename="employer-vacancy")
router.register("employer/referrals", EmployerReferralViewSet, basename="employer-referral")
router.register("employer/placements", EmployerPlacementViewSet, basename="employer-placement")
router.register("employer/members", EmployerMemberViewSet, basename="employer-member")
router.register("employer/plans", EmployerPlanViewSet, basename="employer-plan")
router.register("reference/kelurahan", KelurahanViewSet, basename="kelurahan")
router.register("reference/education-levels", EducationLevelViewSet, basename="education-level")
router.register("reference/occupations", OccupationViewSet, basename="occupation")
router.register("reference/skills", SkillViewSet, basename="skill")
router.register("me/notices", NoticeViewSet, basename="notice")
router.register("staff/companies", StaffCompanyViewSet, basename="staff-company")
router.register("staff/vacancies", StaffVacancyViewSet, basename="staff-vacancy")
router.register("staff/vacancy-revisions", StaffVacancyRevisionViewSet, basename="staff-vacancy-revision")
router.register("staff/cards", StaffAkiCardViewSet, basename="staff-card")
router.register("staff/jobseekers", StaffJobseekerViewSet, basename="staff-jobseeker")
router.register("staff/nik-conflicts", StaffNikConflictViewSet, basename="staff-nik-conflict")
router.register("staff/applications", StaffApplicationViewSet, basename="staff-application")
router.register("staff/placements", StaffPlacementViewSet, basename="staff-placement")
router.register("staff/compliance", StaffComplianceViewSet, basename="staff-compliance")
router.register("staff/sanction-cases", StaffSanctionCaseViewSet, basename="staff-sanction-case")
router.register("me/applications", MyApplicationViewSet, basename="my-application")
router.register("me/saved-searches", SavedSearchViewSet, basename="my-saved-search")
router.register("me/hire-reports", MyHireReportViewSet, basename="my-hire-report")
router.register("staff/hire-reports", StaffHireReportViewSet, basename="staff-hire-report")
router.register("staff/callups", StaffCallUpViewSet, basename="staff-callup")
router.register("staff/rotation-pools", StaffRotationPoolViewSet, basename="staff-rotation-pool")
router.register("staff/rotation-proposals", StaffRotationProposalViewSet, basename="staff-rotation-proposal")

v1_patterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
    path("auth/verify-email/", EmailVerifyView.as_view(), name="auth-verify-email"),
    path("auth/verify-email/resend/", EmailVerificationResendView.as_view(), name="auth-verify-email-resend"),
    path("auth/password-reset/", PasswordResetView.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", PasswordResetConfirmView.as_view(), name="auth-password-reset-confirm"),
    path("staff/queues/", StaffQueuesView.as_view(), name="staff-queues"),
    path("staff/decision-reasons/", StaffDecisionReasonsView.as_view(), name="staff-decision-reasons"),
    path("employer/compliance/", EmployerComplianceView.as_view(), name="employer-compliance"),
    path("employer/company/", EmployerCompanyView.as_view(), name="employer-company"),
    path("employers/register/", EmployerRegisterView.as_view(), name="employer-register"),
    path("employer/exports/<str:kind>/", EmployerExportView.as_view(), name="employer-export"),
    path("jobseekers/register/", jobseeker_api.JobseekerRegisterView.as_view(), name="jobseeker-register"),
    path("me/profile/", jobseeker_api.MyProfileView.as_view(), name="my-profile"),
    path("me/card/", jobseeker_api.MyCardView.as_view(), name="my-card"),
    path("me/card/request/", jobseeker_api.MyCardRequestView.as_view(), name="my-card-request"),
    path("me/card/report/", jobseeker_api.MyCardReportView.as_view(), name="my-card-report"),
    path("me/documents/", jobseeker_api.MyDocumentsView.as_view(), name="my-documents"),
    path("me/data-access/", MyDataAccessView.as_view(), name="my-data-access"),
    path("me/consent/", MyConsentView.as_view(), name="my-consent"),
    path("me/deletion-request/", MyDeletionRequestView.as_view(), name="my-deletion-request"),
    path("me/export/", MyDataExportView.as_view(), name="my-export"),
    path("me/job-search-log/", MyJobSearchLogView.as_view(), name="my-job-search-log"),
    path("employer/referrals/<int:pk>/letter/", EmployerReferralLetterView.as_view(), name="employer-referral-letter"),
    path("me/applications/<int:pk>/letter/", MyApplicationLetterView.as_view(), name="my-application-letter"),
    path("me/callups/<int:pk>/letter/", MyCallUpLetterView.as_view(), name="my-callup-letter"),
    path("cards/<str:number>/verify/", jobseeker_api.CardVerifyView.as_view(), name="card-verify"),
    path("transparency/", TransparencyApiView.as_view(), name="transparency"),
    path("transparency/vacancies/<int:pk>/", TransparencyVacancyApiView.as_view(), name="transparency-vacancy"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its init script as a separate file and no inline style, so the site-wide
    # Content-Security-Policy needs no exception here (no 'unsafe-inline', no nonce).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
]
