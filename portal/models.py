"""Models of what spans the domain apps: a jobseeker's saved vacancy searches and their daily digest.

A saved search belongs to a jobseeker (accounts) and holds the filters of the vacancy search
(employers.api.filters.VacancyFilter). jobseekers imports nothing of employers, and employers
reaches jobseekers through placements, so the feature sits here, above both.
"""

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import validate_no_control_characters
from employers.models import Company

SAVED_SEARCH_NAME_MAX_LENGTH = 100
SAVED_SEARCH_QUERY_MAX_LENGTH = 1000


class SavedSearch(models.Model):
    """A search of /lowongan/ a jobseeker keeps: opened again in one click, and e-mailed each morning."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(
        _("name"),
        max_length=SAVED_SEARCH_NAME_MAX_LENGTH,
        validators=[MinLengthValidator(1), validate_no_control_characters],
    )
    query = models.CharField(
        _("search"),
        max_length=SAVED_SEARCH_QUERY_MAX_LENGTH,
        blank=True,
        help_text=_("The filters as a normalised query string of /lowongan/ (empty: every vacancy)."),
    )
    email_alerts = models.BooleanField(
        _("daily e-mail"), default=True, help_text=_("New matching vacancies are e-mailed each morning.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_checked_at = models.DateTimeField(
        _("checked up to"),
        default=timezone.now,
        help_text=_("Vacancies published after this go into the next digest."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["user", "query"], name="savedsearch_once_per_user_query"),
            models.CheckConstraint(condition=~Q(name=""), name="savedsearch_name_given"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedSearchDigest(models.Model):
    """One digest a day per person (WITA date), claimed before the e-mail goes out.

    The row is inserted in the transaction that sends, so a second run of the same day (a
    redelivered task, beat started twice) finds it and sends nothing; a failed send rolls it
    back for the retry. `sent_at` stays empty when nothing new matched (no e-mail that day).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    vacancy_count = models.PositiveIntegerField(_("new vacancies"), default=0)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("saved-search digest")
        verbose_name_plural = _("saved-search digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="savedsearchdigest_once_per_user_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class ComplianceMonitoring(Company):
    """Every company seen through its compliance figures: the staff's city-wide list (portal.admin).

    A proxy, so the admin lists it in the app index like any other page; no table of its own.
    """

    class Meta:
        proxy = True
        verbose_name = _("company compliance")
        verbose_name_plural = _("compliance monitoring")
