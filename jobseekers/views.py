"""Pages of the jobseekers app."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from bontang_aker.core.forms import add_service_errors
from jobseekers import services
from jobseekers.forms import JobseekerRegistrationForm


class JobseekerRegisterView(FormView):
    template_name = "jobseekers/register.html"
    form_class = JobseekerRegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("accounts:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        account, data = form.account_data()
        try:
            profile = services.jobseeker_register(**account, **data)
        except ValidationError as error:
            add_service_errors(form, error, field_map={"email": "account_email"})
            return self.form_invalid(form)
        login(self.request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request, _("Welcome! Your account is ready. Next: complete your profile and request your AK/I card.")
        )
        return redirect("accounts:dashboard")
