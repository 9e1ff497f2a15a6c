"""Companies, their members and their vacancy reports (AK/III, Perpres 57/2023 art. 5)."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import (
    MAX_ADDRESS_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    validate_kbli_code,
    validate_nib,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
    validate_npwp,
    validate_phone,
)
from bontang_aker.core.workflow import StatusEvent, StatusMachine, TimeStamped
from employers.querysets import CompanyQuerySet, VacancyQuerySet

MAX_OTHER_KBLI_CODES = 10


class Company(StatusMachine, TimeStamped):
    class LegalForm(models.TextChoices):
        PT = "pt", _("PT (limited company)")
        PERSERO = "persero", _("PT Persero (state-owned)")
        CV = "cv", _("CV (limited partnership)")
        FIRMA = "firma", _("Firma")
        KOPERASI = "koperasi", _("Cooperative")
        YAYASAN = "yayasan", _("Foundation")
        PERORANGAN = "perorangan", _("Sole proprietorship")
        INSTANSI = "instansi", _("Government agency")
        OTHER = "other", _("Other")

    class Ownership(models.TextChoices):
        PRIVATE = "private", _("Private")
        BUMN = "bumn", _("State-owned (BUMN)")
        BUMD = "bumd", _("Region-owned (BUMD)")
        GOVERNMENT = "government", _("Government")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    ALLOWED = {
        Status.PENDING: {Status.VERIFIED, Status.REJECTED},
        Status.REJECTED: {Status.PENDING},
        # Back to pending: its NIB, legal name or ownership changed (employers.company_profile).
        Status.VERIFIED: {Status.SUSPENDED, Status.PENDING},
        Status.SUSPENDED: {Status.VERIFIED},
    }

    name = models.CharField(_("company name"), max_length=200, validators=[validate_no_control_characters])
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.PT)
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        validators=[validate_nib],
        help_text=_("13 digits, from OSS."),
        error_messages={"unique": _("A company with this NIB is already registered.")},
    )
    npwp = models.CharField(_("NPWP"), max_length=16, validators=[validate_npwp], help_text=_("15 or 16 digits."))
    kbli_code = models.CharField(
        _("main KBLI 2020 code"),
        max_length=5,
        validators=[validate_kbli_code],
    )
    kbli_category = models.ForeignKey(
        "reference.KbliCategory",
        verbose_name=_("KBLI category"),
        on_delete=models.PROTECT,
        related_name="companies",
        help_text=_("Derived from the first two digits of the KBLI code."),
    )
    other_kbli_codes = ArrayField(
        models.CharField(max_length=5, validators=[validate_kbli_code]),
        verbose_name=_("other KBLI 2020 codes"),
        size=MAX_OTHER_KBLI_CODES,
        default=list,
        blank=True,
        help_text=_("Further lines of business, 5 digits each, separated by commas."),
    )
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE)
    address = models.TextField(
        _("address"),
        max_length=MAX_ADDRESS_LENGTH,
        validators=[MaxLengthValidator(MAX_ADDRESS_LENGTH), validate_no_control_characters_multiline],
    )
    kelurahan = models.ForeignKey(
        "reference.Kelurahan",
        verbose_name=_("kelurahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="companies",
        help_text=_("Leave empty if the company's address is outside Bontang."),
    )
    phone = models.CharField(_("phone"), max_length=20, validators=[validate_phone])
    email = models.EmailField(_("company email"))
    website = models.URLField(_("website"), blank=True, validators=[validate_no_control_characters])
    contact_name = models.CharField(
        _("contact person"), max_length=MAX_NAME_LENGTH, blank=True, validators=[validate_no_control_characters]
    )
    contact_position = models.CharField(
        _("contact person's position"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    main_contractor = models.ForeignKey(
        "self",
        verbose_name=_("main contractor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subcontractors",
        help_text=_("For subcontractors: the company they work for in Bontang."),
    )
    workforce_local = models.PositiveIntegerField(_("local workers (KTP Bontang)"), default=0)
    workforce_non_local = models.PositiveIntegerField(_("non-local workers"), default=0)
    workforce_disabled = models.PositiveIntegerField(_("workers with disabilities"), default=0)
    workforce_reported_at = models.DateField(_("workforce reported on"), null=True, blank=True)
    status = models.CharField(
        _("verification status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        permissions = [
            ("verify_company", _("Can verify companies")),
            ("impose_sanction", _("Can impose sanctions on companies")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "rejected", "suspended"]), name="company_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_at__isnull=False), name="company_verified_has_date"
            ),
            models.CheckConstraint(
                condition=Q(workforce_disabled__lte=F("workforce_local") + F("workforce_non_local")),
                name="company_disabled_within_workforce",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def workforce_total(self) -> int:
        return self.workforce_local + self.workforce_non_local

    @property
    def is_public_sector(self) -> bool:
        return self.ownership != self.Ownership.PRIVATE


class CompanyEvent(StatusEvent):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("company event")
        verbose_name_plural = _("company events")


class CompanyMember(TimeStamped):
    """An employer account: belongs to exactly one company."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="company_membership"
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="members")
    is_company_admin = models.BooleanField(
        _("company administrator"), default=False, help_text=_("Can manage the company profile and its members.")
    )
    position = models.CharField(_("position"), max_length=100, blank=True, validators=[validate_no_control_characters])

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class CompanyInvitation(models.Model):
    """A company admin's invitation to a colleague's address (employers.members).

    The link holds a signed token made when the mail is sent, so no token is stored; it
    works for settings.COMPANY_INVITATION_DAYS and only while the invitation is pending.
    `sent_at` is the mail task's sent-marker.
    """

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="company_invitations_sent",
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_invitations_accepted",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")
        constraints = [
            # One pending invitation per company and address: a second invite is refused, a resend replaces it.
            models.UniqueConstraint(
                "company",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="company_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="company_invitation_accepted_or_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    @property
    def expires_at(self):
        return self.created_at + datetime.timedelta(days=settings.COMPANY_INVITATION_DAYS)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Vacancy(StatusMachine, TimeStamped):
    """A vacancy report (AK/III) with every field Perpres 57/2023 art. 5 requires."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        FILLED = "filled", _("Filled")

    ALLOWED = {
        Status.DRAFT: {Status.IN_REVIEW},
        Status.IN_REVIEW: {Status.PUBLISHED, Status.REJECTED},
        Status.REJECTED: {Status.IN_REVIEW},
        Status.PUBLISHED: {Status.CLOSED, Status.FILLED, Status.IN_REVIEW},  # in review again: an extension
        Status.CLOSED: {Status.FILLED, Status.IN_REVIEW},  # reopened, within VACANCY_REPOST_COOLDOWN_DAYS
        Status.FILLED: set(),
    }

    class SexRequirement(models.TextChoices):
        ANY = "any", _("Men and women")
        MALE = "M", _("Men only")
        FEMALE = "F", _("Women only")

    class EmploymentType(models.TextChoices):
        PERMANENT = "pkwtt", _("Permanent (PKWTT)")
        CONTRACT = "pkwt", _("Fixed-term contract (PKWT)")
        TURNAROUND = "turnaround", _("Short plant turn-around (TA)")
        DAILY = "daily", _("Daily worker")
        PART_TIME = "part_time", _("Part-time")
        INTERNSHIP = "internship", _("Internship (magang)")

    class WagePeriod(models.TextChoices):
        MONTH = "month", _("per month")
        DAY = "day", _("per day")
        HOUR = "hour", _("per hour")

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="vacancies")
    title = models.CharField(_("job title"), max_length=200, validators=[validate_no_control_characters])
    occupation = models.ForeignKey(
        "reference.KbjiGroup", verbose_name=_("occupation (KBJI 2014)"), on_delete=models.PROTECT, related_name="+"
    )
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.CONTRACT
    )
    description = models.TextField(
        _("job description"),
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), validate_no_control_characters_multiline],
    )
    openings = models.PositiveIntegerField(_("number of openings"), validators=[MinValueValidator(1)])
    openings_male = models.PositiveIntegerField(_("of which for men"), null=True, blank=True)
    openings_female = models.PositiveIntegerField(_("of which for women"), null=True, blank=True)
    open_date = models.DateField(_("open from"))
    close_date = models.DateField(_("open until"))
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(15), MaxValueValidator(70)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MinValueValidator(15), MaxValueValidator(70)]
    )
    sex_requirement = models.CharField(
        _("sex"), max_length=3, choices=SexRequirement.choices, default=SexRequirement.ANY
    )
    sex_justification = models.TextField(
        _("reason for the sex requirement"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        help_text=_("Required when the vacancy is open to one sex only."),
    )
    min_education = models.ForeignKey(
        "reference.EducationLevel", verbose_name=_("minimum education"), on_delete=models.PROTECT, related_name="+"
    )
    majors = models.CharField(
        _("fields of study"), max_length=300, blank=True, validators=[validate_no_control_characters]
    )
    skills = models.ManyToManyField("reference.Skill", verbose_name=_("skills"), blank=True, related_name="vacancies")
    competencies = models.TextField(
        _("competencies and certificates"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    experience_years_min = models.PositiveSmallIntegerField(_("minimum years of experience"), default=0)
    wage_min = models.PositiveIntegerField(_("wage from (Rp)"))
    wage_max = models.PositiveIntegerField(_("wage up to (Rp)"), null=True, blank=True)
    wage_period = models.CharField(
        _("wage period"), max_length=10, choices=WagePeriod.choices, default=WagePeriod.MONTH
    )
    work_kelurahan = models.ForeignKey(
        "reference.Kelurahan",
        verbose_name=_("work location (kelurahan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty when the work is outside Bontang."),
    )
    work_location = models.CharField(_("work location"), max_length=200, validators=[validate_no_control_characters])
    other_information = models.TextField(
        _("other information"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set when the report was sent although the company has a similar open vacancy."),
    )
    extended_at = models.DateTimeField(_("closing date extended at"), null=True, blank=True)
    still_open_asked_at = models.DateTimeField(_("asked whether still open at"), null=True, blank=True)
    confirmed_open_at = models.DateTimeField(_("confirmed still open at"), null=True, blank=True)
    # Title (A), skills and occupation (B), description and company (C); see employers/search.py.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = VacancyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        permissions = [("moderate_vacancy", _("Can review and publish vacancies"))]
        indexes = [
            models.Index(fields=["status", "close_date"], name="vacancy_status_close"),
            # Only published vacancies are searched, so only they are indexed.
            GinIndex(fields=["search_vector"], name="vacancy_search_published", condition=Q(status="published")),
            # The title alone, for "most relevant" (title matches first): the same expression as
            # employers.search.TITLE_VECTOR. Not partial, so that ANALYZE keeps statistics on it.
            GinIndex(SearchVector("title", config="indonesian"), name="vacancy_title_search"),
            # The public list in each of its orders, ending with the primary key as the list does:
            # a page is a walk over one of these, read from where the previous page stopped.
            models.Index(
                fields=["-published_at", "-id"],
                include=["close_date"],
                condition=Q(status="published"),
                name="vacancy_published_newest",
            ),
            models.Index(
                fields=["close_date", "id"], condition=Q(status="published"), name="vacancy_published_closing"
            ),
            models.Index(
                fields=["-wage_min", "-id"],
                include=["close_date"],
                condition=Q(status="published"),
                name="vacancy_published_wage",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "published", "rejected", "closed", "filled"]),
                name="vacancy_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="vacancy_published_has_date"
            ),
            models.CheckConstraint(condition=Q(close_date__gte=F("open_date")), name="vacancy_dates_ordered"),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__gte=F("age_min")), name="vacancy_ages_ordered"
            ),
            models.CheckConstraint(
                condition=Q(wage_max__isnull=True) | Q(wage_max__gte=F("wage_min")), name="vacancy_wages_ordered"
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="vacancy_openings_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.company}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.open_date and self.close_date and self.close_date < self.open_date:
            errors["close_date"] = _("The closing date cannot be before the opening date.")
        if self.age_max is not None and self.age_min is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The maximum age cannot be below the minimum age.")
        if self.wage_max is not None and self.wage_min is not None and self.wage_max < self.wage_min:
            errors["wage_max"] = _("The upper end of the wage range cannot be below the lower end.")
        if self.sex_requirement != self.SexRequirement.ANY and not self.sex_justification.strip():
            errors["sex_justification"] = _("Explain why the vacancy is open to one sex only.")
        split = (self.openings_male or 0) + (self.openings_female or 0)
        if self.openings and split > self.openings:
            errors["openings_female"] = _("Openings for men and women together exceed the number of openings.")
        if errors:
            raise ValidationError(errors)


class VacancyEvent(StatusEvent):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("vacancy event")
        verbose_name_plural = _("vacancy events")


class VacancyRevision(StatusMachine):
    """A material change to a published vacancy (wage, openings, requirements, dates), kept as a version.

    While pending, the public vacancy keeps its old values and shows "being updated"; staff
    approve (the values are applied) or reject it with a reason the employer sees.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    ALLOWED = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }

    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("version number"))
    data = models.JSONField(_("proposed values"), help_text=_("The changed fields only; skills as a list of ids."))
    previous = models.JSONField(_("values before"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    reason = models.TextField(_("reason for the rejection"), blank=True, max_length=MAX_NOTE_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("vacancy change")
        verbose_name_plural = _("vacancy changes")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "number"], name="vacancy_revision_number_unique"),
            models.UniqueConstraint(
                fields=["vacancy"], condition=Q(status="pending"), name="vacancy_revision_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected"]), name="vacancy_revision_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""), name="vacancy_revision_rejected_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return _("%(vacancy)s — change %(number)s") % {"vacancy": self.vacancy.title, "number": self.number}


class VacancyRevisionEvent(StatusEvent):
    revision = models.ForeignKey(VacancyRevision, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("vacancy change event")
        verbose_name_plural = _("vacancy change events")


class ManpowerPlan(StatusMachine, TimeStamped):
    """A company's yearly manpower plan (RKTK, Perda Kota Bontang 10/2018), in versions.

    Version 1 is filed for the current or next year. Until 1 January of its year (WITA) a
    submitted plan is changed in place (it goes back to draft and is submitted again); once
    the year has started a change is an amendment: a new version with its reason, which
    supersedes the previous one when it is submitted. Old versions are kept read-only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SUPERSEDED = "superseded", _("Superseded")

    ALLOWED = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.SUPERSEDED},  # draft again: changed before its year starts
        Status.SUPERSEDED: set(),
    }

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="manpower_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(
        _("reason for the amendment"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("manpower plan")
        verbose_name_plural = _("manpower plans")
        constraints = [
            models.UniqueConstraint(fields=["company", "year", "version"], name="manpower_plan_version_unique"),
            # One version being prepared and one in force per company and year; older ones are superseded.
            models.UniqueConstraint(
                fields=["company", "year"], condition=Q(status="draft"), name="manpower_plan_one_draft"
            ),
            models.UniqueConstraint(
                fields=["company", "year"], condition=Q(status="submitted"), name="manpower_plan_one_submitted"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "superseded"]), name="manpower_plan_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="manpower_plan_version_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="manpower_plan_submitted_has_date"
            ),
            models.CheckConstraint(condition=Q(version=1) | ~Q(note=""), name="manpower_plan_amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return _("%(company)s — manpower plan %(year)s, version %(version)s") % {
            "company": self.company,
            "year": self.year,
            "version": self.version,
        }

    @property
    def is_amendment(self) -> bool:
        return self.version > 1


class ManpowerPlanEvent(StatusEvent):
    plan = models.ForeignKey(ManpowerPlan, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("manpower plan event")
        verbose_name_plural = _("manpower plan events")


class ManpowerPlanLine(TimeStamped):
    """One need of the plan: so many workers of one KBJI occupation in one quarter, local or not."""

    class Expectation(models.TextChoices):
        LOCAL = "local", _("Local (KTP Bontang)")
        NON_LOCAL = "non_local", _("Non-local")

    QUARTERS = [
        (1, _("Q1 (January–March)")),
        (2, _("Q2 (April–June)")),
        (3, _("Q3 (July–September)")),
        (4, _("Q4 (October–December)")),
    ]

    plan = models.ForeignKey(ManpowerPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines")
    occupation = models.ForeignKey(
        "reference.KbjiGroup", verbose_name=_("occupation (KBJI 2014)"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(
        _("number of workers"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    expectation = models.CharField(
        _("expected to be"), max_length=20, choices=Expectation.choices, default=Expectation.LOCAL
    )
    non_local_reason = models.TextField(
        _("why not local"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        help_text=_("Required for non-local workers: the skill that is not available in Bontang."),
    )

    class Meta:
        ordering = ["quarter", "pk"]
        verbose_name = _("manpower plan line")
        verbose_name_plural = _("manpower plan lines")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="manpower_plan_line_count_positive"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="manpower_plan_line_quarter"),
            models.CheckConstraint(
                condition=Q(expectation__in=["local", "non_local"]), name="manpower_plan_line_expectation_valid"
            ),
            models.CheckConstraint(
                condition=Q(expectation="local") | ~Q(non_local_reason=""), name="manpower_plan_line_non_local_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.occupation} (Q{self.quarter})"

    def clean(self):
        from django.core.exceptions import ValidationError

        self.non_local_reason = (self.non_local_reason or "").strip()
        if self.expectation == self.Expectation.LOCAL:
            self.non_local_reason = ""
        elif not self.non_local_reason:
            raise ValidationError(
                {
                    "non_local_reason": _(
                        "Say why this need cannot be filled locally: which skill is not available in Bontang."
                    )
                }
            )


def sanction_step_choices() -> list[tuple[str, str]]:
    """The steps of the sanction ladder (settings.SANCTION_LADDER), in order."""
    return [(step["code"], step["label"]) for step in settings.SANCTION_LADDER]


class SanctionCase(StatusMachine, TimeStamped):
    """One finding against one company, followed up step by step on the sanction ladder (employers.sanctions)."""

    class Finding(models.TextChoices):
        LOCAL_SHARE = "local_share", _("Local share below the minimum")
        DISABILITY_QUOTA = "disability_quota", _("Disability quota not met")
        VACANCY_NOT_REPORTED = "vacancy_not_reported", _("Vacancy not reported")
        HIRE_NOT_REPORTED = "hire_not_reported", _("Hire not reported")
        PLAN_NOT_FILED = "plan_not_filed", _("Manpower plan not filed")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed (resolved)")

    ALLOWED = {Status.OPEN: {Status.CLOSED}, Status.CLOSED: set()}

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="sanction_cases"
    )
    finding = models.CharField(_("finding"), max_length=30, choices=Finding.choices)
    description = models.TextField(
        _("description"),
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        help_text=_("What Disnaker found; the company sees it."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution = models.TextField(
        _("how it was resolved"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sanction case")
        verbose_name_plural = _("sanction cases")
        permissions = [
            ("manage_sanction_case", _("Can open and close sanction cases and give verbal warnings")),
            ("escalate_sanction", _("Can open sanction steps beyond the verbal warning")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]), name="sanction_case_status_valid"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="sanction_case_closed_has_date"
            ),
            models.UniqueConstraint(
                fields=["company", "finding"], condition=Q(status="open"), name="sanction_case_one_open_per_finding"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} — {self.get_finding_display()}"


class SanctionCaseEvent(StatusEvent):
    case = models.ForeignKey(SanctionCase, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("sanction case event")
        verbose_name_plural = _("sanction case events")


class SanctionStep(TimeStamped):
    """One rung of the ladder given in a case: dated, with a deadline, a numbered letter and the company's answer."""

    case = models.ForeignKey(SanctionCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position on the ladder"))
    kind = models.CharField(_("step"), max_length=40, choices=sanction_step_choices)
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("deadline"))
    letter_number = models.CharField(_("letter number"), max_length=60, unique=True)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        help_text=_("Printed in the letter; the company sees it."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    response = models.TextField(
        _("company's response"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["case", "position"]
        verbose_name = _("sanction step")
        verbose_name_plural = _("sanction steps")
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="sanction_step_once_per_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="sanction_step_position_positive"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("issued_on")), name="sanction_step_deadline_after_issue"
            ),
            models.CheckConstraint(
                condition=(Q(response="") & Q(responded_at__isnull=True))
                | (~Q(response="") & Q(responded_at__isnull=False)),
                name="sanction_step_response_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} — {self.get_kind_display()}"
