"""Log in and log out; the personal dashboard is in portal/views.py (it reads every app)."""

from django.contrib.auth import views as auth_views

from bontang_aker.accounts.forms import EmailAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's default since 5.0): a link or prefetch must not end a session."""
