"""Celery tasks of the statutory reports: thin wrappers around reports.services and reports.mail.

Ids in, idempotent (a ready version is left as it is; an e-mail is claimed before it is sent),
late acknowledgement (a worker killed mid-generation leaves the message to be delivered again,
and nothing half-written: the files and data are stored in one transaction at the end), retries
only for transient database errors, time limits.
"""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from reports import mail, services

TRANSIENT = (OperationalError, InterfaceError)
_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(soft_time_limit=60 * 20, time_limit=60 * 25, **_TASK_OPTIONS)
def generate_report_task(report_id: int) -> str:
    report = services.report_generate(report_id=report_id)
    if report.send_when_ready and report.status == report.Status.READY and report.sent_at is None:
        send_report_task.delay(report.pk)
    return report.status


@shared_task(
    soft_time_limit=120,
    time_limit=180,
    **{**_TASK_OPTIONS, "autoretry_for": (*TRANSIENT, smtplib.SMTPException, OSError)},  # the mail server too
)
def send_report_task(report_id: int) -> bool:
    return mail.report_mail_send(report_id=report_id)


@shared_task(soft_time_limit=120, time_limit=180, **_TASK_OPTIONS)
def scheduled_reports_task() -> list[int]:
    """Every night at 01:00 WITA: on the 1st of a month, the reports of the period just ended."""
    return [report.pk for report in services.reports_scheduled()]


@shared_task(soft_time_limit=60, time_limit=90, **_TASK_OPTIONS)
def requeue_stale_reports_task() -> list[int]:
    return services.reports_requeue_stale()
