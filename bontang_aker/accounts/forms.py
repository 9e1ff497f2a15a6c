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


class PasswordResetRequestForm(forms.Form):
    """The address to send a reset link to; whether it has an account is never shown."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address, for example nama@contoh.id."),
        },
    )


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("We send a link to this address; the change happens when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter the new email address."),
            "invalid": _("Enter a valid email address, for example nama@contoh.id."),
        },
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        help_text=_("So that nobody else can change your address on a device you left logged in."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )
