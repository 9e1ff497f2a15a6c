"""Pages of the employers app."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from bontang_aker.core.forms import add_service_errors
from employers import services
from employers.forms import EmployerRegistrationForm


class EmployerRegisterView(FormView):
    template_name = "employers/register.html"
    form_class = EmployerRegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("accounts:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        account, data = form.account_data()
        try:
            company = services.employer_register(account_email=account["email"], password=account["password"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        login(self.request, company.members.get().user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Your company is registered. Disnaker will verify it; you can prepare vacancy reports in the meantime."),
        )
        return redirect("accounts:dashboard")
