"""Forms of the employers app: they validate and shape input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import NewAccountForm, allow_typed_separators
from bontang_aker.reference.models import Kelurahan
from employers.models import Company


class EmployerRegistrationForm(NewAccountForm, forms.ModelForm):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    position = forms.CharField(
        label=_("Your position"), max_length=100, required=False, help_text=_("For example HR manager.")
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_form",
            "ownership",
            "nib",
            "npwp",
            "kbli_code",
            "address",
            "kelurahan",
            "phone",
            "email",
            "website",
        ]
        widgets = {
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "npwp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "kbli_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = ["account_email", "password1", "password2", "full_name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.active().select_related("kecamatan")
        self.fields["kelurahan"].empty_label = _("— outside Bontang —")
        allow_typed_separators(self, "nib", "npwp")

    def _post_clean(self):
        # The service validates and normalises the company (NIB, NPWP, KBLI, phone) when it saves;
        # skipping the ModelForm's own instance validation reports each problem once.
        pass
