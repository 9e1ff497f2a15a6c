"""Jobseekers: profile (AK/II master record), education, experience, documents, AK/I card."""

import datetime
import os
import re
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import (
    MAX_ADDRESS_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NOTE_LENGTH,
    validate_nik,
    validate_nik_matches,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
    validate_phone,
)
from bontang_aker.core.workflow import StatusEvent, StatusMachine, TimeStamped
from jobseekers.querysets import AkiCardQuerySet, JobseekerProfileQuerySet


def local_residence_cutoff() -> datetime.date | None:
    """The latest "living in Bontang since" date that still counts as local; None when any date does."""
    years = settings.LOCAL_MIN_RESIDENCE_YEARS
    return timezone.localdate() - relativedelta(years=years) if years else None


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class JobseekerProfile(TimeStamped):
    class MaritalStatus(models.TextChoices):
        SINGLE = "single", _("Not married")
        MARRIED = "married", _("Married")
        DIVORCED = "divorced", _("Divorced")
        WIDOWED = "widowed", _("Widowed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="jobseeker_profile"
    )
    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[validate_nik])
    full_name = models.CharField(
        _("full name (as on the KTP)"), max_length=150, validators=[validate_no_control_characters]
    )
    birth_place = models.CharField(_("place of birth"), max_length=100, validators=[validate_no_control_characters])
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE
    )
    religion = models.CharField(_("religion"), max_length=30, blank=True, validators=[validate_no_control_characters])
    ktp_address = models.TextField(
        _("address on the KTP"),
        max_length=MAX_ADDRESS_LENGTH,
        validators=[MaxLengthValidator(MAX_ADDRESS_LENGTH), validate_no_control_characters_multiline],
    )
    kelurahan = models.ForeignKey(
        "reference.Kelurahan",
        verbose_name=_("KTP kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobseekers",
        help_text=_("Leave empty if your KTP address is outside Bontang."),
    )
    outside_city = models.CharField(
        _("KTP city or regency (outside Bontang)"),
        max_length=100,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Only when the KTP address is outside Bontang, e.g. Kutai Timur."),
    )
    resident_since = models.DateField(
        _("living in Bontang since"),
        null=True,
        blank=True,
        help_text=_("When your KTP address in Bontang began (see your family card); needed for some quotas."),
    )
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability_note = models.CharField(
        _("disability (specific personal data)"),
        max_length=200,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_(
            "Visible only to you and Disnaker staff; used for the disability quota and reasonable adjustments."
        ),
    )
    is_poor_household = models.BooleanField(
        _("from a poor household (PKP programme)"), default=False, help_text=_("A priority group in referrals.")
    )
    skills = models.ManyToManyField("reference.Skill", verbose_name=_("skills"), blank=True, related_name="jobseekers")
    preferred_occupations = models.ManyToManyField(
        "reference.KbjiGroup", verbose_name=_("preferred occupations"), blank=True, related_name="+"
    )
    expected_wage = models.PositiveIntegerField(_("expected monthly wage (Rp)"), null=True, blank=True)
    about = models.TextField(
        _("about me"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    consent_at = models.DateTimeField(
        _("consent to data processing given at"), null=True, blank=True, help_text=_("UU 27/2022: explicit consent.")
    )

    objects = JobseekerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("jobseeker")
        verbose_name_plural = _("jobseekers")
        constraints = [
            models.CheckConstraint(condition=Q(nik__regex=r"^\d{16}$"), name="jobseeker_nik_16_digits"),
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="jobseeker_sex_valid"),
            models.CheckConstraint(
                condition=Q(kelurahan__isnull=False) | ~Q(outside_city=""), name="jobseeker_domicile_known"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        super().clean()
        if self.nik and (self.birth_date or self.sex):
            try:
                validate_nik(self.nik)
            except ValidationError:
                pass  # reported on the field by clean_fields
            else:
                validate_nik_matches(self.nik, birth_date=self.birth_date, sex=self.sex)
        if self.resident_since and self.resident_since > timezone.localdate():
            raise ValidationError({"resident_since": _("This date is in the future.")})
        if self.kelurahan_id is None and not self.outside_city.strip():
            raise ValidationError(
                {"outside_city": _("Choose your KTP kelurahan in Bontang, or enter the city on your KTP.")}
            )

    @property
    def is_local(self) -> bool:
        """Local means a KTP address in one of Bontang's kelurahan (not the NIK prefix).

        When `LOCAL_MIN_RESIDENCE_YEARS` is set, the KTP domicile must also be that old.
        """
        if self.kelurahan_id is None:
            return False
        cutoff = local_residence_cutoff()
        return cutoff is None or (self.resident_since is not None and self.resident_since <= cutoff)

    @property
    def highest_education(self):
        entries = sorted(self.education_entries.all(), key=lambda e: e.level.rank, reverse=True)
        return entries[0] if entries else None


class EducationEntry(models.Model):
    jobseeker = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="education_entries")
    level = models.ForeignKey("reference.EducationLevel", verbose_name=_("level"), on_delete=models.PROTECT)
    institution = models.CharField(
        _("school or university"), max_length=200, validators=[validate_no_control_characters]
    )
    major = models.CharField(_("major"), max_length=200, blank=True, validators=[validate_no_control_characters])
    graduation_year = models.PositiveSmallIntegerField(
        _("year of graduation"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    score = models.DecimalField(
        _("final score (GPA or average)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-graduation_year"]
        verbose_name = _("education")
        verbose_name_plural = _("education")

    def __str__(self) -> str:
        return f"{self.level.code} {self.institution}"


class ExperienceEntry(models.Model):
    jobseeker = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="experience_entries")
    employer_name = models.CharField(_("employer"), max_length=200, validators=[validate_no_control_characters])
    position = models.CharField(_("position"), max_length=200, validators=[validate_no_control_characters])
    occupation = models.ForeignKey(
        "reference.KbjiGroup", verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty if you still work there."))
    description = models.TextField(
        _("tasks"),
        blank=True,
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), validate_no_control_characters_multiline],
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="experience_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.employer_name}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


def jobseeker_document_path(instance, filename: str) -> str:
    """A random name, so a path reveals neither whose document it is nor what it was called.

    The original name is kept in `Document.original_name`; files are served only by the
    download view, which checks who asks.
    """
    name = uuid.uuid4()
    extension = os.path.splitext(filename)[1].lstrip(".").lower()
    suffix = f".{extension}" if extension in DOCUMENT_EXTENSIONS else ""
    return f"jobseekers/{name.hex[:2]}/{name}{suffix}"


class Document(models.Model):
    class Kind(models.TextChoices):
        KTP = "ktp", _("KTP")
        DIPLOMA = "diploma", _("Last diploma")
        PHOTO = "photo", _("Photo 3×4")
        CERTIFICATE = "certificate", _("Certificate")
        EXPERIENCE_LETTER = "experience", _("Work reference letter")
        OTHER = "other", _("Other")

    jobseeker = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"),
        upload_to=jobseeker_document_path,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    description = models.CharField(
        _("description"), max_length=200, blank=True, validators=[validate_no_control_characters]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.jobseeker})"

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:  # a new upload: its name is about to be replaced
            self.original_name = os.path.basename(self.file.name)[-255:]
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "original_name"}
        super().save(*args, **kwargs)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").lower()

    @property
    def download_name(self) -> str:
        """The original name made safe for a header, always with the stored file's extension."""
        stem = os.path.splitext(self.original_name.replace("\\", "/").rsplit("/", 1)[-1])[0]
        stem = re.sub(r"[\x00-\x1f\x7f\"*:<>?|]+", " ", stem).strip(" .")[:100] or self.kind
        return f"{stem}.{self.extension}" if self.extension else stem


class AkiCard(StatusMachine, TimeStamped):
    """The AK/I jobseeker card ("kartu kuning"), Permenaker 39/2016."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        PLACED = "placed", _("Placed")
        LAPSED = "lapsed", _("Lapsed")
        REMOVED = "removed", _("Removed")
        REJECTED = "rejected", _("Rejected")

    ALLOWED = {
        Status.REQUESTED: {Status.ACTIVE, Status.REJECTED},
        Status.ACTIVE: {Status.PLACED, Status.LAPSED, Status.REMOVED},
        Status.PLACED: set(),
        Status.LAPSED: set(),
        Status.REMOVED: set(),
        Status.REJECTED: set(),
    }

    jobseeker = models.ForeignKey(JobseekerProfile, on_delete=models.CASCADE, related_name="aki_cards")
    number = models.CharField(_("card number (NPPK)"), max_length=30, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    last_reported_at = models.DateTimeField(_("last report (lapor)"), null=True, blank=True)
    placed_on = models.DateField(_("hired from"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )

    objects = AkiCardQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("AK/I card")
        verbose_name_plural = _("AK/I cards")
        permissions = [("verify_akicard", _("Can verify jobseekers and issue AK/I cards"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "active", "placed", "lapsed", "removed", "rejected"]),
                name="akicard_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | Q(number__isnull=False, issued_at__isnull=False, expires_on__isnull=False),
                name="akicard_active_is_issued",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="akicard_rejection_has_reason"
            ),
            # One card in progress or in force per jobseeker; placed, lapsed and removed cards stay as history.
            models.UniqueConstraint(
                fields=["jobseeker"],
                condition=Q(status__in=["requested", "active"]),
                name="akicard_one_open_per_jobseeker",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"AK/I #{self.pk} ({self.get_status_display()})"


class AkiCardEvent(StatusEvent):
    card = models.ForeignKey(AkiCard, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("AK/I card event")
        verbose_name_plural = _("AK/I card events")


class DocumentAccess(models.Model):
    """One opening of a jobseeker's document by Disnaker staff (UU 27/2022: who saw which personal data).

    Written by `services.document_open`; the owner's own views are not logged.
    """

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="accesses"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    accessed_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")

    def __str__(self) -> str:
        return f"{self.document} — {self.viewer}"
