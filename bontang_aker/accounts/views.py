"""Log in and out, and the account page: the address, its verification, a new address, the password.

The personal dashboard is in portal/views.py (it reads every app). Links mailed to a person
(verify the address, confirm a new one) open a page that says what the link will do; the
change itself is a POST from that page, so a mail scanner following links changes nothing.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View, i18n
from django.views.generic import FormView, TemplateView

from bontang_aker.accounts import services
from bontang_aker.accounts.forms import EmailAuthenticationForm, EmailChangeForm, PasswordResetRequestForm
from bontang_aker.accounts.permissions import has_staff_privileges
from bontang_aker.core.client_address import client_ip


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0): a link or prefetch must not end a session."""


class AccountView(LoginRequiredMixin, TemplateView):
    """The signed-in person's address, whether it is verified, and the ways to change address or password."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "email_verified": services.user_email_verified(user),
                "is_staff_account": has_staff_privileges(user),
                "pending_change": services.email_change_pending(user=user),
                "hours": services.email_verification_hours(),
            }
        )
        return context


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class EmailVerificationResendView(LoginRequiredMixin, View):
    def post(self, request):
        try:
            services.email_verification_resend(user=request.user)
        except services.RateLimited as limited:
            messages.error(request, limited.message)
        except ValidationError as error:
            for message in error.messages:
                messages.info(request, message)
        else:
            messages.success(
                request,
                _("We sent a new link to %(email)s. Check your inbox (and the spam folder).")
                % {"email": request.user.email},
            )
        return redirect(_safe_next(request, reverse("accounts:account")))


def _after_link(request, outcome: services.LinkOutcome):
    """Where a person lands after a link did its work: their account page, or the login to reach it."""
    if request.user.is_authenticated and request.user.pk == outcome.user.pk:
        return redirect("accounts:account")
    return redirect("accounts:login")


class EmailVerifyView(View):
    """The link mailed after sign-up: GET says what it will do, POST verifies."""

    template_name = "accounts/email_verify.html"

    def get(self, request, token):
        outcome = services.email_verification_check(token=token)
        return render(request, self.template_name, {"result": outcome.result.value, "token": token})

    def post(self, request, token):
        outcome = services.email_verify(token=token)
        if outcome.result is services.LinkResult.DONE:
            messages.success(request, _("Thank you: your email address is verified."))
            return _after_link(request, outcome)
        return render(request, self.template_name, {"result": outcome.result.value, "token": token})


class EmailChangeView(LoginRequiredMixin, FormView):
    template_name = "accounts/email_change_form.html"
    form_class = EmailChangeForm

    def form_valid(self, form):
        try:
            mail = services.email_change_request(
                user=self.request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
            )
        except services.RateLimited as limited:
            form.add_error(None, limited.message)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        # The same answer whether or not the address already has an account.
        messages.success(
            self.request,
            _(
                "We sent a link to %(email)s. Open it within %(hours)d hours to finish the change; "
                "until then your address stays as it is."
            )
            % {"email": mail.address, "hours": services.email_verification_hours()},
        )
        return redirect("accounts:account")


class EmailChangeConfirmView(View):
    """The link mailed to a new address: GET says what it will do, POST makes the change."""

    template_name = "accounts/email_change_confirm.html"

    def get(self, request, token):
        outcome, mail = services.email_change_check(token=token)
        context = {"result": outcome.result.value, "token": token, "new_email": mail.address if mail else ""}
        return render(request, self.template_name, context)

    def post(self, request, token):
        outcome = services.email_change_confirm(token=token)
        if outcome.result is services.LinkResult.DONE:
            messages.success(
                request,
                _("Your email address is now %(email)s. Log in with it from now on.") % {"email": outcome.user.email},
            )
            return _after_link(request, outcome)
        return render(request, self.template_name, {"result": outcome.result.value, "token": token})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session logged in
        services.password_changed(user=form.user)
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and always answers the same, whether or not it has an account."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            services.password_reset_request(email=form.cleaned_data["email"], client_ip=client_ip(self.request))
        except services.RateLimited as limited:
            form.add_error(None, limited.message)
            return self.form_invalid(form)
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, by_reset=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def set_language(request):
    """Django's language switch, which also keeps the choice on the account: the mail follows it."""
    response = i18n.set_language(request)
    code = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if user.is_authenticated and code in dict(settings.LANGUAGES) and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
