"""The single recruitment channel: application → referral (AK/V) → placement, plus matches and reports."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import (
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)
from bontang_aker.core.workflow import StatusEvent, StatusMachine, TimeStamped


class Application(StatusMachine, TimeStamped):
    """A jobseeker's application to a vacancy, made through the portal only."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REFERRED = "referred", _("Referred to the employer")
        NOT_REFERRED = "not_referred", _("Not referred")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        HIRED = "hired", _("Hired")
        NOT_HIRED = "not_hired", _("Not hired")

    ALLOWED = {
        Status.SUBMITTED: {Status.REFERRED, Status.NOT_REFERRED, Status.WITHDRAWN},
        Status.REFERRED: {Status.HIRED, Status.NOT_HIRED, Status.WITHDRAWN},
        Status.NOT_REFERRED: set(),
        Status.WITHDRAWN: set(),
        Status.HIRED: set(),
        Status.NOT_HIRED: set(),
    }

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile",
        verbose_name=_("jobseeker"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="applications"
    )
    motivation = models.TextField(
        _("motivation"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "referred", "not_referred", "withdrawn", "hired", "not_hired"]),
                name="application_status_valid",
            ),
            models.UniqueConstraint(fields=["jobseeker", "vacancy"], name="application_once_per_vacancy"),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} → {self.vacancy}"


class ApplicationEvent(StatusEvent):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")


class Referral(StatusMachine, TimeStamped):
    """Disnaker's referral of an applicant to the employer's selection, with an AK/V letter."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        IN_SELECTION = "in_selection", _("In selection")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        NO_SHOW = "no_show", _("Did not attend")

    ALLOWED = {
        Status.REFERRED: {Status.IN_SELECTION, Status.ACCEPTED, Status.NOT_ACCEPTED, Status.NO_SHOW},
        Status.IN_SELECTION: {Status.ACCEPTED, Status.NOT_ACCEPTED, Status.NO_SHOW},
        Status.ACCEPTED: set(),
        Status.NOT_ACCEPTED: set(),
        Status.NO_SHOW: set(),
    }

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="referral"
    )
    letter_number = models.CharField(_("AK/V letter number"), max_length=50, unique=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(
        _("reasons for referral"), default=dict, blank=True, help_text=_("Priority factors shown to the reviewer.")
    )

    class Stage(models.TextChoices):
        INVITED = "invited", _("Invited to the selection")
        INTERVIEWED = "interviewed", _("Tested or interviewed")

    class ReasonCategory(models.TextChoices):
        QUALIFICATIONS = "qualifications", _("Does not meet the qualifications")
        TEST = "test", _("Did not pass the selection test")
        INTERVIEW = "interview", _("Did not pass the interview")
        MEDICAL = "medical", _("Did not pass the medical check")
        DECLINED = "declined", _("The candidate declined the offer")
        FILLED = "filled", _("The openings have been filled")
        OTHER = "other", _("Other reason")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED, db_index=True
    )
    # The notes of each selection step (at most MAX_NOTE_LENGTH each), one per line: room for several.
    selection_notes = models.TextField(
        _("selection notes"),
        blank=True,
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), validate_no_control_characters_multiline],
    )
    stage = models.CharField(_("selection stage"), max_length=20, choices=Stage.choices, blank=True)
    reason_category = models.CharField(
        _("reason not selected"), max_length=20, choices=ReasonCategory.choices, blank=True
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("When an accepted candidate starts work.")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        permissions = [("refer_candidate", _("Can refer candidates to employers"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["referred", "in_selection", "accepted", "not_accepted", "no_show"]),
                name="referral_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.letter_number


class ReferralEvent(StatusEvent):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")


class Placement(StatusMachine, TimeStamped):
    """A hire report, by the employer or by the jobseeker, reviewed by Disnaker."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    ALLOWED = {
        Status.REPORTED: {Status.VERIFIED, Status.REJECTED},
        Status.REJECTED: {Status.REPORTED},
        Status.VERIFIED: set(),
    }

    class PlacementType(models.TextChoices):
        AKL = "akl", _("AKL — within Bontang")
        AKAD = "akad", _("AKAD — another regency, city or province")
        AKAN = "akan", _("AKAN — abroad")

    class ReportedByRole(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        JOBSEEKER = "jobseeker", _("Jobseeker")
        STAFF = "staff", _("Disnaker staff")

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.PROTECT, related_name="placements"
    )
    company = models.ForeignKey(
        "employers.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="placements"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy",
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    referral = models.OneToOneField(
        Referral, verbose_name=_("referral"), null=True, blank=True, on_delete=models.PROTECT, related_name="placement"
    )
    position = models.CharField(_("position"), max_length=200, validators=[validate_no_control_characters])
    occupation = models.ForeignKey(
        "reference.KbjiGroup", verbose_name=_("occupation (KBJI 2014)"), on_delete=models.PROTECT, related_name="+"
    )
    employment_type = models.CharField(
        _("employment type"), max_length=20, blank=True, validators=[validate_no_control_characters]
    )
    start_date = models.DateField(_("start date"))
    placement_type = models.CharField(
        _("placement type"), max_length=4, choices=PlacementType.choices, default=PlacementType.AKL
    )
    is_local = models.BooleanField(
        _("local worker"), help_text=_("KTP address in Bontang when the hire was reported (kept for the quota).")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by_role = models.CharField(_("reported by role"), max_length=20, choices=ReportedByRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED, db_index=True
    )
    review_note = models.TextField(
        _("review note"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    wage = models.PositiveIntegerField(_("wage (Rp)"), null=True, blank=True)
    outside_portal = models.BooleanField(
        _("hired outside the portal"),
        default=False,
        help_text=_("Reported by AK/I number or NIK without a Disnaker referral: staff check it."),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        permissions = [("review_placement", _("Can review placement reports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["reported", "verified", "rejected"]), name="placement_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""), name="placement_rejection_has_note"
            ),
            models.UniqueConstraint(fields=["jobseeker", "company", "start_date"], name="placement_once_per_hire"),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} @ {self.company} ({self.start_date})"

    @property
    def name_for_company(self) -> str:
        """The person's name as the company may see it.

        For a hire outside the portal, the name the company typed until Disnaker verifies it: the
        registered name would tell it whom the number belongs to (placements.services). Empty for
        such a report older than the typed record.
        """
        if self.outside_portal and self.status != self.Status.VERIFIED:
            report = getattr(self, "outside_hire_report", None)
            return report.full_name if report is not None else ""
        return self.jobseeker.full_name


class OutsideHireReport(models.Model):
    """A company's report of a hire made outside the portal, kept as typed: identifier, name, birth date.

    Every report is kept, whether it matched a registered jobseeker or not: the company always gets
    the same answer (so the form cannot tell it who is registered), and staff see every report, the
    ones to follow up with the company and any company trying number after number.
    """

    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matched: a hire report for Disnaker to review")
        NO_MATCH = "no_match", _("No registered jobseeker with these details")
        REFERRED = "referred", _("Referred for this vacancy: to be reported from the candidates")
        ALREADY_REPORTED = "already_reported", _("This hire was reported already")

    company = models.ForeignKey(
        "employers.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="outside_hire_reports"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    card_number = models.CharField(
        _("AK/I card number (as typed)"), max_length=30, blank=True, validators=[validate_no_control_characters]
    )
    nik = models.CharField(_("NIK (as typed)"), max_length=16, blank=True, validators=[validate_no_control_characters])
    full_name = models.CharField(
        _("full name (as typed)"), max_length=MAX_NAME_LENGTH, validators=[validate_no_control_characters]
    )
    birth_date = models.DateField(_("date of birth (as typed)"))
    start_date = models.DateField(_("start date"))
    employment_type = models.CharField(
        _("employment type"), max_length=20, blank=True, validators=[validate_no_control_characters]
    )
    wage = models.PositiveIntegerField(_("wage (Rp)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, db_index=True)
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("placement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outside_hire_report",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hire report outside the portal")
        verbose_name_plural = _("hire reports outside the portal")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["matched", "no_match", "referred", "already_reported"]),
                name="outside_hire_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="matched", placement__isnull=False) | (~Q(outcome="matched") & Q(placement=None)),
                name="outside_hire_matched_has_placement",
            ),
            models.CheckConstraint(condition=~Q(card_number="") | ~Q(nik=""), name="outside_hire_has_identifier"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} @ {self.company} ({self.start_date})"


class PlacementEvent(StatusEvent):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("placement event")
        verbose_name_plural = _("placement events")


class JobseekerHireReport(StatusMachine):
    """A jobseeker's own report of being hired ("lapor diterima kerja"), for Disnaker to check.

    It joins the employer's hire report of the same person, company and start date (within
    `placements.services.HIRE_MATCH_WINDOW_DAYS`) when there is one, now or when the employer
    reports later; otherwise it waits in the staff's queue with its flags. The AK/I card becomes
    placed only when staff confirm, never on the jobseeker's word alone.
    """

    class Status(models.TextChoices):
        REPORTED = "reported", _("Waiting for Disnaker's check")
        CONFIRMED = "confirmed", _("Confirmed by Disnaker")
        REJECTED = "rejected", _("Not confirmed by Disnaker")

    ALLOWED = {
        Status.REPORTED: {Status.CONFIRMED, Status.REJECTED},
        Status.CONFIRMED: set(),
        Status.REJECTED: set(),
    }

    class Flag(models.TextChoices):
        LATE = "late", _("Reported after the deadline")
        COMPANY_NOT_REGISTERED = "company_not_registered", _("Company not registered")
        NOT_REPORTED_BY_EMPLOYER = "not_reported_by_employer", _("Not reported by the employer")
        # The insider-hiring signal of the single channel (no "titipan"): a hire without a Disnaker referral.
        NOT_REFERRED = "not_referred", _("Not referred through the portal")

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile",
        verbose_name=_("jobseeker"),
        on_delete=models.CASCADE,
        related_name="hire_reports",
    )
    company = models.ForeignKey(
        "employers.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobseeker_hire_reports",
        help_text=_("Empty when the company is not registered with the portal."),
    )
    company_name = models.CharField(
        _("company name (as reported)"), max_length=200, validators=[validate_no_control_characters]
    )
    position = models.CharField(_("position"), max_length=200, validators=[validate_no_control_characters])
    start_date = models.DateField(_("start date"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED, db_index=True
    )
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("employer's hire report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobseeker_hire_report",
    )
    flags = ArrayField(
        models.CharField(max_length=30, choices=Flag.choices),
        verbose_name=_("flags"),
        default=list,
        blank=True,
        help_text=_("Why staff should look closer; recomputed when the employer's report joins it."),
    )
    review_note = models.TextField(
        _("review note"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("jobseeker's own hire report")
        verbose_name_plural = _("jobseekers' own hire reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["reported", "confirmed", "rejected"]), name="jobseeker_hire_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_note=""), name="jobseeker_hire_rejection_has_note"
            ),
            models.CheckConstraint(
                condition=Q(placement__isnull=True) | Q(company__isnull=False),
                name="jobseeker_hire_matched_has_company",
            ),
            models.CheckConstraint(
                condition=Q(
                    flags__contained_by=["late", "company_not_registered", "not_reported_by_employer", "not_referred"]
                ),
                name="jobseeker_hire_flags_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jobseeker} @ {self.company_name} ({self.start_date})"

    @property
    def flag_labels(self) -> list[str]:
        return [str(self.Flag(flag).label) for flag in self.flags if flag in self.Flag.values]


class JobseekerHireReportEvent(StatusEvent):
    report = models.ForeignKey(JobseekerHireReport, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("jobseeker's hire report event")
        verbose_name_plural = _("jobseeker's hire report events")


class CallUp(StatusMachine, TimeStamped):
    """Disnaker's call-up (AK/IV): a matched jobseeker who has not applied is invited to apply to a vacancy.

    It becomes "applied" when the person applies to that vacancy (`services.application_submit`),
    "declined" when they say no, "expired" when the vacancy stops taking applications.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    ALLOWED = {
        Status.SENT: {Status.APPLIED, Status.DECLINED, Status.EXPIRED},
        Status.APPLIED: set(),
        Status.DECLINED: set(),
        Status.EXPIRED: set(),
    }

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.PROTECT, related_name="callups"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="callups"
    )
    letter_number = models.CharField(_("AK/IV letter number"), max_length=50, unique=True)
    message = models.TextField(
        _("message"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
        help_text=_("Shown to the jobseeker in the notice and printed on the letter."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("called up by"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callup",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SENT, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("call-up (AK/IV)")
        verbose_name_plural = _("call-ups (AK/IV)")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["sent", "applied", "declined", "expired"]), name="callup_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(application__isnull=False), name="callup_applied_has_application"
            ),
            models.UniqueConstraint(fields=["jobseeker", "vacancy"], name="callup_once_per_vacancy"),
        ]

    def __str__(self) -> str:
        return self.letter_number


class CallUpEvent(StatusEvent):
    callup = models.ForeignKey(CallUp, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("call-up event")
        verbose_name_plural = _("call-up events")


# Fair rotation for short "TA" work (issue 10): a queue among qualified local jobseekers ----------------


class RotationPool(TimeStamped):
    """A rotation among qualified local jobseekers for short turn-around (TA) or project work.

    Defined by staff ("TA Pupuk Kaltim 2027 — welders"). The queue itself is computed each time
    (`placements.rotation.rotation_queue`); only the proposals made from it are stored, and they
    are its history.
    """

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_control_characters])
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    skills = models.ManyToManyField(
        "reference.Skill",
        verbose_name=_("required skills"),
        blank=True,
        related_name="+",
        help_text=_("Jobseekers listing these skills (a skill's synonyms are the same skill) qualify."),
    )
    require_all_skills = models.BooleanField(
        _("require every skill"),
        default=True,
        help_text=_("On: a jobseeker needs every skill listed. Off: any one of them is enough."),
    )
    occupation = models.ForeignKey(
        "reference.KbjiGroup",
        verbose_name=_("occupation (KBJI 2014)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Optional: the jobseeker prefers or has worked in this occupation group (or one within it)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("rotation pool (TA work)")
        verbose_name_plural = _("rotation pools (TA work)")

    def __str__(self) -> str:
        return self.name


class RotationProposal(StatusMachine, TimeStamped):
    """One person proposed from a rotation pool's queue, with the score and its reasons at that moment.

    Proposed → referred (called up with an AK/IV, or an applicant referred with an AK/V, through
    the call-up and referral services) or skipped (with a reason; the person keeps their place).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        REFERRED = "referred", _("Referred or called up")
        SKIPPED = "skipped", _("Skipped")

    ALLOWED = {
        Status.PROPOSED: {Status.REFERRED, Status.SKIPPED},
        Status.REFERRED: set(),
        Status.SKIPPED: set(),
    }

    class SkipCategory(models.TextChoices):
        UNREACHABLE = "unreachable", _("Could not be reached")
        DECLINED = "declined", _("Declined this work")
        UNAVAILABLE = "unavailable", _("Not available on the dates")
        NOT_FIT = "not_fit", _("Does not meet the work's requirements")
        OTHER = "other", _("Other reason")

    pool = models.ForeignKey(
        RotationPool, verbose_name=_("rotation pool"), on_delete=models.PROTECT, related_name="proposals"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy",
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rotation_proposals",
    )
    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile",
        verbose_name=_("jobseeker"),
        on_delete=models.PROTECT,
        related_name="rotation_proposals",
    )
    rank = models.PositiveIntegerField(_("place in the queue"))
    score = models.FloatField(_("score"))
    components = models.JSONField(
        _("reasons"), default=list, blank=True, help_text=_("Each part of the score, in words, when proposed.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    skip_category = models.CharField(_("reason skipped"), max_length=20, choices=SkipCategory.choices, blank=True)
    skip_reason = models.TextField(
        _("reason skipped, in words"),
        blank=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_NOTE_LENGTH), validate_no_control_characters_multiline],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    callup = models.OneToOneField(
        CallUp, verbose_name=_("call-up (AK/IV)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.OneToOneField(
        Referral, verbose_name=_("referral (AK/V)"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "rank", "pk"]
        verbose_name = _("rotation proposal")
        verbose_name_plural = _("rotation proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "referred", "skipped"]), name="rotationproposal_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="skipped") | (~Q(skip_category="") & ~Q(skip_reason="")),
                name="rotationproposal_skip_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(callup__isnull=False) | Q(referral__isnull=False),
                name="rotationproposal_referred_has_letter",
            ),
            # One open proposal per person and pool: two staff proposing at once cannot both propose them.
            models.UniqueConstraint(
                fields=["pool", "jobseeker"], condition=Q(status="proposed"), name="rotationproposal_one_open"
            ),
        ]
        indexes = [models.Index(fields=["pool", "-created_at"], name="rotationproposal_pool_time")]

    def __str__(self) -> str:
        return f"{self.pool} #{self.rank}: {self.jobseeker}"


class RotationProposalEvent(StatusEvent):
    proposal = models.ForeignKey(RotationProposal, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("rotation proposal event")
        verbose_name_plural = _("rotation proposal events")


def report_file_path(instance, filename: str) -> str:
    """Kept for placements migration 0001 only: the reports moved to the `reports` app."""
    return f"reports/{instance.report.period_start:%Y/%m}/{filename}"
