"""Pages that read several domain apps at once: the home page and each person's dashboard."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS
from employers import public_cache
from employers.models import Vacancy
from employers.permissions import company_of
from employers.selectors import vacancy_attach_reference, vacancy_list_public
from jobseekers.mixins import JobseekerRequiredMixin
from jobseekers.models import JobseekerProfile
from portal.api import staff_queues_for

HOME_VACANCY_COUNT = 10


class HomeView(TemplateView):
    """The entry points for each role (rendered for each visitor) and the latest vacancies (cached)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        html = public_cache.cached("home", [translation.get_language() or ""], lambda: self.render_latest(context))
        context["latest_vacancies_html"] = mark_safe(html)  # noqa: S308 - our own template's output
        return context

    @staticmethod
    def render_latest(context) -> str:
        """The same for every visitor: it must never show who is asking."""
        # One query for the ten newest with their companies (the newest-first index, then ten
        # joins), one for their skills; the reference rows come from memory.
        vacancies = list(
            vacancy_list_public().select_related("company").prefetch_related("skills")[:HOME_VACANCY_COUNT]
        )
        vacancy_attach_reference(vacancies)
        context["vacancies"] = vacancies  # when rendered, not when cached: for tests
        return render_to_string("portal/_latest_vacancies.html", {"vacancies": vacancies})


GROUP_LABELS = {
    GROUP_PETUGAS: _("Job placement officer (petugas antar kerja)"),
    GROUP_KEPALA_BIDANG: _("Head of division (kepala bidang)"),
}


# Admin pages a staff member is offered, each shown only with the permission it needs.
# The admin registers these models; an unregistered one is simply left out.
class DashboardView(LoginRequiredMixin, TemplateView):
    """Each role sees a summary of its own records only, looked up from `request.user`."""

    template_name = "portal/dashboard.html"

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
        return {"staff_groups": groups, "staff_queues": staff_queues_for(user)}


class DataExportView(JobseekerRequiredMixin, View):
    """The jobseeker's own data as one JSON file (/pencaker/privasi/unduh/), assembled above the apps."""

    def get(self, request):
        from portal.privacy import personal_data_export

        data = personal_data_export(profile=self.profile)
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="data-pribadi-{stamp}.json"'
        response["Cache-Control"] = "private, no-store"
        return response
