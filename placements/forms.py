"""Forms of the jobseeker's side of the single channel: they validate input; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("Note to Disnaker"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: why this job suits you, or when you can start."),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
