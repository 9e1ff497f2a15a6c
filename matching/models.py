"""Matching: a 0–100 score for a (vacancy, jobseeker) pair, with the reasons, computed in PostgreSQL.

Scoring reads two small "facts" tables instead of the records themselves: one row per jobseeker
(`JobseekerFacts`: skills as an array of ids, occupations as KBJI codes, education rank, years of
experience, the text of certificates and majors as tsvectors, …) and one per published vacancy
(`VacancyFacts` and its `VacancySkillGroup` rows). They are rebuilt from the records by
`matching.facts` whenever the records change, so one SQL statement can score every candidate of
a vacancy, or every vacancy of a jobseeker, with indexes (GIN on the arrays and the tsvectors).

`Match` keeps, per vacancy, its best `MATCH_CANDIDATES_PER_VACANCY` candidates and, per jobseeker,
their best `MATCH_VACANCIES_PER_JOBSEEKER` vacancies: one row per pair, flagged by which list it
belongs to, replaced in one transaction per vacancy or per jobseeker.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TsQueryField(models.Field):
    """A PostgreSQL `tsquery`, written by SQL only (matching.facts); read back as its text."""

    description = "PostgreSQL tsquery"

    def db_type(self, connection):
        return "tsquery"


class JobseekerFacts(models.Model):
    """What scoring needs of one jobseeker, in columns PostgreSQL can index and compare."""

    jobseeker = models.OneToOneField(
        "jobseekers.JobseekerProfile", primary_key=True, on_delete=models.CASCADE, related_name="match_facts"
    )
    skill_ids = ArrayField(models.IntegerField(), default=list)
    # Skills the profile names only in words (a past position "Welder", "about me"): they count half.
    word_skill_ids = ArrayField(models.IntegerField(), default=list)
    occupation_codes = ArrayField(models.CharField(max_length=20), default=list)
    education_rank = models.PositiveSmallIntegerField(default=0)
    is_smk_graduate = models.BooleanField(default=False)
    experience_months = models.PositiveIntegerField(default=0)
    # Skill names and synonyms (A), positions and certificates (B), majors and "about me" (C).
    profile_vector = SearchVectorField(null=True)
    certificate_vector = SearchVectorField(null=True)
    majors_vector = SearchVectorField(null=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1)
    is_local = models.BooleanField(default=False)
    willing_outside_bontang = models.BooleanField(default=False)
    has_disability = models.BooleanField(default=False)
    is_poor_household = models.BooleanField(default=False)
    card_active = models.BooleanField(default=False)
    card_issued_at = models.DateTimeField(null=True)
    expected_wage = models.PositiveIntegerField(null=True)
    last_active_at = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jobseeker matching facts")
        verbose_name_plural = _("jobseeker matching facts")
        indexes = [
            GinIndex(fields=["skill_ids"], name="match_facts_skills"),
            # With it, the candidate filter is a bitmap OR of three GIN indexes instead of a full scan.
            GinIndex(fields=["word_skill_ids"], name="match_facts_word_skills"),
            GinIndex(fields=["occupation_codes"], name="match_facts_occupations"),
            GinIndex(fields=["profile_vector"], name="match_facts_profile"),
            models.Index(fields=["card_active", "education_rank"], name="match_facts_card_education"),
        ]

    def __str__(self) -> str:
        return f"facts of jobseeker {self.jobseeker_id}"


class VacancyFacts(models.Model):
    """What scoring needs of one published vacancy; removed when the vacancy stops being published."""

    vacancy = models.OneToOneField(
        "employers.Vacancy", primary_key=True, on_delete=models.CASCADE, related_name="match_facts"
    )
    occupation_code = models.CharField(max_length=20)
    min_education_rank = models.PositiveSmallIntegerField(default=0)
    age_min = models.PositiveSmallIntegerField(null=True)
    age_max = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=3, default="any")
    outside_bontang = models.BooleanField(default=False)
    skill_group_count = models.PositiveSmallIntegerField(default=0)
    # Every skill id of every group, related ones included: whoever has none of them scores 0 for skills.
    skill_ids = ArrayField(models.IntegerField(), default=list)
    # The skill groups again as two matrices, one row per group padded with 0 (no skill has id 0):
    # the jobseeker side reads a vacancy's groups from its own row instead of one lookup per pair.
    group_skills = ArrayField(ArrayField(models.IntegerField()), default=list)
    group_related = ArrayField(ArrayField(models.IntegerField()), default=list)
    title_query = TsQueryField(null=True)
    certificate_query = TsQueryField(null=True)
    majors_query = TsQueryField(null=True)
    experience_years_min = models.PositiveSmallIntegerField(default=0)
    monthly_wage_offer = models.PositiveIntegerField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vacancy matching facts")
        verbose_name_plural = _("vacancy matching facts")
        indexes = [GinIndex(fields=["skill_ids"], name="match_vfacts_skills")]

    def __str__(self) -> str:
        return f"facts of vacancy {self.vacancy_id}"


class VacancySkillGroup(models.Model):
    """One skill the vacancy asks for: a listed skill, or one its title names ("Juru Las" → welding).

    `skill_ids` count fully (the skill itself, or any of the skills one title word names);
    `related_ids` (skills sharing a one-word synonym, e.g. GTAW beside SMAW welding) count half, and
    so does a skill the profile names only in words (`JobseekerFacts.word_skill_ids`).
    """

    vacancy = models.ForeignKey(VacancyFacts, on_delete=models.CASCADE, related_name="skill_groups")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    skill_ids = ArrayField(models.IntegerField())
    related_ids = ArrayField(models.IntegerField(), default=list)

    class Meta:
        ordering = ["vacancy", "position"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "position"], name="match_skill_group_position")]

    def __str__(self) -> str:
        return self.label


class Match(models.Model):
    """A computed fit between a vacancy and a jobseeker: a 0–100 score and why."""

    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="matches"
    )
    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="matches"
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    explanation = models.JSONField(
        _("explanation"),
        default=dict,
        help_text=_("Each component's points, and the skills matched and missing (matching.explain)."),
    )
    among_vacancy_best = models.BooleanField(
        _("among the vacancy's best candidates"), default=False, help_text=_("Shown to staff for referral.")
    )
    among_jobseeker_best = models.BooleanField(
        _("among the jobseeker's best vacancies"), default=False, help_text=_("Shown to the jobseeker.")
    )
    computed_at = models.DateTimeField(
        _("computed at"), help_text=_("When the score or its reasons last changed; an unchanged row is not rewritten.")
    )
    # A hash of everything the explanation is made of (score, each component's tenths of a point, the
    # weights, the skill credits and their names): a rematch builds the explanation of a changed pair only.
    basis = models.BigIntegerField(null=True, editable=False)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "jobseeker"], name="matching_match_once_per_pair"),
            models.CheckConstraint(condition=Q(score__lte=100), name="matching_match_score_at_most_100"),
            models.CheckConstraint(
                condition=Q(among_vacancy_best=True) | Q(among_jobseeker_best=True),
                name="matching_match_in_a_list",
            ),
        ]
        indexes = [
            models.Index(
                fields=["vacancy", "-score"], condition=Q(among_vacancy_best=True), name="matching_vacancy_best"
            ),
            models.Index(
                fields=["jobseeker", "-score"], condition=Q(among_jobseeker_best=True), name="matching_jobseeker_best"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id}/{self.jobseeker_id}: {self.score}"


class MatchFeedback(models.Model):
    """Someone said a match is wrong: who, which pair, why; staff review it, the quality report counts it."""

    class Reason(models.TextChoices):
        NOT_QUALIFIED = "not_qualified", _("The person does not have what the job needs")
        WRONG_FIELD = "wrong_field", _("A different kind of work")
        WRONG_PLACE = "wrong_place", _("Wrong place or working hours")
        WAGE = "wage", _("The wage does not fit")
        OTHER = "other", _("Another reason")

    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )
    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="+"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    score = models.PositiveSmallIntegerField(_("score when reported"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        permissions = [("review_matchfeedback", _("Can mark feedback on matches as reviewed"))]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "jobseeker", "given_by"], name="match_feedback_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id}/{self.jobseeker_id}: {self.reason}"


class MatchNoticeKind(models.TextChoices):
    """The kinds of match notice a person can switch off (matching.notices)."""

    MATCH_DIGEST = "match_digest", _("New vacancies that match me (at most one a day)")
    FEW_CANDIDATES = "match_few_candidates", _("Vacancies with too few good candidates (staff, daily)")


class MatchDigest(models.Model):
    """One match digest a day per jobseeker (WITA date), claimed in the transaction that sends it.

    A second run of the same day (a redelivered task, beat started twice) finds the row and sends
    nothing; a failure before the commit rolls it back, with its `MatchNotice` rows, for the retry.
    """

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    notice = models.ForeignKey(
        "notices.Notice", verbose_name=_("notice"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vacancy_count = models.PositiveIntegerField(_("vacancies"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("match digest")
        verbose_name_plural = _("match digests")
        constraints = [models.UniqueConstraint(fields=["jobseeker", "day"], name="match_digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.jobseeker_id} {self.day}"


class MatchNotice(models.Model):
    """A (jobseeker, vacancy) pair told to the jobseeker: never told again, even if the match comes back."""

    jobseeker = models.ForeignKey(
        "jobseekers.JobseekerProfile", verbose_name=_("jobseeker"), on_delete=models.CASCADE, related_name="+"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("vacancy"), on_delete=models.CASCADE, related_name="+"
    )
    digest = models.ForeignKey(MatchDigest, verbose_name=_("digest"), on_delete=models.CASCADE, related_name="pairs")
    score = models.PositiveSmallIntegerField(_("score when told"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match notice")
        verbose_name_plural = _("match notices")
        constraints = [models.UniqueConstraint(fields=["jobseeker", "vacancy"], name="match_notice_once_per_pair")]

    def __str__(self) -> str:
        return f"{self.vacancy_id}/{self.jobseeker_id}"


class MatchNoticeOptOut(models.Model):
    """A person switched off one kind of match notice (on their settings page or by the e-mail's link)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MatchNoticeKind.choices)
    created_at = models.DateTimeField(_("switched off at"), auto_now_add=True)

    class Meta:
        verbose_name = _("match notice opt-out")
        verbose_name_plural = _("match notice opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="match_notice_optout_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"
