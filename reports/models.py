"""Statutory reports: one immutable version per generation, with its tables as data and its files.

A report covers one period (a month, a quarter or a year). Its tables are computed from the dated
event rows of cards, vacancies and placements (`reports.tables`), so re-generating a past period
gives the same figures however the records changed since. A version once ready never changes: a
new generation is a new version (`reports.services.report_request`); the database refuses an
update of a ready version's period, data or files (migration 0002's trigger).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.workflow import StatusEvent, StatusMachine, TimeStamped


class Report(StatusMachine, TimeStamped):
    class Kind(models.TextChoices):
        IPK = "ipk", _("IPK III tables and the Bontang tables")
        WLLP = "wllp", _("Karirhub / WLLP vacancy export")

    class Period(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RUNNING = "running", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ALLOWED = {
        Status.REQUESTED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.READY, Status.FAILED},
        Status.FAILED: set(),  # generate again: a new version
        Status.READY: set(),
    }

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        STAFF = "staff", _("Staff request")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IPK)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.MONTH)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices, default=Trigger.STAFF)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("step"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    code_version = models.CharField(_("code version"), max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    send_when_ready = models.BooleanField(_("e-mail to the recipients when ready"), default=False)
    sent_at = models.DateTimeField(_("sent by e-mail at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "period", "kind", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [("generate_report", _("Can generate statutory reports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "running", "ready", "failed"]), name="report_status_valid"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_ordered"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            models.UniqueConstraint(fields=["kind", "period", "period_start", "version"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        if self.period == self.Period.YEAR:
            return f"{self.period_start:%Y}"
        if self.period == self.Period.QUARTER:
            return f"{self.period_start:%Y}-Q{(self.period_start.month - 1) // 3 + 1}"
        return f"{self.period_start:%Y-%m}"

    def clean(self):
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class ReportEvent(StatusEvent):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")

    class Meta(StatusEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")


def report_file_path(instance, filename: str) -> str:
    return f"reports/{instance.report.period_start:%Y/%m}/{instance.report.kind}-{instance.report.pk}/{filename}"


class ReportFile(models.Model):
    """One file of a version: the workbook, the PDF, or one table as CSV (`table` names it)."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel")
        PDF = "pdf", _("PDF")
        CSV = "csv", _("CSV")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    table = models.CharField(_("table"), max_length=40, blank=True, help_text=_("For a CSV file: its table."))
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "format", "table"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            models.UniqueConstraint(fields=["report", "format", "table"], name="report_file_one_per_format_table")
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format}{' ' + self.table if self.table else ''})"
