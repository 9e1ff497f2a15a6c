from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskIncident(models.Model):
    """Failures (or retries) of one task with one exception class on one day, counted.

    One row per task name, exception class, state and day, however many times it happens, so a
    storm of failures updates a counter instead of writing a row each. The arguments are
    summarised by their ids (numbers) only; the message is cut short and stripped of e-mail
    addresses and long numbers (NIK), as it may quote a record.
    """

    class State(models.TextChoices):
        FAILED = "failed", _("Failed")
        RETRIED = "retried", _("Retried")

    task_name = models.CharField(_("task"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    exception_class = models.CharField(_("exception"), max_length=200)
    day = models.DateField(_("day"))
    message = models.CharField(_("message"), max_length=300, blank=True)
    last_task_id = models.CharField(_("last task id"), max_length=64, blank=True)
    args_summary = models.CharField(_("arguments"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task incident")
        verbose_name_plural = _("task incidents")
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_name", "exception_class", "state", "day"], name="ops_task_incident_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.task_name}: {self.exception_class} × {self.count} ({self.day})"
