"""The jobseeker's pages of the single channel: apply, my applications, withdraw, my own hire reports, my log."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from bontang_aker.core.forms import add_service_errors
from employers.models import Vacancy
from jobseekers.mixins import JobseekerRequiredMixin
from placements import hire_reports, selectors, services
from placements.forms import ApplyForm, HireReportForm, WithdrawForm
from placements.hire_reports import normalized_company_name
from placements.job_search_log import (
    job_search_log,
    job_search_log_csv,
    job_search_log_filename,
    job_search_log_pdf,
)
from placements.models import JobseekerHireReport

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

    def get_context_data(self, **kwargs):
        return super().get_context_data(hire_reports=selectors.hire_report_list_for(jobseeker=self.profile), **kwargs)


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
                "callup": self.profile.callups.filter(vacancy=vacancy).first(),  # an AK/IV to this vacancy
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


# The jobseeker's own hire report ("lapor diterima kerja") ---------------------------------------------------


class HireReportCreateView(JobseekerRequiredMixin, FormView):
    """Report that I was hired: type the company (then choose it when registered), the job and the first day.

    A first send looks the typed name up among registered companies: one company of exactly that
    name is taken; several near ones are offered as a choice on the same page, everything typed
    kept; none means the company is kept as typed (flagged for staff).
    """

    template_name = "placements/hire_report_form.html"
    form_class = HireReportForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            typed = self.request.POST.get("company_name", "")[:200]
            kwargs["candidates"] = selectors.registered_company_search(query=typed)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS,
            reports=selectors.hire_report_list_for(jobseeker=self.profile)[:5],
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        choice = data.get("company") or ""
        if choice == HireReportForm.OTHER:
            company_id = None
        elif choice:
            company_id = int(choice)
        else:
            typed = normalized_company_name(data["company_name"]).casefold()
            exact = [c for c in form.candidates if normalized_company_name(c.name).casefold() == typed]
            if len(exact) == 1:
                company_id = exact[0].pk
            elif form.candidates:  # let the jobseeker choose, on the same page, with everything kept
                if self.request.POST.get("company_asked"):  # the list was shown and nothing was chosen
                    form.add_error("company", _("Choose one of the companies listed, or the last choice."))
                    return self.form_invalid(form)
                return self.render_to_response(self.get_context_data(form=form))
            else:
                company_id = None
        try:
            report = hire_reports.jobseeker_hire_report(
                jobseeker=self.profile,
                by=self.request.user,
                company_id=company_id,
                company_name=data["company_name"],
                position=data["position"],
                start_date=data["start_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your hire report is sent to Disnaker."))
        return redirect("placements:hire_report_detail", pk=report.pk)


class HireReportDetailView(JobseekerRequiredMixin, DetailView):
    """One of my own hire reports, with what happens next; anyone else's is a 404."""

    template_name = "placements/hire_report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return selectors.hire_report_list_for(jobseeker=self.profile)

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS,
            deadline=hire_reports.hire_report_deadline(report.start_date),
            is_late=JobseekerHireReport.Flag.LATE in report.flags,
            employer_reported=report.placement_id is not None,
            company_registered=report.company_id is not None,
            **kwargs,
        )


# The job-search log (riwayat pencarian kerja) ----------------------------------------------------------------


class JobSearchLogView(JobseekerRequiredMixin, TemplateView):
    template_name = "placements/job_search_log.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(log=job_search_log(jobseeker=self.profile), **kwargs)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a shared cache
    return response


class JobSearchLogPdfView(JobseekerRequiredMixin, View):
    """The log as proof to hand in (e.g. to BPJS Ketenagakerjaan for JKP): in Indonesian, like the AK/I card,
    whatever the page's language. The CSV and the page stay in the person's language."""

    def get(self, request):
        with translation.override(settings.LANGUAGE_CODE):
            log = job_search_log(jobseeker=self.profile)
            content = job_search_log_pdf(log)
        return _download(content, content_type="application/pdf", filename=job_search_log_filename(log, "pdf"))


class JobSearchLogCsvView(JobseekerRequiredMixin, View):
    def get(self, request):
        log = job_search_log(jobseeker=self.profile)
        return _download(
            job_search_log_csv(log),
            content_type="text/csv; charset=utf-8",
            filename=job_search_log_filename(log, "csv"),
        )
