"""The company details form (employers.company_views): it shapes input; company_update validates and saves."""

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import AsciiIntegerField, allow_typed_separators
from bontang_aker.core.validators import MAX_NAME_LENGTH, validate_no_control_characters
from bontang_aker.reference.models import Kelurahan
from employers.forms import COMPANY_WIDGETS
from employers.models import MAX_OTHER_KBLI_CODES, Company


class CompanyProfileForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"),
        max_length=200,  # Company.website
        required=False,
        assume_scheme="https",
        validators=[validate_no_control_characters],
    )
    other_kbli_codes = SimpleArrayField(
        forms.CharField(max_length=32),  # separators are dropped by the service; it checks each code
        label=_("other KBLI 2020 codes"),
        required=False,
        max_length=MAX_OTHER_KBLI_CODES,
        help_text=_("Further lines of business, 5 digits each, separated by commas."),
    )
    main_contractor_nib = forms.CharField(
        label=_("NIB of the main contractor"),
        required=False,
        max_length=32,
        help_text=_(
            "Only for a subcontractor: the NIB of the company it works for in Bontang, which must be verified "
            "by Disnaker. Leave empty otherwise."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(
        label=_("contact person"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        help_text=_("Whom Disnaker calls about vacancies and referrals."),
        validators=[validate_no_control_characters],
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "legal_form",
            "ownership",
            "nib",
            "npwp",
            "kbli_code",
            "other_kbli_codes",
            "address",
            "kelurahan",
            "phone",
            "email",
            "website",
            "contact_name",
            "contact_position",
            "workforce_local",
            "workforce_non_local",
            "workforce_disabled",
        ]
        widgets = {
            **COMPANY_WIDGETS,
            **dict.fromkeys(
                ["workforce_local", "workforce_non_local", "workforce_disabled"],
                forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            ),
        }
        field_classes = dict.fromkeys(
            ["workforce_local", "workforce_non_local", "workforce_disabled"], AsciiIntegerField
        )
        help_texts = {
            "name": _("The legal name, as in OSS. A change is checked by Disnaker again."),
            "ownership": _(
                "Sets the disability quota: 1 percent of the workforce for private companies, 2 percent for BUMN, "
                "BUMD and government. A change is checked by Disnaker again."
            ),
            "workforce_disabled": _("Counted among the local and non-local workers above."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.active().select_related("kecamatan")
        self.fields["kelurahan"].empty_label = _("— outside Bontang —")
        allow_typed_separators(self, "nib", "npwp", "kbli_code")
        if not self.is_bound and self.instance.pk:
            contractor = self.instance.main_contractor
            self.initial["main_contractor_nib"] = contractor.nib if contractor else ""

    def _post_clean(self):
        # company_update normalises and validates the whole company when it saves; its errors are
        # shown on the fields here, each once (as on the sign-up form).
        pass
