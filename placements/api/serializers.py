"""Shapes of the jobseeker's applications in the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers.models import Vacancy
from placements import selectors
from placements.models import Application

MAX_ID = 2**31 - 1


class ApplicationVacancySerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="company.name", read_only=True)

    class Meta:
        model = Vacancy
        fields = ["id", "title", "company", "close_date"]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.Serializer):
    vacancy = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The id of a published vacancy."))
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("Optional note to Disnaker."),
    )


class ApplicationWithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("Optional reason."),
    )


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.CharField()
    label = serializers.CharField()
    note = serializers.CharField(help_text=_("Disnaker's reason when not referred, or yours when withdrawn."))
    letter_number = serializers.CharField(help_text=_("The AK/V referral letter number, on the referral step."))


class ApplicationSerializer(serializers.ModelSerializer):
    """An application with its timeline (from its event rows and its referral's)."""

    vacancy = ApplicationVacancySerializer(read_only=True)
    note = serializers.CharField(source="motivation", read_only=True)
    status_display = serializers.SerializerMethodField(
        help_text=_("The status to show; says when the employer's acceptance awaits Disnaker's check.")
    )
    referral_letter_number = serializers.SerializerMethodField(help_text=_("The AK/V letter number once referred."))
    can_withdraw = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "vacancy",
            "note",
            "status",
            "status_display",
            "created_at",
            "referral_letter_number",
            "can_withdraw",
            "timeline",
        ]
        read_only_fields = fields

    def get_status_display(self, application) -> str:
        return selectors.application_shown_status(application).label

    def get_referral_letter_number(self, application) -> str | None:
        referral = getattr(application, "referral", None)
        return referral.letter_number if referral is not None else None

    def get_can_withdraw(self, application) -> bool:
        return selectors.can_withdraw_application(application)

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, application):
        return TimelineEntrySerializer(selectors.application_timeline(application), many=True).data
