"""Statutory reports: request a version, generate it, and the monthly schedule.

`report_request` makes a new version (never overwrites one) and enqueues its generation after
commit. `report_generate` computes the tables (`reports.tables`, quarters and years from their
months with `reports.rollup`), renders the files and stores everything in one transaction; until
then only the progress columns move, each step committed on its own so that the staff's page can
show it. A worker killed half-way leaves the version "being generated" with nothing stored, and
the redelivered task starts it again. A report whose tables do not balance is marked failed with
the reason and the administrators are told: it is never sent.
"""

from __future__ import annotations

import datetime
import functools
import logging
import subprocess

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import mail_admins
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import transition
from reports import files, wllp
from reports.layout import Table
from reports.models import Report, ReportFile
from reports.rollup import rollup
from reports.tables import Month, ReportImbalance, month_tables

logger = logging.getLogger(__name__)

MONTH_NAMES_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def period_bounds(*, period: str, start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month, quarter or year that starts on `start`."""
    first = start.replace(day=1)
    if period == Report.Period.QUARTER:
        first = first.replace(month=(first.month - 1) // 3 * 3 + 1)
        months = 3
    elif period == Report.Period.YEAR:
        first = first.replace(month=1)
        months = 12
    else:
        months = 1
    return first, first + relativedelta(months=months) - datetime.timedelta(days=1)


def period_label(*, period: str, start: datetime.date) -> str:
    """In Indonesian, as the files print it: "Maret 2026", "Triwulan I 2026", "Tahun 2026"."""
    if period == Report.Period.YEAR:
        return f"Tahun {start.year}"
    if period == Report.Period.QUARTER:
        return f"Triwulan {'I II III IV'.split()[(start.month - 1) // 3]} {start.year}"
    return f"{MONTH_NAMES_ID[start.month - 1]} {start.year}"


def period_slug(*, period: str, start: datetime.date) -> str:
    if period == Report.Period.YEAR:
        return f"{start:%Y}"
    if period == Report.Period.QUARTER:
        return f"{start:%Y}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


@functools.cache
def code_version() -> str:
    """The deployed code's version: settings.CODE_VERSION, else the git commit, else "unknown"."""
    if settings.CODE_VERSION:
        return settings.CODE_VERSION
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def report_request(
    *,
    kind: str = Report.Kind.IPK,
    period: str = Report.Period.MONTH,
    start: datetime.date,
    by: User | None = None,
    trigger: str = Report.Trigger.STAFF,
    send: bool = False,
) -> Report:
    """A new version of the report for the period that contains `start`, generated after commit.

    A period that has not ended yet is refused (its figures would still move). `send` e-mails the
    files to settings.REPORT_RECIPIENTS once ready; scheduled reports are always sent.
    """
    first, last = period_bounds(period=period, start=start)
    if last >= timezone.localdate():
        raise ValidationError({"start": _("This period has not ended yet: a report covers a finished period.")})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                version = (
                    Report.objects.filter(kind=kind, period=period, period_start=first).aggregate(Max("version"))[
                        "version__max"
                    ]
                    or 0
                ) + 1
                report = Report.objects.create(
                    kind=kind,
                    period=period,
                    period_start=first,
                    period_end=last,
                    version=version,
                    trigger=trigger,
                    send_when_ready=send or trigger == Report.Trigger.SCHEDULE,
                    requested_by=by,
                    progress_note=_("Waiting for a worker"),
                )
                break
        except IntegrityError:  # another request took the same version number at the same time
            continue
    else:
        raise RuntimeError("could not number the report version")
    note = _("To be e-mailed to the recipients when ready.") if report.send_when_ready else ""
    report.events.create(actor=by, from_status="", to_status=Report.Status.REQUESTED, note=note)
    transaction.on_commit(lambda: report_enqueue(report_id=report.pk), robust=True)
    return report


def report_enqueue(*, report_id: int) -> None:
    """Hand a version to a worker. With the broker down it stays requested and `reports_requeue_stale`
    hands it over again later (robust on_commit: the request itself is kept)."""
    from reports.tasks import generate_report_task  # the tasks module imports this one

    generate_report_task.apply_async(args=[report_id], queue=settings.REPORT_TASK_QUEUE)


def reports_requeue_stale(*, older_than: datetime.timedelta = datetime.timedelta(minutes=30)) -> list[int]:
    """Versions requested or being generated for longer than `older_than`: their task was lost
    (the broker was down, or a worker died and the message expired); hand them over again."""
    stale = list(
        Report.objects.filter(
            status__in=[Report.Status.REQUESTED, Report.Status.RUNNING], updated_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
    for report_id in stale:
        Report.objects.filter(pk=report_id).update(updated_at=timezone.now())
        report_enqueue(report_id=report_id)
    return stale


def _progress(report_id: int, percent: int, note: str) -> None:
    """One step, committed at once (the caller holds no transaction), for the staff's progress bar."""
    Report.objects.filter(pk=report_id).update(progress=min(100, percent), progress_note=note[:200])


def _months(report: Report) -> list[Month]:
    month = Month(report.period_start.year, report.period_start.month)
    months = []
    while month.first_day <= report.period_end:
        months.append(month)
        month = month.next()
    return months


def ipk_tables(report: Report) -> list[Table]:
    """The tables of the report's period: its month, or its months rolled up."""
    months = _months(report)
    computed = []
    for index, month in enumerate(months):
        _progress(
            report.pk,
            5 + 75 * index // len(months),
            _("Computing %(month)s") % {"month": period_label(period=Report.Period.MONTH, start=month.first_day)},
        )
        computed.append(month_tables(year=month.year, month=month.month))
    return computed[0] if len(computed) == 1 else rollup(computed)


def report_data(report: Report) -> dict:
    label = period_label(period=report.period, start=report.period_start)
    base = {
        "office": settings.REPORT_LETTERHEAD,
        "period": {
            "kind": report.period,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
            "label": label,
        },
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "code_version": code_version(),
    }
    if report.kind == Report.Kind.WLLP:
        header, rows = wllp.wllp_rows(period_start=report.period_start, period_end=report.period_end)
        return {
            **base,
            "title": wllp.wllp_title(period_start=report.period_start, period_end=report.period_end),
            "wllp": {"header": header, "rows": [[_json_value(value) for value in row] for row in rows]},
        }
    tables = ipk_tables(report)
    return {
        **base,
        "title": _("Monthly placement report (IPK III)")
        if report.period == Report.Period.MONTH
        else _("Placement report (IPK III), roll-up of the months"),
        "tables": [table.as_dict() for table in tables],
    }


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def report_files(report: Report, data: dict) -> list[tuple[str, str, str, bytes]]:
    slug = period_slug(period=report.period, start=report.period_start)
    if report.kind == Report.Kind.WLLP:
        header, rows = wllp.wllp_rows(period_start=report.period_start, period_end=report.period_end)
        name = f"wllp-{slug}-v{report.version}"
        return [
            (ReportFile.Format.XLSX, "", f"{name}.xlsx", wllp.wllp_xlsx_bytes(header, rows, title=data["title"])),
            (ReportFile.Format.CSV, "", f"{name}.csv", wllp.wllp_csv_bytes(header, rows)),
        ]
    return files.report_files(data, kind=report.kind, slug=slug, version=report.version)


def report_generate(*, report_id: int) -> Report:
    """Compute, render and store one requested version; a second run of a ready one changes nothing."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status in (Report.Status.READY, Report.Status.FAILED):
            return report
        if report.status == Report.Status.REQUESTED:
            transition(report, Report.Status.RUNNING, note=_("Generation started"))
        else:  # running: a worker died half-way and the task came back
            report.events.create(from_status=report.status, to_status=report.status, note=_("Generation started again"))
    _progress(report.pk, 2, _("Started"))
    try:
        with translation.override("id"):
            data = report_data(report)
            _progress(report.pk, 85, _("Writing the files"))
            rendered = report_files(report, data)
    except ReportImbalance as imbalance:
        return _fail(report, _("The tables do not balance: %(problems)s") % {"problems": imbalance})
    except (OperationalError, InterfaceError):
        raise  # transient (a lost connection): the task retries and starts again; the version stays running
    except Exception as error:
        logger.exception("report %s failed", report.pk)
        _fail(report, _("Generation failed: %(error)s") % {"error": error.__class__.__name__})
        raise
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != Report.Status.RUNNING:
            return report  # another run finished first
        for file_format, table, filename, content in rendered:
            stored = ReportFile(report=report, format=file_format, table=table, size=len(content))
            stored.file.save(filename, ContentFile(content), save=False)
            stored.save()
        report.data = data
        report.generated_at = timezone.now()
        report.code_version = data["code_version"]
        report.progress, report.progress_note = 100, _("Ready")
        transition(
            report,
            Report.Status.READY,
            note=_("%(count)d files") % {"count": len(rendered)},
            update_fields=("data", "generated_at", "code_version", "progress", "progress_note"),
        )
    return report


def _fail(report: Report, reason: str) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Report.Status.RUNNING:
            return report
        report.error = reason
        report.progress_note = _("Failed")
        transition(report, Report.Status.FAILED, note=reason[:2000], update_fields=("error", "progress_note"))
    logger.error("report %s (%s) failed: %s", report.pk, report, reason)
    mail_admins(f"Report {report} failed", reason, fail_silently=True)
    return report


def reports_due(*, today: datetime.date) -> list[tuple[str, str, datetime.date]]:
    """(kind, period, start) of the reports the schedule makes on `today` (WITA): on the 1st, the
    month before; on the 1st of a quarter also the quarter before; on 1 January also the year."""
    if today.day != 1:
        return []
    previous = today - relativedelta(months=1)
    due = [(Report.Kind.IPK, Report.Period.MONTH, previous), (Report.Kind.WLLP, Report.Period.MONTH, previous)]
    if today.month in (1, 4, 7, 10):
        due.append((Report.Kind.IPK, Report.Period.QUARTER, today - relativedelta(months=3)))
    if today.month == 1:
        due.append((Report.Kind.IPK, Report.Period.YEAR, today - relativedelta(years=1)))
    return due


def reports_scheduled(*, today: datetime.date | None = None) -> list[Report]:
    """Request the reports due today, once: a period that already has a scheduled version in
    progress or ready is left alone (the task may run twice; staff may still generate more)."""
    today = today or timezone.localdate()
    requested = []
    for kind, period, start in reports_due(today=today):
        first, _last = period_bounds(period=period, start=start)
        with transaction.atomic():
            with connection.cursor() as cursor:  # two runs of the schedule at once make one version
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports_scheduled'))")
            exists = Report.objects.filter(
                kind=kind,
                period=period,
                period_start=first,
                trigger=Report.Trigger.SCHEDULE,
                status__in=[Report.Status.REQUESTED, Report.Status.RUNNING, Report.Status.READY],
            ).exists()
            if not exists:
                requested.append(report_request(kind=kind, period=period, start=first, trigger=Report.Trigger.SCHEDULE))
    return requested
