"""Forms of the jobseeker's side of the single channel: they validate input; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import AsciiDateField
from bontang_aker.core.validators import (
    MAX_NOTE_LENGTH,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)


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


class CompanyChoiceField(forms.ChoiceField):
    """The registered company to choose. Shown as required, but an empty answer passes the form: when the
    list is first shown nothing is chosen yet, and the view asks again (with an error) if it stays empty."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class HireReportForm(forms.Form):
    """The jobseeker's own hire report: the company (registered, chosen from a short list, or typed), the date, the job.

    `candidates` are the registered companies matching the typed name: when there are any, the
    `company` radio list offers them with a last choice to keep the name as typed.
    """

    OTHER = "other"

    company_name = forms.CharField(
        label=_("Company that hired you"),
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_("Type the company's name. If it is registered with the portal, you can then choose it."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    company = CompanyChoiceField(
        label=_("Is it one of these registered companies?"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the companies listed, or the last choice.")},
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_("For example: welder, administration staff, driver."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    start_date = AsciiDateField(
        label=_("First day of work"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["company"].choices = [(str(company.pk), company.name) for company in self.candidates] + [
            (self.OTHER, _("None of these: keep the name as I typed it"))
        ]
