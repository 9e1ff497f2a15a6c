"""Forms of the employers app: they validate and shape input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import AsciiDateField, AsciiIntegerField, NewAccountForm, allow_typed_separators
from bontang_aker.core.validators import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from employers.models import Company, Vacancy
from placements.models import Referral

# The company's identifiers and contact, as the sign-up and the company details page both ask them.
COMPANY_WIDGETS = {
    "nib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    "npwp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    "kbli_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    "phone": forms.TextInput(attrs={"inputmode": "tel"}),
    "address": forms.Textarea(attrs={"rows": 2}),
}


class EmployerRegistrationForm(NewAccountForm, forms.ModelForm):
    # Fields of the account and the membership, not of the company: validated here like the model's.
    full_name = forms.CharField(
        label=_("Your full name"), max_length=MAX_NAME_LENGTH, validators=[validate_no_control_characters]
    )
    position = forms.CharField(
        label=_("Your position"),
        max_length=100,  # CompanyMember.position
        required=False,
        help_text=_("For example HR manager."),
        validators=[validate_no_control_characters],
    )
    website = forms.URLField(
        label=_("website"),
        max_length=200,  # Company.website
        required=False,
        assume_scheme="https",
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
            "address",
            "kelurahan",
            "phone",
            "email",
            "website",
        ]
        widgets = COMPANY_WIDGETS

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


# The vacancy report (AK/III, Perpres 57/2023 art. 5) in four steps, each saved on its own.
VACANCY_STEPS = [
    (1, _("Job and occupation"), ["title", "occupation", "employment_type", "description"]),
    (
        2,
        _("Requirements"),
        [
            "min_education",
            "majors",
            "skills",
            "competencies",
            "experience_years_min",
            "age_min",
            "age_max",
            "sex_requirement",
            "sex_justification",
        ],
    ),
    (
        3,
        _("Conditions"),
        [
            "openings",
            "openings_male",
            "openings_female",
            "wage_min",
            "wage_max",
            "wage_period",
            "work_kelurahan",
            "work_location",
            "open_date",
            "close_date",
        ],
    ),
    (4, _("Other information and review"), ["other_information"]),
]
VACANCY_STEP_NUMBERS = [number for number, _title, _fields in VACANCY_STEPS]


class VacancyForm(forms.ModelForm):
    """Every field of the report; `step` keeps only one step's fields (the edit pages)."""

    skills = forms.ModelMultipleChoiceField(
        label=_("skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the skills the job needs."),
    )

    class Meta:
        model = Vacancy
        fields = [name for _number, _title, names in VACANCY_STEPS for name in names]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "competencies": forms.Textarea(attrs={"rows": 3}),
            "sex_justification": forms.Textarea(attrs={"rows": 2}),
            "other_information": forms.Textarea(attrs={"rows": 4}),
            "sex_requirement": forms.RadioSelect,
            "open_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "close_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "openings": forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
            "openings_male": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "openings_female": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "wage_min": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "wage_max": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        }
        # Numbers and dates typed in another script's digits are read as ASCII (bontang_aker.core.forms).
        field_classes = {
            **dict.fromkeys(["open_date", "close_date"], AsciiDateField),
            **dict.fromkeys(
                [
                    "openings",
                    "openings_male",
                    "openings_female",
                    "age_min",
                    "age_max",
                    "experience_years_min",
                    "wage_min",
                    "wage_max",
                ],
                AsciiIntegerField,
            ),
        }
        help_texts = {
            "title": _("As it will be advertised, e.g. Operator Produksi."),
            "majors": _("For example Teknik Kimia, Teknik Mesin; leave empty when any field of study will do."),
            "openings_male": _("Optional split of the openings by sex (IPK statistics)."),
            "wage_min": _("In rupiah, digits only, e.g. 4500000."),
            "other_information": _(
                "Selection stages and tests, working hours, facilities, documents to bring: anything else for "
                "the jobseeker."
            ),
        }

    def __init__(self, *args, step: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if step is not None:
            keep = next(names for number, _title, names in VACANCY_STEPS if number == step)
            for name in list(self.fields):
                if name not in keep:
                    del self.fields[name]
        querysets = {
            "occupation": KbjiGroup.objects.active().order_by("code"),
            "min_education": EducationLevel.objects.active().order_by("rank"),
            "work_kelurahan": Kelurahan.objects.active().select_related("kecamatan"),
            "skills": Skill.objects.active().order_by("name"),
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        if "work_kelurahan" in self.fields:
            self.fields["work_kelurahan"].empty_label = _("— outside Bontang —")
        if "skills" in self.fields and self.instance.pk and not self.is_bound:
            self.initial["skills"] = list(self.instance.skills.values_list("pk", flat=True))

    def _post_clean(self):
        # The service validates the whole report when it saves (a step's rules can involve fields
        # of other steps); its errors are shown on the fields here, each once.
        pass

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if "skills" in data:
            data["skills"] = list(data["skills"])
        return data


class ReferralResultForm(forms.Form):
    """One step or the outcome of a referred candidate's selection."""

    CHOICES = [
        ("invited", _("Invited to the selection")),
        ("interviewed", _("Tested or interviewed")),
        (Referral.Status.ACCEPTED, _("Hired")),
        (Referral.Status.NOT_ACCEPTED, _("Not selected")),
        (Referral.Status.NO_SHOW, _("Did not attend")),
    ]

    result = forms.ChoiceField(label=_("Result"), choices=CHOICES, widget=forms.RadioSelect)
    start_date = AsciiDateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only when hired: the first working day."),
    )
    reason = forms.ChoiceField(
        label=_("Reason not selected"),
        required=False,
        choices=[("", _("— choose —")), *Referral.ReasonCategory.choices],
        help_text=_("Only when not selected. Disnaker uses it to advise the jobseeker."),
    )
    notes = forms.CharField(
        label=_("Notes for Disnaker"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Not shown to the candidate."),
    )

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        if result == Referral.Status.ACCEPTED and not cleaned.get("start_date"):
            self.add_error("start_date", _("Enter the date the candidate starts work."))
        if result == Referral.Status.NOT_ACCEPTED and not cleaned.get("reason"):
            self.add_error("reason", _("Choose why the candidate was not selected."))
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        result, stage = data["result"], ""
        if result in {"invited", "interviewed"}:
            result, stage = Referral.Status.IN_SELECTION, data["result"]
        return {
            "result": result,
            "stage": stage,
            "reason": data["reason"] if result == Referral.Status.NOT_ACCEPTED else "",
            "start_date": data["start_date"] if result == Referral.Status.ACCEPTED else None,
            "notes": data["notes"],
        }


class _HireFieldsForm(forms.Form):
    start_date = AsciiDateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    contract_type = forms.ChoiceField(
        label=_("Employment type"),
        choices=[("", _("— as in the vacancy —")), *Vacancy.EmploymentType.choices],
        required=False,
    )
    wage = AsciiIntegerField(
        label=_("Agreed wage (Rp)"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        help_text=_("In rupiah per wage period of the vacancy, digits only."),
    )


class ReferralPlacementForm(_HireFieldsForm):
    """The hire report for a referred candidate: everything else comes from the referral and the vacancy.

    As in the API, the start date may stay empty: the one recorded with the "hired" result is used.
    """

    start_date = AsciiDateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The first working day. Left empty: the start date recorded with the result “hired”."),
    )


class OutsidePlacementForm(_HireFieldsForm):
    """A hire the portal did not refer, by AK/I card number or NIK with the person's name and birth date.

    Disnaker checks it; the answer is the same whatever the number (placements.services).
    """

    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=Vacancy.objects.none())
    card_number = forms.CharField(
        label=_("AK/I card number"),
        required=False,
        max_length=30,
        validators=[validate_no_control_characters],
        help_text=_("As printed on the card (kartu kuning)."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("When the person has no AK/I card number at hand: the 16 digits on the KTP."),
    )
    # With the number, so the form checks a person the company knows instead of looking a number up.
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=MAX_NAME_LENGTH,
        validators=[validate_no_control_characters],
        help_text=_("As on the KTP."),
    )
    birth_date = AsciiDateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    field_order = ["vacancy", "card_number", "nik", "full_name", "birth_date", "start_date", "contract_type", "wage"]

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = Vacancy.objects.filter(
            company=company, status__in=[Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED]
        ).order_by("-published_at", "-pk")

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("card_number", "").strip()) == bool(cleaned.get("nik", "").strip()):
            self.add_error("card_number", _("Enter either the AK/I card number or the NIK."))
        return cleaned


class PlacementResubmitForm(_HireFieldsForm):
    """The corrections to a hire report Disnaker returned, and what was corrected."""

    note = forms.CharField(
        label=_("What did you correct?"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For Disnaker, with the report."),
    )


class VacancyCloseDateForm(forms.Form):
    """The new closing date of an extension or a reopening; the service checks the limits."""

    close_date = AsciiDateField(
        label=_("New closing date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
