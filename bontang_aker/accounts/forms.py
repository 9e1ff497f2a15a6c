"""Log in with an email address instead of a username."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form with the `username` field shown and validated as an email address.

    The field keeps the name `username` so LoginView, the admin login and the auth backend
    (which looks up `USERNAME_FIELD`, the email) work unchanged.
    """

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, for example nama@contoh.id."),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    error_messages = {
        "invalid_login": _("The email address or password is not correct. Check both and try again."),
        "inactive": _("This account has been deactivated. Contact Disnaker Kota Bontang."),
    }
