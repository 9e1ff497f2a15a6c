"""Forms of the jobseekers app: they validate and shape input; services do the writing."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.forms import AsciiDateField, AsciiIntegerField, NewAccountForm, allow_typed_separators
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from jobseekers.models import Document, EducationEntry, ExperienceEntry, JobseekerProfile


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
        # Dates typed in another script's digits are read as ASCII (see bontang_aker.core.forms).
        field_classes = {"birth_date": AsciiDateField, "resident_since": AsciiDateField}

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


# The jobseeker's profile steps ---------------------------------------------------------------------------

DATE_WIDGET = {"type": "date"}
# Rupiah a month: above any real wage, below PostgreSQL's integer limit.
MAX_EXPECTED_WAGE = 1_000_000_000


class ServiceValidatedModelForm(forms.ModelForm):
    """The service validates the whole record when it saves; skip the instance validation, report each problem once."""

    def _post_clean(self):
        pass


class PersonalDataForm(ServiceValidatedModelForm):
    class Meta:
        model = JobseekerProfile
        fields = [
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "marital_status",
            "religion",
            "phone",
            "ktp_address",
            "kelurahan",
            "resident_since",
            "outside_city",
            "has_disability",
            "disability_note",
            "is_poor_household",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "resident_since": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "sex": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "ktp_address": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"birth_date": AsciiDateField, "resident_since": AsciiDateField}

    def __init__(self, *args, identity_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.active().select_related("kecamatan")
        self.fields["kelurahan"].empty_label = _("— outside Bontang —")
        self.fields["religion"].required = True  # printed on the AK/I card
        if identity_locked:
            locked_help = _("Checked against your KTP for your AK/I card: ask Disnaker to correct it.")
            for name in ("full_name", "birth_place", "birth_date", "sex"):
                self.fields[name].disabled = True
                self.fields[name].help_text = locked_help


class EducationEntryForm(ServiceValidatedModelForm):
    class Meta:
        model = EducationEntry
        fields = ["level", "institution", "major", "graduation_year", "score"]
        widgets = {"graduation_year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1950, "max": 2100})}
        field_classes = {"graduation_year": AsciiIntegerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = EducationLevel.objects.active().order_by("rank")
        self.fields["score"].widget.attrs["inputmode"] = "decimal"


class ExperienceEntryForm(ServiceValidatedModelForm):
    class Meta:
        model = ExperienceEntry
        fields = ["employer_name", "position", "occupation", "start_date", "end_date", "description"]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"start_date": AsciiDateField, "end_date": AsciiDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = KbjiGroup.objects.active().filter(parent__isnull=True).order_by("code")


class SkillSearchForm(forms.Form):
    """The GET text box that narrows the skill list: works without JavaScript."""

    cari = forms.CharField(label=_("Search skills"), required=False, max_length=100)


class SkillsForm(forms.Form):
    skills = forms.ModelMultipleChoiceField(
        label=_("My skills"),
        queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick every skill you have. Skills you already chose stay in the list."),
    )

    def __init__(self, *args, choices_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active skill may be posted: a search narrows what is shown, not what may be kept.
        self.fields["skills"].queryset = Skill.objects.active().order_by("name")
        self.shown = choices_queryset if choices_queryset is not None else self.fields["skills"].queryset


class PreferencesForm(ServiceValidatedModelForm):
    expected_wage = AsciiIntegerField(
        label=_("expected monthly wage (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_EXPECTED_WAGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 50000}),
        help_text=_("In rupiah, without dots, e.g. 4500000."),
    )

    class Meta:
        model = JobseekerProfile
        fields = ["preferred_occupations", "expected_wage", "willing_to_work_outside_bontang", "about"]
        widgets = {"preferred_occupations": forms.CheckboxSelectMultiple, "about": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_occupations"].queryset = (
            KbjiGroup.objects.active().filter(parent__isnull=True).order_by("code")
        )
        self.fields["preferred_occupations"].help_text = _("The KBJI 2014 occupation groups you would like to work in.")


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    description = forms.CharField(label=_("description"), max_length=200, required=False)
    # Only for a certificate (the service requires name, issuer and number then, and drops them otherwise).
    certificate_name = Document._meta.get_field("certificate_name").formfield()
    certificate_issuer = Document._meta.get_field("certificate_issuer").formfield()
    certificate_number = Document._meta.get_field("certificate_number").formfield()
    certificate_valid_until = AsciiDateField(
        label=_("valid until"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text=_("Leave empty if the certificate does not expire."),
    )

    CERTIFICATE_FIELDS = ("certificate_name", "certificate_issuer", "certificate_number", "certificate_valid_until")

    def __init__(self, *args, max_mb: int = 2, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPG or PNG, at most %(size)d MB.") % {"size": max_mb}
        for field in self.fields.values():  # the labels are the model's lower-case field names
            field.label = capfirst(field.label)

    def certificate_fields(self):
        return [self[name] for name in self.CERTIFICATE_FIELDS]


# Personal-data rights (jobseekers.privacy) ---------------------------------------------------------------


class ConsentAcceptForm(forms.Form):
    """Accept the consent version shown on the page (a newer one published meanwhile is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    agree = forms.BooleanField(
        label=_("I have read this text and agree to it."),
        error_messages={"required": _("Tick the box to accept, or log out.")},
    )


class ResultsPublicationConsentForm(forms.Form):
    """The separate consent to be named in published selection results: ticked gives it, unticked withdraws it."""

    agree = forms.BooleanField(
        label=_("Publish my masked name and AK/I card number with my selection results"),
        required=False,
        help_text=_(
            "On the public transparency page, for the vacancies Disnaker referred you to: for example "
            '"S*** R********* — referred, hired". Never your full name, NIK, address or contact details. '
            "You can withdraw this at any time; you are then no longer named."
        ),
    )


class DeletionRequestForm(forms.Form):
    """Confirm with the password: the account closes at once."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account closes now and my personal data is erased after the waiting period."),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


# Registration at the Disnaker counter and its take-over (issue 8) --------------------------------------------


class CounterRegistrationForm(forms.ModelForm):
    """What staff fill in at the counter with the person's KTP: the public form's fields, email optional."""

    email = forms.EmailField(
        label=_("Email (optional)"),
        max_length=254,
        required=False,
        help_text=_("Leave empty if the person has none: they add their own when they take the account over."),
    )
    consent_signed = forms.BooleanField(
        label=_("The person read and signed the paper consent form (UU 27/2022); I keep it on file."),
        required=True,
        error_messages={"required": _("The person must sign the paper consent form first.")},
    )

    class Meta(JobseekerRegistrationForm.Meta):
        help_texts = {"nik": _("The 16 digits on the KTP you are holding.")}

    field_order = ["email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = Kelurahan.objects.active().select_related("kecamatan")
        self.fields["kelurahan"].empty_label = _("— outside Bontang —")
        allow_typed_separators(self, "nik")

    def _post_clean(self):
        pass  # the service validates the whole profile


class TakeOverForm(NewAccountForm):
    """The person registered at the counter makes the account theirs with the code from their sheet."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        help_text=_("The 16 digits on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label=_("Take-over code"),
        max_length=32,
        help_text=_("From the sheet Disnaker gave you, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )

    field_order = ["nik", "code", "account_email", "password1", "password2"]
