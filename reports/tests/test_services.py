"""Generating report versions: stored once and immutable, failing loudly, on schedule, e-mailed."""

import datetime

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone

from jobseekers.models import AkiCardEvent
from reports import services, tasks
from reports.models import Report, ReportFile
from reports.tests import scenario

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def recipients(settings):
    settings.REPORT_RECIPIENTS = ["kadis@disnaker.bontang.example", "bps@bontangkota.example"]


@pytest.fixture
def history():
    return scenario.build()


def requested(kabid, **kwargs):
    return services.report_request(start=MARCH, by=kabid, **kwargs)


def test_a_request_is_a_new_version_generated_after_commit(kabid, django_capture_on_commit_callbacks):
    # when the head asks twice for March
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.report_request(start=MARCH, by=kabid, send=False)
        second = services.report_request(start=MARCH, by=kabid, send=False)
    # then they are versions 1 and 2, each handed to a worker once committed
    assert (first.version, second.version) == (1, 2)
    assert (first.period_start, first.period_end) == (MARCH, datetime.date(2026, 3, 31))
    assert len(callbacks) == 2
    assert first.events.get().to_status == Report.Status.REQUESTED


def test_a_period_not_yet_ended_is_refused(kabid):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_request(start=timezone.localdate(), by=kabid)


def test_generation_stores_the_tables_and_files_once(history, kabid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = requested(kabid)
    # when the task runs (twice: redelivered)
    services.report_generate(report_id=report.pk)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    # then the version is ready with its tables, who and which code
    assert report.status == Report.Status.READY and report.progress == 100
    assert report.code_version and report.generated_at
    assert report.data["period"]["label"] == "Maret 2026"
    keys = [table["key"] for table in report.data["tables"]]
    assert keys[:2] == ["iii_1_jobseekers", "iii_1_vacancies"] and "iii_8_placements" in keys
    # and one workbook, one PDF and one CSV per table, stored once
    formats = sorted(report.files.values_list("format", flat=True))
    assert formats.count("xlsx") == 1 and formats.count("pdf") == 1 and formats.count("csv") == len(keys)
    workbook = openpyxl.load_workbook(report.files.get(format="xlsx").file.path)
    assert len(workbook.sheetnames) >= len(keys)
    assert [event.to_status for event in report.events.all()] == ["requested", "running", "ready"]


def test_a_ready_version_cannot_be_changed_or_deleted(history, kabid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = requested(kabid)
    services.report_generate(report_id=report.pk)
    # the database itself refuses: its data, its status, the version itself, its files
    for change in (
        lambda: Report.objects.filter(pk=report.pk).update(data={"tables": []}),
        lambda: Report.objects.filter(pk=report.pk).update(status="failed"),
        lambda: Report.objects.filter(pk=report.pk).delete(),
        lambda: ReportFile.objects.filter(report=report).delete(),
        lambda: ReportFile.objects.filter(report=report).update(size=0),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    # while the e-mail stamp may still be set
    Report.objects.filter(pk=report.pk).update(sent_at=timezone.now())
    # and generating March again makes version 2, leaving version 1 as it was
    with django_capture_on_commit_callbacks(execute=False):
        again = requested(kabid)
    services.report_generate(report_id=again.pk)
    report.refresh_from_db()
    assert again.version == 2 and report.data["tables"] and report.status == Report.Status.READY


def test_a_report_that_does_not_balance_fails_and_is_not_sent(
    history, kabid, django_capture_on_commit_callbacks, settings
):
    settings.ADMINS = [("Pengelola portal", "admin@disnaker.bontang.example")]
    # given an inconsistent history (a card removed in March that became active only in April)
    event = AkiCardEvent.objects.create(card=history.cards["J6"], from_status="active", to_status="removed")
    AkiCardEvent.objects.filter(pk=event.pk).update(created_at=scenario.at(3, 15))
    with django_capture_on_commit_callbacks(execute=False):
        report = requested(kabid, send=True)
    # when the task runs
    status = tasks.generate_report_task.run(report.pk)
    report.refresh_from_db()
    # then the version failed with the reason, stored nothing, and the administrators were told
    assert status == Report.Status.FAILED == report.status
    assert "IPK III/1a 30–44 M" in report.error
    assert not report.files.exists() and report.data == {} and report.sent_at is None
    assert [message.to for message in mail.outbox] == [["admin@disnaker.bontang.example"]]
    assert "IPK III/1a 30–44 M" in mail.outbox[0].body


def test_a_scheduled_report_is_e_mailed_once_ready(history, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the send task runs in place of a worker here
    from bontang_aker.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=False):
            reports = services.reports_scheduled(today=datetime.date(2026, 4, 1))
        monthly = next(report for report in reports if report.kind == Report.Kind.IPK and report.period == "month")
        tasks.generate_report_task.run(monthly.pk)
        tasks.generate_report_task.run(monthly.pk)  # redelivered: nothing sent twice
    finally:
        app.conf.task_always_eager = False
    monthly.refresh_from_db()
    sent = [message for message in mail.outbox if set(message.to) == set(settings.REPORT_RECIPIENTS)]
    assert len(sent) == 1 and monthly.sent_at is not None
    assert sorted(name.rsplit(".", 1)[-1] for name, _content, _type in sent[0].attachments) == ["pdf", "xlsx"]


def test_the_schedule_makes_each_period_once():
    # on the 1st: last month's IPK and WLLP; at a quarter's start the quarter; on 1 January the year too
    assert services.reports_due(today=datetime.date(2026, 5, 1)) == [
        ("ipk", "month", datetime.date(2026, 4, 1)),
        ("wllp", "month", datetime.date(2026, 4, 1)),
    ]
    due = services.reports_due(today=datetime.date(2027, 1, 1))
    assert ("ipk", "quarter", datetime.date(2026, 10, 1)) in due and ("ipk", "year", datetime.date(2026, 1, 1)) in due
    assert services.reports_due(today=datetime.date(2026, 5, 2)) == []
    # when the nightly task runs twice on 1 April, one version of each is requested
    first = services.reports_scheduled(today=datetime.date(2026, 4, 1))
    second = services.reports_scheduled(today=datetime.date(2026, 4, 1))
    assert len(first) == 3 and second == []
    quarter = next(report for report in first if report.period == "quarter")
    assert (quarter.period_start, quarter.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert all(report.trigger == "schedule" and report.send_when_ready for report in first)


def test_beat_runs_the_schedule_at_one_in_the_morning_wita_on_the_first():
    entry = settings.CELERY_BEAT_SCHEDULE["statutory-reports"]
    assert entry["task"] == "reports.tasks.scheduled_reports_task"
    assert (entry["schedule"].hour, entry["schedule"].minute, entry["schedule"].day_of_month) == ({1}, {0}, {1})
    assert settings.CELERY_TIMEZONE == "Asia/Makassar"


def test_a_quarter_is_generated_from_its_months(history, kabid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.report_request(period="quarter", start=datetime.date(2026, 2, 1), by=kabid)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.period_start, report.period_end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    summary = next(table for table in report.data["tables"] if table["key"] == "iii_1_vacancies")
    keys = [column["key"] for column in summary["columns"]]
    assert summary["total"]["values"][keys.index("registered_all")] == 10
    assert report.data["period"]["label"] == "Triwulan I 2026"


def test_the_wllp_export_is_a_version_too(history, kabid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = services.report_request(kind="wllp", start=MARCH, by=kabid)
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert sorted(report.files.values_list("format", flat=True)) == ["csv", "xlsx"]
    assert len(report.data["wllp"]["rows"]) == 3  # V1 (hires in March), V2 and V3 (published in March)


def test_a_lost_task_is_handed_over_again(kabid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = requested(kabid)
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    from bontang_aker.celery import app

    app.conf.task_always_eager = True
    try:
        assert services.reports_requeue_stale() == [report.pk]
    finally:
        app.conf.task_always_eager = False
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_a_transient_database_error_leaves_the_version_to_be_retried(
    history, kabid, django_capture_on_commit_callbacks
):
    from django.db import OperationalError, connection

    with django_capture_on_commit_callbacks(execute=False):
        report = requested(kabid)

    def connection_lost(execute, sql, params, many, context):
        if "jobseekers_akicardevent" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    # when the connection is lost while the tables are computed
    with pytest.raises(OperationalError), connection.execute_wrapper(connection_lost):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    # then the version is not failed: it waits for the retry, with nothing stored
    assert report.status == Report.Status.RUNNING and not report.files.exists()
    # and the retry makes it ready
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    # (its history says it started again)
    assert [event.to_status for event in report.events.all()] == ["requested", "running", "running", "ready"]
