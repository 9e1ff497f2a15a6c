"""Log in, log out and the personal dashboard."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from bontang_aker.accounts.forms import EmailAuthenticationForm
from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS
from employers.models import Vacancy
from employers.permissions import company_of
from jobseekers.models import JobseekerProfile

GROUP_LABELS = {
    GROUP_PETUGAS: _("Job placement officer (petugas antar kerja)"),
    GROUP_KEPALA_BIDANG: _("Head of division (kepala bidang)"),
}

# Admin pages a staff member is offered, each shown only with the permission it needs.
# The admin registers these models; an unregistered one is simply left out.
STAFF_LINKS = [
    (
        "jobseekers.verify_akicard",
        "admin:jobseekers_akicard_changelist",
        "?status__exact=requested",
        _("AK/I card requests to verify"),
    ),
    (
        "employers.verify_company",
        "admin:employers_company_changelist",
        "?status__exact=pending",
        _("Companies awaiting verification"),
    ),
    (
        "employers.moderate_vacancy",
        "admin:employers_vacancy_changelist",
        "?status__exact=in_review",
        _("Vacancies awaiting review"),
    ),
    ("placements.review_placement", "admin:placements_placement_changelist", "", _("Placement reports")),
]


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0): a link or prefetch must not end a session."""


class DashboardView(LoginRequiredMixin, TemplateView):
    """Each role sees a summary of its own records only, looked up from `request.user`."""

    template_name = "accounts/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.is_jobseeker:
            context.update(self._jobseeker_summary(user))
        elif user.is_employer:
            context.update(self._employer_summary(user))
        if user.is_staff:
            context.update(self._staff_summary(user))
        return context

    @staticmethod
    def _jobseeker_summary(user) -> dict:
        profile = JobseekerProfile.objects.select_related("kelurahan__kecamatan").filter(user=user).first()
        card = None
        if profile is not None:
            # The card in progress or in force; otherwise the most recent one, as history.
            card = profile.aki_cards.open().first() or profile.aki_cards.order_by("-requested_at").first()
        return {"profile": profile, "card": card}

    @staticmethod
    def _employer_summary(user) -> dict:
        company = company_of(user)
        counts = []
        if company is not None:
            by_status = dict(
                Vacancy.objects.filter(company=company)
                .order_by()
                .values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            counts = [(value, label, by_status.get(value, 0)) for value, label in Vacancy.Status.choices]
        return {
            "company": company,
            "membership": getattr(user, "company_membership", None),
            "vacancy_counts": counts,
            "vacancy_total": sum(n for _value, _label, n in counts),
        }

    @staticmethod
    def _staff_summary(user) -> dict:
        groups = [GROUP_LABELS.get(name, name) for name in user.groups.values_list("name", flat=True)]
        links = []
        for permission, url_name, query, label in STAFF_LINKS:
            if not user.has_perm(permission):
                continue
            try:
                links.append((reverse(url_name) + query, label))
            except NoReverseMatch:
                continue
        return {"staff_groups": groups, "staff_links": links}
