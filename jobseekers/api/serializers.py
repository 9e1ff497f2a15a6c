"""Shapes of the jobseeker's own API: sign-up, the profile with its entries, the AK/I card.

Reference data is written and read by code (skills, KBJI occupations, education levels,
kelurahan), as in the public vacancy API. Serializers only validate and shape; services write.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bontang_aker.core.api import StatusField
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from jobseekers import selectors, services
from jobseekers.forms import MAX_EXPECTED_WAGE
from jobseekers.models import AkiCard, Document, EducationEntry, ExperienceEntry, JobseekerProfile

MAX_ID = 2**31 - 1
MAX_ENTRIES = 20
ENTRY_ID_HELP = _("Give it to change that entry; leave it out to add one.")


def _raise_as_drf(error: DjangoValidationError):
    raise serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class EducationEntrySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=ENTRY_ID_HELP)
    level = serializers.SlugRelatedField(slug_field="code", queryset=EducationLevel.objects.active())

    class Meta:
        model = EducationEntry
        fields = ["id", "level", "institution", "major", "graduation_year", "score"]

    def validate(self, attrs):
        try:
            services.education_entry_check(graduation_year=attrs.get("graduation_year"))
        except DjangoValidationError as error:
            _raise_as_drf(error)
        return attrs


class ExperienceEntrySerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=ENTRY_ID_HELP)
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=KbjiGroup.objects.active(), allow_null=True, required=False
    )

    class Meta:
        model = ExperienceEntry
        fields = ["id", "employer_name", "position", "occupation", "start_date", "end_date", "description"]

    def validate(self, attrs):
        try:
            services.experience_dates_check(start_date=attrs.get("start_date"), end_date=attrs.get("end_date"))
        except DjangoValidationError as error:
            _raise_as_drf(error)
        return attrs


class MissingItemSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_("personal, education, skills, document_ktp, document_diploma or document_photo")
    )
    label = serializers.CharField()


PERSONAL_FIELDS = list(services.PROFILE_PERSONAL_FIELDS)


class ProfileSerializer(serializers.ModelSerializer):
    """The jobseeker's profile. PATCH any part; a list of entries, when given, replaces the list."""

    email = serializers.EmailField(source="user.email", read_only=True)
    kelurahan = serializers.SlugRelatedField(
        slug_field="code", queryset=Kelurahan.objects.active(), allow_null=True, required=False
    )
    education = EducationEntrySerializer(
        source="education_entries",
        many=True,
        required=False,
        max_length=MAX_ENTRIES,
        help_text=_("Replaces the list: entries with an id are changed, without one added, the others deleted."),
    )
    experience = ExperienceEntrySerializer(
        source="experience_entries",
        many=True,
        required=False,
        max_length=MAX_ENTRIES,
        help_text=_("Replaces the list: entries with an id are changed, without one added, the others deleted."),
    )
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.active(), many=True, required=False, help_text=_("Skill codes.")
    )
    preferred_occupations = serializers.SlugRelatedField(
        slug_field="code",
        queryset=KbjiGroup.objects.active(),
        many=True,
        required=False,
        help_text=_("KBJI 2014 codes."),
    )
    expected_wage = serializers.IntegerField(min_value=0, max_value=MAX_EXPECTED_WAGE, allow_null=True, required=False)
    is_local = serializers.BooleanField(read_only=True)
    identity_locked = serializers.SerializerMethodField(
        help_text=_("Name, birth and sex are fixed while an AK/I card is requested or active.")
    )
    completeness = serializers.SerializerMethodField(help_text=_("How complete the profile is, in percent."))
    missing = serializers.SerializerMethodField(help_text=_("What a complete profile still needs."))

    class Meta:
        model = JobseekerProfile
        fields = [
            "id",
            "email",
            "nik",
            *PERSONAL_FIELDS,
            "is_local",
            "education",
            "experience",
            "skills",
            "preferred_occupations",
            "expected_wage",
            "willing_to_work_outside_bontang",
            "about",
            "identity_locked",
            "completeness",
            "missing",
        ]
        read_only_fields = ["id", "nik"]

    def get_identity_locked(self, profile) -> bool:
        return services.identity_locked(profile)

    def get_completeness(self, profile) -> int:
        return selectors.profile_completeness(profile)[0]

    @extend_schema_field(MissingItemSerializer(many=True))
    def get_missing(self, profile):
        checklist = selectors.profile_checklist(profile)
        return [{"code": item.code, "label": item.label} for item in checklist if not item.done]


class JobseekerRegisterSerializer(serializers.ModelSerializer):
    """Sign-up: an account and a profile, with explicit consent (UU 27/2022)."""

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=128, style={"input_type": "password"}
    )
    consent = serializers.BooleanField(
        write_only=True, help_text=_("Must be true: consent to the processing of personal data (UU 27/2022).")
    )
    nik = serializers.CharField(max_length=32, help_text=_("The 16 digits on the KTP; dots and spaces are allowed."))
    kelurahan = serializers.SlugRelatedField(
        slug_field="code", queryset=Kelurahan.objects.active(), allow_null=True, required=False
    )
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.active(), many=True, required=False, write_only=True
    )

    class Meta:
        model = JobseekerProfile
        fields = [
            "email",
            "password",
            "consent",
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
            "skills",
        ]
        # The service checks NIK uniqueness and phone format with friendlier messages.
        extra_kwargs = {"phone": {"validators": []}}

    def get_validators(self):
        return []  # uniqueness is the service's, decided by the database constraint

    def validate_password(self, value):
        try:
            password_validation.validate_password(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value


class AkiCardSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    next_report_due = serializers.SerializerMethodField(help_text=_("When to report (lapor) next; only active cards."))

    class Meta:
        model = AkiCard
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "requested_at",
            "issued_at",
            "expires_on",
            "last_reported_at",
            "next_report_due",
            "placed_on",
            "rejection_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_report_due(self, card):
        due = selectors.card_next_report_date(card)
        return due.isoformat() if due else None


class CardVerifySerializer(serializers.Serializer):
    """What anyone may learn about an AK/I card from its number: no NIK, no birth date."""

    number = serializers.CharField(help_text=_("The card number (NPPK)."))
    name = serializers.CharField(help_text=_("The holder's name, masked: each word keeps its first letter."))
    status = StatusField(AkiCard)
    status_display = serializers.CharField(help_text=_("The status in words, in the user's language."))
    explanation = serializers.CharField(help_text=_("What the status means."))
    valid_until = serializers.DateField(allow_null=True)
    last_reported_on = serializers.DateField(allow_null=True, help_text=_("The date of the last report (lapor)."))


class ProfileIncompleteSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    missing = MissingItemSerializer(many=True)


class DocumentSerializer(serializers.ModelSerializer):
    """One of my documents; the file itself is fetched from `download_url` (owner and staff only)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()
    certificate_expired = serializers.BooleanField(
        source="is_expired", read_only=True, help_text="A certificate whose validity date has passed."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_display",
            "description",
            "original_name",
            "uploaded_at",
            "certificate_name",
            "certificate_issuer",
            "certificate_number",
            "certificate_valid_until",
            "certificate_expired",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        from django.urls import reverse

        return reverse("jobseekers:document_download", args=[document.pk])


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    # Required when kind is "certificate" (the service says which is missing); ignored for other kinds.
    certificate_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    certificate_issuer = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    certificate_valid_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Empty when the certificate does not expire."
    )
