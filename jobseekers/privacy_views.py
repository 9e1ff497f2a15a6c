"""The jobseeker's privacy pages (/pencaker/privasi/...): who has seen my data, consent, deletion.

The JSON download is `portal.views.DataExportView`: it assembles data of every app.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from bontang_aker.core.forms import add_service_errors
from jobseekers import privacy
from jobseekers.forms import ConsentAcceptForm, DeletionRequestForm, ResultsPublicationConsentForm
from jobseekers.mixins import JobseekerRequiredMixin
from jobseekers.selectors import profile_of


class PrivacyView(JobseekerRequiredMixin, ListView):
    """Who has seen my data (staff and companies), my consent, and the ways to download or delete it."""

    template_name = "jobseekers/privacy.html"
    context_object_name = "accesses"
    paginate_by = 25

    def get_queryset(self):
        return privacy.profile_accesses(profile=self.profile)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "profile": self.profile,
                "entries": [(access, privacy.access_viewer_display(access)) for access in context["accesses"]],
                "consent_current": privacy.consent_current_version(),
                "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
                "publication_form": ResultsPublicationConsentForm(
                    initial={"agree": self.profile.results_publication_consent_at is not None}
                ),
            }
        )
        return context


class ResultsPublicationConsentView(JobseekerRequiredMixin, FormView):
    """POST only (the form is on the privacy page): give or withdraw the consent to be named in selection results."""

    form_class = ResultsPublicationConsentForm
    http_method_names = ["post"]

    def form_valid(self, form):
        agree = form.cleaned_data["agree"]
        privacy.results_publication_consent_set(profile=self.profile, agree=agree)
        if agree:
            messages.success(
                self.request,
                _("Thank you: your masked name and card number are now shown with your selection results."),
            )
        else:
            messages.success(
                self.request, _("Your consent is withdrawn: you are no longer named in selection results.")
            )
        return redirect("jobseekers:privacy")

    def form_invalid(self, form):  # a boolean field cannot be wrong; kept for completeness
        return redirect("jobseekers:privacy")


class ConsentView(FormView):
    """The current consent text for anyone; a jobseeker who has not accepted it yet accepts it here."""

    template_name = "jobseekers/consent.html"
    form_class = ConsentAcceptForm

    def dispatch(self, request, *args, **kwargs):
        self.profile = profile_of(request.user)
        self.text = privacy.consent_text()
        return super().dispatch(request, *args, **kwargs)

    def needs_acceptance(self) -> bool:
        return self.profile is not None and privacy.consent_needs_acceptance(user=self.request.user)

    def get_initial(self):
        return {"version": self.text.version if self.text else None}

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url and url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            text=self.text,
            profile=self.profile,
            needs_acceptance=self.needs_acceptance(),
            next_url=self.next_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.profile is None or self.text is None:
            return redirect("jobseekers:consent")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            privacy.consent_accept(profile=self.profile, version=form.cleaned_data["version"])
        except ValidationError as error:
            self.text = privacy.consent_text()  # show the new version to read
            form = self.get_form_class()(initial=self.get_initial())
            for message in error.messages:
                messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, _("Thank you: your consent is recorded."))
        return redirect(self.next_url() or "portal:dashboard")


class DeletionRequestView(JobseekerRequiredMixin, FormView):
    """Ask for deletion: what happens, then the password; the account closes and the person is logged out."""

    template_name = "jobseekers/deletion_request.html"
    form_class = DeletionRequestForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.PERSONAL_DATA_RETENTION_DAYS, **kwargs)

    def form_valid(self, form):
        try:
            privacy.deletion_request_create(profile=self.profile, password=form.cleaned_data["password"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(
            self.request,
            _("Your account is closed and you are logged out. Your personal data will be erased in %(days)d days.")
            % {"days": settings.PERSONAL_DATA_RETENTION_DAYS},
        )
        return redirect("home")
