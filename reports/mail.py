"""The e-mail that delivers a ready report version to settings.REPORT_RECIPIENTS, once.

The message carries the workbook and the PDF; the per-table CSV files stay on the report's admin
page, which the message links to. It is written in Indonesian (the recipients are Disnaker and
the city's offices, and the files are Indonesian documents).

Exactly once: `sent_at` is claimed in its own short transaction (row locked, then a conditional
update), and the message goes out after the claim has committed, so two concurrent or repeated
calls cannot both send and no row lock is held while the mail server answers. When sending
fails the claim is released for a retry. A process killed between the claim and the send
leaves the report marked sent without a message: rarer and easier to see (the admin shows
sent_at, the log has no "sent" line) than a second copy of a statutory report.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontang_aker.notices.services import render_text
from reports.files import PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE
from reports.models import Report, ReportFile

logger = logging.getLogger(__name__)

MAIL_LANGUAGE = "id"
ATTACHED_FORMATS = {ReportFile.Format.XLSX: XLSX_CONTENT_TYPE, ReportFile.Format.PDF: PDF_CONTENT_TYPE}


def report_mail_send(*, report_id: int) -> bool:
    """E-mail a ready, not yet sent report to REPORT_RECIPIENTS; returns whether it went out."""
    recipients = list(settings.REPORT_RECIPIENTS)
    if not recipients:
        return False
    claim = _claim(report_id=report_id)
    if claim is None:
        return False
    report, claimed_at = claim
    try:
        _message(report=report, recipients=recipients).send()
    except Exception:
        Report.objects.filter(pk=report.pk, sent_at=claimed_at).update(sent_at=None)
        raise
    logger.info("Report %s sent to %d recipient(s).", report.pk, len(recipients))
    return True


@transaction.atomic
def _claim(*, report_id: int):
    """(report, claim time) after stamping `sent_at`, or None when not ready or sent already."""
    report = (
        Report.objects.select_for_update()
        .filter(pk=report_id, status=Report.Status.READY, sent_at__isnull=True)
        .first()
    )
    if report is None:
        return None
    now = timezone.now()
    if not Report.objects.filter(pk=report.pk, sent_at=None).update(sent_at=now):
        return None
    return report, now


def report_admin_url(report: Report) -> str:
    return settings.SITE_URL + reverse("admin:reports_report_change", args=[report.pk])


def _message(*, report: Report, recipients: list[str]) -> EmailMultiAlternatives:
    data = report.data or {}
    attachments = _attachments(report)
    with translation.override(MAIL_LANGUAGE):
        context = {
            "report": report,
            "title": data.get("title") or report.get_kind_display(),
            "office": data.get("office", ""),
            "period": (data.get("period") or {}).get("label") or report.period_label,
            "tables": data.get("tables", []),
            "attachments": [name for name, _content, _type in attachments],
            "link": report_admin_url(report),
            "lang": MAIL_LANGUAGE,
        }
        subject = _("%(title)s, %(period)s (version %(version)s)") % {
            "title": context["title"],
            "period": context["period"],
            "version": report.version,
        }
        context["subject"] = subject
        body = render_text("reports/email/report_ready.txt", context).strip()
        html = render_to_string("reports/email/report_ready.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    for name, content, content_type in attachments:
        message.attach(name, content, content_type)
    return message


def _attachments(report: Report) -> list[tuple[str, bytes, str]]:
    """(file name, content, type) of the version's workbook and PDF, read through the storage."""
    rows = ReportFile.objects.filter(report=report, format__in=ATTACHED_FORMATS, table="").order_by("format")
    attachments = []
    for row in rows:
        with row.file.open("rb") as handle:
            content = handle.read()
        name = posixpath.basename(row.file.name)
        content_type = ATTACHED_FORMATS.get(row.format) or mimetypes.guess_type(name)[0]
        attachments.append((name, content, content_type))
    return attachments
