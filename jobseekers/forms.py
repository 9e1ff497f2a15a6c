"""Forms of the jobseekers app: they validate and shape input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import NewAccountForm, allow_typed_separators
from bontang_aker.reference.models import Kelurahan
from jobseekers.models import JobseekerProfile


class JobseekerRegistrationForm(NewAccountForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that Disnaker Kota Bontang processes my personal data to help me find work "
            "(UU 27/2022). My NIK and documents are seen only by me and Disnaker staff."
        ),
        required=True,
        error_messages={"required": _("You must agree to the processing of your personal data to register.")},
    )

    class Meta:
        model = JobseekerProfile
        fields = [
            "nik",
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "phone",
            "ktp_address",
            "kelurahan",
            "resident_since",
            "outside_city",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "resident_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sex": forms.RadioSelect,
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "ktp_address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"nik": _("The 16 digits on your KTP.")}

    field_order = ["account_email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.active().select_related("kecamatan")
        self.fields["kelurahan"].empty_label = _("— outside Bontang —")
        allow_typed_separators(self, "nik")

    def _post_clean(self):
        # The service validates the whole profile (NIK against birth date and sex, domicile)
        # when it saves; skip the ModelForm's own instance validation to report each problem once.
        pass
