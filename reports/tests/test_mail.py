import datetime
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse

from reports import files
from reports.mail import report_mail_send
from reports.models import Report, ReportFile
from reports.tests.sample import sample_data

pytestmark = pytest.mark.django_db

RECIPIENTS = ["kadis@disnaker.bontang.example", "statistik@bontang.example"]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def mail_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RECIPIENTS = RECIPIENTS
    settings.SITE_URL = "https://aker.bontang.example"
    return settings


def ready_report(*, status=Report.Status.READY, version=1) -> Report:
    """A generated version with its files: the report is ready first, the files inserted after (allowed)."""
    data = sample_data()
    report = Report.objects.create(
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 31),
        version=version,
        status=status,
        data=data,
        code_version=data["code_version"],
    )
    for fmt, table, name, content in files.report_files(data, kind="ipk", slug="2026-03", version=version):
        ReportFile.objects.create(
            report=report, format=fmt, table=table, file=ContentFile(content, name=name), size=len(content)
        )
    return report


def test_ready_report_is_sent_once_with_workbook_and_pdf(mail_settings, mailoutbox):
    # given a ready report with its stored files
    report = ready_report()
    # when
    sent = report_mail_send(report_id=report.pk)
    # then one message went to the recipients with the two files attached
    assert sent is True
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == RECIPIENTS
    assert "Laporan Bulanan Pelayanan Antar Kerja" in message.subject and "Maret 2026" in message.subject
    names = sorted(name for name, _content, _type in message.attachments)
    assert names == ["ipk-2026-03-v1.pdf", "ipk-2026-03-v1.xlsx"]
    attached = {name: content for name, content, _type in message.attachments}
    assert attached["ipk-2026-03-v1.pdf"].startswith(b"%PDF")
    assert attached["ipk-2026-03-v1.xlsx"].startswith(b"PK")
    # and both parts link to the report page, where the CSV files are, and list the tables
    link = "https://aker.bontang.example" + reverse("admin:reports_report_change", args=[report.pk])
    html = message.alternatives[0][0]
    assert link in message.body and link in html
    assert "IPK III/3 — Lowongan menurut golongan jabatan (KBJI)" in message.body
    # and the report is stamped
    report.refresh_from_db()
    assert report.sent_at is not None


def test_second_call_sends_nothing(mail_settings, mailoutbox):
    # given a report sent already
    report = ready_report()
    assert report_mail_send(report_id=report.pk) is True
    # when it is asked again
    sent_again = report_mail_send(report_id=report.pk)
    # then
    assert sent_again is False
    assert len(mailoutbox) == 1


def test_without_recipients_nothing_is_sent(mail_settings, mailoutbox):
    # given
    mail_settings.REPORT_RECIPIENTS = []
    report = ready_report()
    # when
    sent = report_mail_send(report_id=report.pk)
    # then
    assert sent is False
    assert mailoutbox == []
    report.refresh_from_db()
    assert report.sent_at is None


@pytest.mark.parametrize("status", [Report.Status.REQUESTED, Report.Status.RUNNING, Report.Status.FAILED])
def test_report_not_ready_is_not_sent(mail_settings, mailoutbox, status):
    # given
    report = ready_report(status=status)
    # when
    sent = report_mail_send(report_id=report.pk)
    # then
    assert sent is False
    assert mailoutbox == []
    report.refresh_from_db()
    assert report.sent_at is None


def test_missing_report_is_not_sent(mail_settings, mailoutbox):
    # when
    sent = report_mail_send(report_id=987654)
    # then
    assert sent is False
    assert mailoutbox == []


def test_failed_send_releases_the_claim_for_a_retry(mail_settings, mailoutbox):
    # given a mail server that refuses the connection
    report = ready_report()
    mail_settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    # when the first attempt fails
    with pytest.raises(ConnectionRefusedError):
        report_mail_send(report_id=report.pk)
    # then the report is not marked sent
    report.refresh_from_db()
    assert report.sent_at is None
    # and when the server is back, the retry sends it
    mail_settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert report_mail_send(report_id=report.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_send_once(mail_settings, mailoutbox):
    # given a ready report and two workers delivering the same task at the same moment
    report = ready_report()
    start = threading.Barrier(2)
    results = []

    def deliver():
        start.wait()
        try:
            results.append(report_mail_send(report_id=report.pk))
        finally:
            connection.close()

    # when
    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    # then exactly one sent
    assert sorted(results) == [False, True]
    assert len(mailoutbox) == 1
