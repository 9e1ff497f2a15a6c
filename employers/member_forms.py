"""Forms of the company members pages (employers.members): they validate input; services write."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import MAX_NAME_LENGTH, validate_no_control_characters


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's email address"),
        max_length=254,  # User.email
        help_text=_("They receive a link to join your company. It works for %(days)s days."),
    )

    def __init__(self, *args, days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.fields["email"].help_text % {"days": days}


class InvitationSignupForm(forms.Form):
    """A new visitor's short sign-up: the address is the invitation's (shown, not editable)."""

    email = forms.EmailField(
        label=_("Email"), disabled=True, required=False, help_text=_("You log in with this address.")
    )
    full_name = forms.CharField(
        label=_("Your full name"), max_length=MAX_NAME_LENGTH, validators=[validate_no_control_characters]
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(password1)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
