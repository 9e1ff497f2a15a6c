"""Helpers shared by the apps' forms."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import normalize_digits


def add_service_errors(form: forms.BaseForm, error: ValidationError, field_map: dict | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top.

    `field_map` renames the service's keys to the form's field names.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        field = (field_map or {}).get(key, key)
        form.add_error(field if field in form.fields else None, errors)


class NewAccountForm(forms.Form):
    """Email and a password typed twice, for sign-up forms; mix in before a ModelForm."""

    account_email = forms.EmailField(
        label=_("Email"),
        max_length=254,  # the length of User.email
        help_text=_("You log in with this address."),
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

    def account_data(self) -> tuple[dict, dict]:
        """Split cleaned data into (email and password, everything else)."""
        data = dict(self.cleaned_data)
        account = {"email": data.pop("account_email"), "password": data.pop("password1")}
        data.pop("password2")
        return account, data


def allow_typed_separators(form: forms.BaseForm, *names: str, max_length: int = 32) -> None:
    """Let people type identifiers with dots, dashes and spaces ("01.234.567.8-901.000").

    The model column holds digits only; the service strips the separators before validating.
    """
    for name in names:
        field = form.fields[name]
        field.max_length = max_length
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs["maxlength"] = str(max_length)


# Digits in any script ------------------------------------------------------------------------
#
# The portal's policy for numbers and identifiers typed in another script's digits (fullwidth
# ９, Arabic-Indic ٤): they are read as the ASCII digit they show (NFKC, then every Unicode
# decimal digit to 0–9), the way int() already reads them; whatever is still not ASCII is
# refused with the field's own message. So `?company=٤` means company 4, `٢٠٢٦-٠١-٠١` is
# 2026-01-01, and ９１２０… is the same NIB as 9120…. Nothing non-ASCII reaches the database.


class AsciiIntegerField(forms.IntegerField):
    """A whole number: other scripts' digits are read as ASCII, anything else int() allows is not.

    `int()` alone accepts `1_000` and any script's digits; this field accepts exactly the
    ASCII form after normalisation (an optional sign, digits, and Django's trailing `.0`).
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value).strip()
            if not value.isascii() or "_" in value:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class AsciiDateField(forms.DateField):
    """A date whose digits may be typed in another script; they are read as ASCII digits."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_digits(value)
        return super().to_python(value)
