"""The jobseeker's pages of the single channel: apply, my applications with their timeline, withdraw."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from bontang_aker.core.forms import add_service_errors
from employers.models import Vacancy
from jobseekers.mixins import JobseekerRequiredMixin
from placements import selectors, services
from placements.forms import ApplyForm, WithdrawForm

# Where each blocker on the apply page sends the jobseeker to fix it.
BLOCKER_STEPS = {
    "aki_card": "jobseekers:card",
    "education": "jobseekers:profile_education",
}
# Vacancies a jobseeker may look at here: published once (closed and filled ones say so); others are a 404.
VISIBLE_VACANCY_STATUSES = [Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.FILLED]


class ApplicationListView(JobseekerRequiredMixin, ListView):
    template_name = "placements/application_list.html"
    context_object_name = "applications"
    paginate_by = 20

    def get_queryset(self):
        return selectors.application_list_for(jobseeker=self.profile)


class ApplicationDetailView(JobseekerRequiredMixin, DetailView):
    """One of the jobseeker's own applications with its timeline; anyone else's is a 404."""

    template_name = "placements/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return selectors.application_list_for(jobseeker=self.profile).select_related(
            "vacancy__min_education", "vacancy__work_kelurahan"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            {
                "timeline": selectors.application_timeline(application),
                "can_withdraw": selectors.can_withdraw_application(application),
                "withdraw_form": WithdrawForm(),
            }
        )
        return context


class ApplyView(JobseekerRequiredMixin, FormView):
    """GET: the vacancy and either the form (with an optional note) or what is missing first. POST: apply."""

    template_name = "placements/apply.html"
    form_class = ApplyForm

    def get_vacancy(self) -> Vacancy:
        if not hasattr(self, "vacancy"):
            self.vacancy = get_object_or_404(
                Vacancy.objects.select_related("company", "min_education", "occupation", "work_kelurahan"),
                pk=self.kwargs["vacancy_id"],
                status__in=VISIBLE_VACANCY_STATUSES,
            )
        return self.vacancy

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancy = self.get_vacancy()
        blockers = selectors.application_blockers(jobseeker=self.profile, vacancy=vacancy)
        existing = self.profile.applications.filter(vacancy=vacancy).first()
        context.update(
            {
                "vacancy": vacancy,
                "blockers": [(blocker, _blocker_url(blocker)) for blocker in blockers],
                "existing": existing,
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        self.get_vacancy()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_vacancy()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            application = services.application_submit(
                jobseeker=self.profile, vacancy_id=self.vacancy.pk, motivation=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"motivation": "note"})
            return self.form_invalid(form)
        messages.success(
            self.request, _("Your application is sent. Disnaker checks it and refers candidates to the employer.")
        )
        return redirect("placements:application_detail", pk=application.pk)


def _blocker_url(blocker) -> str:
    name = BLOCKER_STEPS.get(blocker.code)
    return reverse(name) if name else ""


class ApplicationWithdrawView(JobseekerRequiredMixin, View):
    """Withdraw one's own application while Disnaker has not referred it yet."""

    def post(self, request, pk):
        application = get_object_or_404(selectors.application_list_for(jobseeker=self.profile), pk=pk)
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect("placements:application_detail", pk=pk)
        try:
            services.application_withdraw(
                application_id=application.pk, by=request.user, note=form.cleaned_data["note"]
            )
        except services.TransitionError:
            messages.error(
                request, _("This application can no longer be withdrawn: Disnaker has already referred or decided it.")
            )
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("placements:application_detail", pk=pk)
