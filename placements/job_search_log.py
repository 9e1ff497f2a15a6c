"""The job-search log (riwayat pencarian kerja): proof of an active job search, e.g. for a JKP claim.

One selector, `job_search_log`, builds the rows from the event rows the portal keeps anyway:
applications, referrals (AK/V), selection results, verified hires, the person's own hire reports
and the AK/I card's events (request, issue, every report "lapor"). The page, the PDF, the CSV and
the API all show these rows, oldest first.

It reads the jobseekers app from placements, the direction the imports already run
(placements → jobseekers, never back), so it lives here rather than in portal/.

The CSV is UTF-8 with a byte-order mark, so Excel opens the accents right, and uses commas (RFC
4180): Excel set to Indonesian expects ";" when a file is double-clicked; there use Data → From
Text/CSV, which detects the comma. Cells starting with = + - @ get a leading apostrophe so a
spreadsheet never runs a typed company name as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontang_aker.core.pdf import disnaker_pdf, pdf_bytes
from jobseekers.models import AkiCard, AkiCardEvent, JobseekerProfile
from placements.models import (
    Application,
    ApplicationEvent,
    JobseekerHireReport,
    JobseekerHireReportEvent,
    Placement,
    PlacementEvent,
    Referral,
    ReferralEvent,
)

KIND_LABELS = {
    "application": gettext_lazy("Application"),
    "referral": gettext_lazy("Referral (AK/V)"),
    "selection": gettext_lazy("Selection result"),
    "placement": gettext_lazy("Hire"),
    "hire_report": gettext_lazy("Own hire report"),
    "aki_card": gettext_lazy("AK/I card"),
}
_APPLICATION_RESULTS = {
    Application.Status.SUBMITTED: gettext_lazy("Application submitted"),
    Application.Status.NOT_REFERRED: gettext_lazy("Not referred by Disnaker"),
    Application.Status.WITHDRAWN: gettext_lazy("Application withdrawn"),
}
_SELECTION_RESULTS = {
    Referral.Status.IN_SELECTION: gettext_lazy("Selection in progress"),
    Referral.Status.ACCEPTED: gettext_lazy("Selection result: passed"),
    Referral.Status.NOT_ACCEPTED: gettext_lazy("Selection result: not passed"),
    Referral.Status.NO_SHOW: gettext_lazy("Selection result: did not attend"),
}
_CARD_RESULTS = {
    AkiCard.Status.REQUESTED: gettext_lazy("AK/I card requested"),
    AkiCard.Status.ACTIVE: gettext_lazy("AK/I card issued"),
    AkiCard.Status.PLACED: gettext_lazy("AK/I card marked placed (hired)"),
    AkiCard.Status.LAPSED: gettext_lazy("AK/I card lapsed"),
    AkiCard.Status.REMOVED: gettext_lazy("AK/I card removed"),
    AkiCard.Status.REJECTED: gettext_lazy("AK/I card request rejected"),
}
_HIRE_REPORT_RESULTS = {
    JobseekerHireReport.Status.REPORTED: gettext_lazy("Reported to Disnaker"),
    JobseekerHireReport.Status.CONFIRMED: gettext_lazy("Confirmed by Disnaker"),
    JobseekerHireReport.Status.REJECTED: gettext_lazy("Not confirmed by Disnaker"),
}
CSV_DATE_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class LogRow:
    at: datetime.datetime
    kind: str
    what: str
    company: str
    result: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def local_at(self) -> datetime.datetime:
        return timezone.localtime(self.at)


@dataclass(frozen=True)
class JobSearchLog:
    full_name: str
    card_number: str
    generated_at: datetime.datetime
    rows: list[LogRow]


def _card_number(jobseeker: JobseekerProfile) -> str:
    """The number of the card in progress or in force, otherwise of the latest issued one."""
    card = jobseeker.aki_cards.open().exclude(number=None).first()
    if card is None:
        card = jobseeker.aki_cards.exclude(number=None).order_by("-issued_at", "-pk").first()
    return card.number if card is not None else ""


def job_search_log_rows(*, jobseeker: JobseekerProfile) -> list[LogRow]:
    """This person's job-search events, oldest first, in six queries whatever their number.

    Only what the jobseeker may see: no internal notes (selection notes, staff notes).
    """
    rows: list[tuple[datetime.datetime, int, LogRow]] = []

    def add(event, order: int, **fields) -> None:
        rows.append((event.created_at, order, LogRow(at=event.created_at, **fields)))

    application_events = (
        ApplicationEvent.objects.filter(application__jobseeker=jobseeker, to_status__in=list(_APPLICATION_RESULTS))
        .select_related("application__vacancy__company")
        .order_by()
    )
    for event in application_events:
        vacancy = event.application.vacancy
        add(
            event,
            1,
            kind="application",
            what=vacancy.title,
            company=vacancy.company.name,
            result=str(_APPLICATION_RESULTS[event.to_status]),
        )
    referral_events = (
        ReferralEvent.objects.filter(referral__application__jobseeker=jobseeker)
        .select_related("referral__application__vacancy__company")
        .order_by()
    )
    for event in referral_events:
        referral = event.referral
        vacancy = referral.application.vacancy
        if not event.from_status:
            add(
                event,
                2,
                kind="referral",
                what=f"{vacancy.title} ({referral.letter_number})",
                company=vacancy.company.name,
                result=_("Referred to the employer by Disnaker"),
            )
        elif event.from_status != event.to_status and event.to_status in _SELECTION_RESULTS:
            add(
                event,
                3,
                kind="selection",
                what=vacancy.title,
                company=vacancy.company.name,
                result=str(_SELECTION_RESULTS[event.to_status]),
            )
    placement_events = (
        PlacementEvent.objects.filter(placement__jobseeker=jobseeker, to_status=Placement.Status.VERIFIED)
        .select_related("placement__company")
        .order_by()
    )
    for event in placement_events:
        add(
            event,
            4,
            kind="placement",
            what=event.placement.position,
            company=event.placement.company.name,
            result=_("Hire verified by Disnaker"),
        )
    report_events = (
        JobseekerHireReportEvent.objects.filter(report__jobseeker=jobseeker, to_status__in=list(_HIRE_REPORT_RESULTS))
        .select_related("report")
        .order_by()
    )
    for event in report_events:
        report = event.report
        # Confirmed with the employer's report: the verified hire above says it already.
        if event.to_status == JobseekerHireReport.Status.CONFIRMED and report.placement_id is not None:
            continue
        add(
            event,
            5,
            kind="hire_report",
            what=report.position,
            company=report.company_name,
            result=str(_HIRE_REPORT_RESULTS[event.to_status]),
        )
    card_events = AkiCardEvent.objects.filter(card__jobseeker=jobseeker).select_related("card").order_by()
    for event in card_events:
        if event.from_status and event.from_status == event.to_status == AkiCard.Status.ACTIVE:
            result = _("Report (lapor): still looking for work")
        elif event.from_status == event.to_status or event.to_status not in _CARD_RESULTS:
            continue
        else:
            result = str(_CARD_RESULTS[event.to_status])
        add(event, 0, kind="aki_card", what=event.card.number or _("AK/I card"), company="", result=result)
    rows.sort(key=lambda item: (item[0], item[1]))
    return [row for _at, _order, row in rows]


def job_search_log(*, jobseeker: JobseekerProfile) -> JobSearchLog:
    return JobSearchLog(
        full_name=jobseeker.full_name,
        card_number=_card_number(jobseeker),
        generated_at=timezone.now(),
        rows=job_search_log_rows(jobseeker=jobseeker),
    )


def job_search_log_filename(log: JobSearchLog, extension: str) -> str:
    """An ASCII file name: riwayat-pencarian-kerja-20261202.pdf."""
    return f"riwayat-pencarian-kerja-{timezone.localtime(log.generated_at):%Y%m%d}.{extension}"


def csv_headers() -> list[str]:
    return [_("Date (WITA)"), _("Kind"), _("What"), _("Company"), _("Result")]


def _csv_cell(value: str) -> str:
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def job_search_log_csv(log: JobSearchLog) -> bytes:
    """The rows as CSV: UTF-8 with a byte-order mark, commas, one header row (see the module's notes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_headers())
    for row in log.rows:
        writer.writerow(
            [
                row.local_at.strftime(CSV_DATE_FORMAT),
                _csv_cell(row.kind_label),
                _csv_cell(row.what),
                _csv_cell(row.company),
                _csv_cell(row.result),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# Column widths in mm: 180 mm between the A4 margins.
_PDF_COLUMNS = (27, 27, 50, 40, 36)


def job_search_log_pdf(log: JobSearchLog) -> bytes:
    """The log as an A4 document with the Disnaker letterhead, the person and the time it was made."""
    pdf = disnaker_pdf(
        title=_("Job-search log"), subtitle=_("Proof of an active job search through Disnaker Kota Bontang")
    )
    generated = timezone.localtime(log.generated_at)
    facts = [
        (_("Name"), log.full_name),
        (_("AK/I card number"), log.card_number or _("not issued yet")),
        (_("Generated at"), f"{date_format(generated, 'j F Y, H:i')} WITA"),
    ]
    pdf.set_font(pdf.font_name, "", 10)
    for label, value in facts:
        pdf.set_font(pdf.font_name, "B", 10)
        pdf.cell(45, 6, label)
        pdf.set_font(pdf.font_name, "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if not log.rows:
        pdf.multi_cell(0, 6, _("No job-search activity is recorded in the portal yet."), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font(pdf.font_name, "", 8)
        with pdf.table(col_widths=_PDF_COLUMNS, text_align="LEFT", line_height=4.5, repeat_headings=1) as table:
            header = table.row()
            for title in csv_headers():
                header.cell(title)
            for row in log.rows:
                cells = table.row()
                cells.cell(row.local_at.strftime("%d-%m-%Y %H:%M"))
                cells.cell(row.kind_label)
                cells.cell(row.what)
                cells.cell(row.company or "-")
                cells.cell(row.result)
    pdf.ln(4)
    pdf.set_font(pdf.font_name, "", 8)
    pdf.multi_cell(
        0,
        4,
        _(
            "This log lists what the job placement portal of Disnaker Kota Bontang recorded for this person. "
            "Times are in WITA (UTC+8). Disnaker Kota Bontang can confirm each entry."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf_bytes(pdf)
