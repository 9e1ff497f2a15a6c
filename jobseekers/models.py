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


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("Online, at sign-up")
    COUNTER = "counter", _("At the counter, paper form signed")


class JobseekerProfile(TimeStamped):
    class MaritalStatus(models.TextChoices):
        SINGLE = "single", _("Not married")
        MARRIED = "married", _("Married")
        DIVORCED = "divorced", _("Divorced")
        WIDOWED = "widowed", _("Widowed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="jobseeker_profile"
    )
    # Claimed, not owned, until Disnaker checks the KTP (issue 8): unique only among verified NIKs.
    nik = models.CharField(_("NIK"), max_length=16, db_index=True, validators=[validate_nik])
    nik_verified_at = models.DateTimeField(
        _("NIK verified at"),
        null=True,
        blank=True,
        help_text=_("When Disnaker checked the KTP (at card issue or at the counter); from then the NIK is theirs."),
    )
    nik_revoked_at = models.DateTimeField(
        _("NIK claim withdrawn at"),
        null=True,
        blank=True,
        help_text=_("Set when staff resolved a NIK conflict against this registration; its account is disabled."),
    )
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
    willing_to_work_outside_bontang = models.BooleanField(
        _("willing to work outside Bontang"),
        default=False,
        help_text=_("Vacancies whose work is outside Bontang are suggested only to those who tick this."),
    )
    about = models.TextField(
        _("about me"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    consent_at = models.DateTimeField(
        _("consent to data processing given at"), null=True, blank=True, help_text=_("UU 27/2022: explicit consent.")
    )
    consent_version = models.PositiveIntegerField(
        _("consent text version accepted"),
        null=True,
        blank=True,
        help_text=_("The ConsentText version the person last accepted; empty before versions existed."),
    )
    consent_method = models.CharField(
        _("consent given"), max_length=10, choices=ConsentMethod.choices, default=ConsentMethod.ONLINE
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The staff member who registered the person at the counter (paper form signed)."),
    )
    # A separate, optional consent (UU 27/2022): off until the person ticks it on the privacy page;
    # withdrawing it empties the field and the transparency page stops naming them at once.
    results_publication_consent_at = models.DateTimeField(
        _("agreed to publication in selection results at"),
        null=True,
        blank=True,
        help_text=_(
            "Set while the person agrees that their masked name and AK/I card number are published "
            "with their selection results on the transparency page."
        ),
    )
    registered_at_counter = models.BooleanField(
        _("registered at the Disnaker counter"),
        default=False,
        help_text=_("Staff saw the KTP and registered the person; the account may have no real email yet."),
    )
    takeover_code_hash = models.CharField(_("take-over code (hashed)"), max_length=128, blank=True, editable=False)
    takeover_code_expires_at = models.DateTimeField(_("take-over code valid until"), null=True, blank=True)

    objects = JobseekerProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("jobseeker")
        verbose_name_plural = _("jobseekers")
        constraints = [
            models.CheckConstraint(condition=Q(nik__regex=r"^\d{16}$"), name="jobseeker_nik_16_digits"),
            models.CheckConstraint(condition=Q(sex__in=["M", "F"]), name="jobseeker_sex_valid"),
            models.UniqueConstraint(
                fields=["nik"],
                condition=Q(nik_verified_at__isnull=False),
                name="jobseeker_nik_unique_verified",
                violation_error_message=_("This NIK is already verified for another jobseeker."),
            ),
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
        CV = "cv", _("CV")
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
    # A certificate (welder, K3, forklift operator, …) says what it certifies; other kinds leave these empty.
    certificate_name = models.CharField(
        _("certificate name"),
        max_length=150,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("For example: Juru las SMAW 3G, Ahli K3 Umum, SIO Operator Forklift."),
    )
    certificate_issuer = models.CharField(
        _("issued by"),
        max_length=150,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("For example: BNSP, Kemnaker RI, LSP Migas."),
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    certificate_valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if the certificate does not expire.")
    )

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            # A certificate names itself, its issuer and its number; only a certificate has these details.
            models.CheckConstraint(
                condition=~Q(kind="certificate")
                | (~Q(certificate_name="") & ~Q(certificate_issuer="") & ~Q(certificate_number="")),
                name="document_certificate_details",
            ),
            models.CheckConstraint(
                condition=Q(kind="certificate")
                | (
                    Q(certificate_name="", certificate_issuer="", certificate_number="")
                    & Q(certificate_valid_until__isnull=True)
                ),
                name="document_certificate_details_only_on_certificates",
            ),
        ]

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

    @property
    def is_expired(self) -> bool:
        """A certificate whose validity date has passed (WITA); never for other kinds."""
        return self.certificate_valid_until is not None and self.certificate_valid_until < timezone.localdate()


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
        # Only through a report (aki_card_report) while the card is still within its validity.
        Status.LAPSED: {Status.ACTIVE},
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
    # The holder as the statutory reports count them (reports.tables), written once when the card
    # is first issued (jobseekers.card_statistics): a past month's tables stay the same however
    # the profile changes later. The age, not the birth date; no name.
    holder_sex = models.CharField(_("holder's sex at issue"), max_length=1, choices=Sex.choices, blank=True)
    holder_age_at_issue = models.PositiveSmallIntegerField(_("holder's age at issue"), null=True, blank=True)
    holder_education = models.ForeignKey(
        "reference.EducationLevel",
        verbose_name=_("holder's education at issue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_occupation = models.ForeignKey(
        "reference.KbjiGroup",
        verbose_name=_("holder's occupation group at issue (KBJI major group)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_kecamatan = models.ForeignKey(
        "reference.Kecamatan",
        verbose_name=_("holder's kecamatan at issue"),
        help_text=_("Empty: domiciled outside Bontang."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_has_disability = models.BooleanField(_("holder has a disability (at issue)"), null=True, blank=True)

    objects = AkiCardQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("AK/I card")
        verbose_name_plural = _("AK/I cards")
        permissions = [("verify_akicard", _("Can verify jobseekers and issue AK/I cards"))]
        # The issued cards still without holder facts (jobseekers.card_statistics): found without a scan.
        indexes = [
            models.Index(
                fields=["id"], name="akicard_holder_facts_missing", condition=Q(holder_sex="", issued_at__isnull=False)
            )
        ]
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
    """One opening of a jobseeker's document by someone else: Disnaker staff or a company the person
    was referred to (UU 27/2022: who saw which personal data).

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


# Personal-data rights (UU 27/2022): consent versions, the access log, deletion requests -------------------


class ConsentText(models.Model):
    """What a jobseeker agrees to at sign-up, one row per version and language.

    Staff write a new version in the admin and set `published_at`; from then on every jobseeker
    who accepted an older version is asked to accept it at their next visit. A published text is
    never edited again (the admin makes it read-only), so the version a person accepted still
    says what they agreed to.
    """

    class Language(models.TextChoices):
        INDONESIAN = "id", _("Indonesian")
        ENGLISH = "en", _("English")

    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.INDONESIAN)
    title = models.CharField(_("title"), max_length=200, validators=[validate_no_control_characters])
    body = models.TextField(
        _("text"),
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), validate_no_control_characters_multiline],
        help_text=_("What Disnaker does with the data, with whom it is shared and how long it is kept."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Empty while a draft. Once published, jobseekers are asked to accept this version."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-version", "language"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="consenttext_one_per_version_language"),
            models.CheckConstraint(condition=Q(version__gte=1), name="consenttext_version_positive"),
        ]

    def __str__(self) -> str:
        return f"v{self.version} ({self.language}) {self.title}"


class ConsentAcceptance(models.Model):
    """One acceptance of a consent version by a jobseeker: the consent history."""

    jobseeker = models.ForeignKey(
        JobseekerProfile, verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="consent_acceptances"
    )
    version = models.PositiveIntegerField(_("version"))
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        verbose_name = _("consent acceptance")
        verbose_name_plural = _("consent acceptances")
        constraints = [
            models.UniqueConstraint(fields=["jobseeker", "version"], name="consentacceptance_once_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker_id} v{self.version}"


class ProfileAccess(models.Model):
    """One look at a jobseeker's data by someone else: Disnaker staff or a company (UU 27/2022).

    Written only by `privacy.profile_access_log`; the owner's own views are never logged. The
    company's name is kept as it was, so the person sees who looked even if the account moves.
    """

    class What(models.TextChoices):
        PROFILE = "profile", _("Profile")
        DOCUMENT = "document", _("Document")
        CV = "cv", _("Candidate profile (CV)")

    class ViewerRole(models.TextChoices):
        STAFF = "staff", _("Disnaker staff")
        EMPLOYER = "employer", _("Company")

    profile = models.ForeignKey(
        JobseekerProfile, verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="accesses"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    viewer_role = models.CharField(_("viewer's role"), max_length=10, choices=ViewerRole.choices)
    viewer_label = models.CharField(
        _("viewer"), max_length=200, help_text=_("The staff member's name or the company's name at the time.")
    )
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document_kind = models.CharField(_("document kind"), max_length=20, choices=Document.Kind.choices, blank=True)
    accessed_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("profile access")
        verbose_name_plural = _("profile accesses")
        constraints = [
            models.CheckConstraint(condition=Q(what__in=["profile", "document", "cv"]), name="profileaccess_what"),
            models.CheckConstraint(condition=Q(viewer_role__in=["staff", "employer"]), name="profileaccess_role"),
        ]
        indexes = [models.Index(fields=["profile", "-accessed_at"], name="profileaccess_profile_time")]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.get_what_display()} — {self.viewer_label}"


class DeletionRequest(models.Model):
    """A jobseeker asked for their personal data to be erased (UU 27/2022, right to deletion).

    The account is deactivated at once; `erase_after` (PERSONAL_DATA_RETENTION_DAYS later) the
    nightly task erases the personal data and sets `erased_at`, the marker that makes it run once.
    """

    jobseeker = models.OneToOneField(
        JobseekerProfile, verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="deletion_request"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    erase_after = models.DateTimeField(_("erase after"), db_index=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    last_error = models.CharField(
        _("last error"), max_length=500, blank=True, help_text=_("Why the last erasure attempt failed, for staff.")
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(erase_after__gte=models.F("requested_at")), name="deletionrequest_erase_after_request"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.jobseeker_id} ({self.requested_at:%Y-%m-%d})"


# NIK conflicts (issue 8): a second registration of a NIK that someone else already claimed --------------


class NikConflict(StatusMachine):
    """Two or more registrations claim one NIK; staff resolve it after seeing the KTP.

    Opened by the registration services (never shown to the claimants, whose sign-up looks like any
    other); while it is open, an unverified claimant gets no AK/I card. One open conflict per NIK.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Resolution(models.TextChoices):
        RELEASED = "released", _("NIK released to its verified owner")
        SQUATTER_DISABLED = "squatter_disabled", _("Wrong registration disabled")
        TYPO = "typo", _("Not a conflict: a mistyped NIK, corrected")

    ALLOWED = {Status.OPEN: {Status.RESOLVED}, Status.RESOLVED: set()}

    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    claimants = models.ManyToManyField(
        JobseekerProfile, verbose_name=_("claimants"), related_name="nik_conflicts", blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    owner = models.ForeignKey(
        JobseekerProfile,
        verbose_name=_("verified owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The claimant the NIK was released to."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("NIK conflict")
        verbose_name_plural = _("NIK conflicts")
        constraints = [
            models.UniqueConstraint(fields=["nik"], condition=Q(status="open"), name="nikconflict_one_open_per_nik"),
            models.CheckConstraint(condition=Q(status__in=["open", "resolved"]), name="nikconflict_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="resolved") | (Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="nikconflict_resolved_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        from bontang_aker.core.masking import mask_nik

        return f"#{self.pk} {mask_nik(self.nik)}"

    def live_claimants(self):
        """The claimants still holding this NIK: not corrected to another, not disabled."""
        return self.claimants.filter(nik=self.nik, nik_revoked_at__isnull=True)


class NikConflictEvent(StatusEvent):
    conflict = models.ForeignKey(NikConflict, on_delete=models.CASCADE, related_name="events")
    profile = models.ForeignKey(
        JobseekerProfile,
        verbose_name=_("claimant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("NIK conflict event")
        verbose_name_plural = _("NIK conflict events")
