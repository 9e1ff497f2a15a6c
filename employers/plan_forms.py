"""Forms of the manpower plan pages: one need (line), the year to file, an amendment's reason."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from bontang_aker.reference.models import KbjiGroup
from employers.manpower_plans import LINE_FIELDS
from employers.models import ManpowerPlanLine


class PlanLineForm(forms.ModelForm):
    """The model's `clean` asks for the reason of a non-local need, on its field."""

    class Meta:
        model = ManpowerPlanLine
        fields = LINE_FIELDS
        widgets = {
            "expectation": forms.RadioSelect,
            "non_local_reason": forms.Textarea(attrs={"rows": 3}),
            "count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = KbjiGroup.objects.active()
        self.fields["occupation"].empty_label = _("Choose an occupation")

    def line_values(self) -> dict:
        return {field: self.cleaned_data[field] for field in LINE_FIELDS}


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1, max_value=9999, widget=forms.HiddenInput)


class PlanAmendForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed since the plan was submitted, e.g. a new contract or a plant turn-around."),
        error_messages={"required": _("Say why the plan changes.")},
    )
