"""The monthly Karirhub / WLLP export for Disnaker: every company's vacancies reported and filled.

Perpres 57/2023 (Wajib Lapor Lowongan Pekerjaan) obliges companies to report each vacancy (art. 5)
and its filling (art. 6) to the national Sistem Informasi Ketenagakerjaan (SIAPkerja/Karirhub).
Disnaker Bontang uploads one file a month for the whole city; this module builds it.

**Kemnaker's official upload template was not available** when this was written (no public
Karirhub specification exists), so the columns are ours: the fields Perpres 57/2023 art. 5 requires
(employer identity; job title and number of workers needed; how long the vacancy is open; age, sex,
education, skills/competence, experience, wage and work location) followed by the art. 6 fill report
(hires verified in the period and the date the vacancy was filled). To follow the template once
Disnaker has it, change `WLLP_COLUMNS` (headings, order, widths) and the matching line of
`_vacancy_row`; the two must stay in the same order. The company's own WLLP download
(`employers.exports.WLLP_LAYOUT`) uses a similar layout and should be changed with it.

Which vacancies: those first published in the period, or with a hire verified in the period, or
marked filled in the period. A period is a range of calendar dates in WITA (settings.TIME_ZONE,
Asia/Makassar), both ends included. Everything dated comes from the event rows, so a past period
gives the same rows later:

- "Tanggal dilaporkan": the first VacancyEvent to "published" (an extension or a reopening publishes
  again; the first one is the report), or `published_at` for a vacancy that has no events at all
  (rows loaded without their history);
- "Status pada akhir periode": the status of the last VacancyEvent up to the end of the period;
- "Jumlah diterima dalam periode": verified placements of the vacancy whose PlacementEvent to
  "verified" falls in the period ("lokal": of those, the ones flagged local); hires without a
  vacancy are not in this export;
- "Tanggal terisi": the date of the event to "filled", when it falls in the period.

The other columns are the vacancy's values now (a closing date extended after the period shows the
new date). The file is always in Indonesian, whatever the user's language, so that it can be
uploaded as it is. One query for the rows and one for the skills, whatever the number of rows.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from employers.exports import XLSX_DATE_FORMAT, XLSX_NUMBER_FORMAT, neutralise
from employers.models import Vacancy, VacancyEvent
from placements.models import Placement, PlacementEvent

WLLP_TIME_ZONE = "Asia/Makassar"  # WITA: the calendar the periods and dates of the report follow
SHEET_TITLE = "WLLP"


@dataclass(frozen=True)
class WllpColumn:
    heading: str  # fixed Indonesian: the file is uploaded as it is
    width: int = 16
    money: bool = False  # a whole number of rupiah, written with thousands separators


WLLP_COLUMNS: list[WllpColumn] = [
    WllpColumn("No", 6),
    WllpColumn("NIB perusahaan", 16),
    WllpColumn("NPWP perusahaan", 18),
    WllpColumn("Nama perusahaan", 30),
    WllpColumn("KBLI", 8),
    WllpColumn("Alamat perusahaan", 34),
    WllpColumn("Kelurahan/Kecamatan", 28),
    WllpColumn("Nomor lowongan", 10),
    WllpColumn("Jabatan", 30),
    WllpColumn("Kode KBJI", 10),
    WllpColumn("Jenis hubungan kerja", 24),
    WllpColumn("Jumlah lowongan laki-laki", 10),
    WllpColumn("Jumlah lowongan perempuan", 10),
    WllpColumn("Jumlah lowongan total", 10),
    WllpColumn("Jenis kelamin", 16),
    WllpColumn("Pendidikan minimal", 16),
    WllpColumn("Jurusan", 24),
    WllpColumn("Keterampilan/Kompetensi", 34),
    WllpColumn("Pengalaman (tahun)", 10),
    WllpColumn("Usia minimal", 8),
    WllpColumn("Usia maksimal", 8),
    WllpColumn("Upah minimal (Rp)", 14, money=True),
    WllpColumn("Upah maksimal (Rp)", 14, money=True),
    WllpColumn("Periode upah", 12),
    WllpColumn("Lokasi kerja", 28),
    WllpColumn("Kelurahan lokasi kerja", 20),
    WllpColumn("Tanggal dibuka", 12),
    WllpColumn("Tanggal dilaporkan", 12),
    WllpColumn("Tanggal tutup", 12),
    WllpColumn("Status pada akhir periode", 14),
    WllpColumn("Jumlah diterima dalam periode", 12),
    WllpColumn("Jumlah diterima lokal dalam periode", 12),
    WllpColumn("Tanggal terisi", 12),
]

# The status at the end of the period, from the last event's status. After a first publication a
# vacancy is only in review again for an extension or a reopening, and rejected when that was refused.
STATUS_LABELS = {
    Vacancy.Status.PUBLISHED: "Dibuka",
    Vacancy.Status.CLOSED: "Ditutup",
    Vacancy.Status.FILLED: "Terisi",
    Vacancy.Status.IN_REVIEW: "Dalam peninjauan ulang",
    Vacancy.Status.REJECTED: "Ditolak",
    Vacancy.Status.DRAFT: "Draf",
}

INDONESIAN_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _report_zone() -> datetime.tzinfo:
    """The portal's own time zone, never the one activated for a user's request; it must be WITA."""
    if settings.TIME_ZONE != WLLP_TIME_ZONE:
        raise ImproperlyConfigured(f"The WLLP report counts WITA dates: TIME_ZONE must be {WLLP_TIME_ZONE}.")
    return timezone.get_default_timezone()


def period_bounds(*, period_start: datetime.date, period_end: datetime.date) -> tuple[datetime.datetime, ...]:
    """The period as aware datetimes in WITA: from midnight of the first day to midnight after the last (excluded)."""
    if period_end < period_start:
        raise ValueError(f"period_end {period_end} is before period_start {period_start}")
    zone = _report_zone()
    start = timezone.make_aware(datetime.datetime.combine(period_start, datetime.time.min), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return start, end


def _is_whole_month(period_start: datetime.date, period_end: datetime.date) -> bool:
    return period_start.day == 1 and period_end == _month_end(period_start)


def _month_end(day: datetime.date) -> datetime.date:
    first_of_next = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def period_label(*, period_start: datetime.date, period_end: datetime.date) -> str:
    """The period in words: "Maret 2026" for a whole month, otherwise "1 Maret 2026 – 15 April 2026"."""
    if _is_whole_month(period_start, period_end):
        return f"{INDONESIAN_MONTHS[period_start.month - 1]} {period_start.year}"
    return f"{_indonesian_date(period_start)} – {_indonesian_date(period_end)}"


def _indonesian_date(day: datetime.date) -> str:
    return f"{day.day} {INDONESIAN_MONTHS[day.month - 1]} {day.year}"


def wllp_title(*, period_start: datetime.date, period_end: datetime.date) -> str:
    """The title printed above the table (the letterhead comes from settings.REPORT_LETTERHEAD)."""
    label = period_label(period_start=period_start, period_end=period_end)
    return f"Laporan Wajib Lapor Lowongan Pekerjaan (Perpres 57/2023) — {label}"


def _hires_in_period(*, start: datetime.datetime, end: datetime.datetime, local_only: bool) -> Subquery:
    """How many verified placements of the outer vacancy were verified within [start, end)."""
    events = PlacementEvent.objects.filter(
        placement__vacancy=OuterRef("pk"),
        placement__status=Placement.Status.VERIFIED,
        to_status=Placement.Status.VERIFIED,
        created_at__gte=start,
        created_at__lt=end,
    )
    if local_only:
        events = events.filter(placement__is_local=True)
    counted = (
        events.order_by()
        .values("placement__vacancy")
        .annotate(hires=Count("placement", distinct=True))  # a placement verified once, counted once
        .values("hires")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def wllp_queryset(*, period_start: datetime.date, period_end: datetime.date) -> QuerySet[Vacancy]:
    """Vacancies first published, with a hire verified, or filled in the period, with what the rows need."""
    start, end = period_bounds(period_start=period_start, period_end=period_end)
    events = VacancyEvent.objects.filter(vacancy=OuterRef("pk"))
    first_published = (
        events.filter(to_status=Vacancy.Status.PUBLISHED).order_by("created_at", "pk").values("created_at")[:1]
    )
    status_at_end = events.filter(created_at__lt=end).order_by("-created_at", "-pk").values("to_status")[:1]
    filled_in_period = (
        events.filter(to_status=Vacancy.Status.FILLED, created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    return (
        Vacancy.objects.annotate(
            wllp_reported_at=Coalesce(Subquery(first_published), "published_at"),
            wllp_status_at_end=Subquery(status_at_end),
            wllp_filled_at=Subquery(filled_in_period),
            wllp_hires=_hires_in_period(start=start, end=end, local_only=False),
            wllp_local_hires=_hires_in_period(start=start, end=end, local_only=True),
        )
        .filter(
            Q(wllp_reported_at__gte=start, wllp_reported_at__lt=end)
            | Q(wllp_hires__gt=0)
            | Q(wllp_filled_at__isnull=False)
        )
        .select_related("company__kelurahan__kecamatan", "occupation", "min_education", "work_kelurahan__kecamatan")
        .prefetch_related("skills")
        .order_by("company__name", "company_id", "wllp_reported_at", "pk")
    )


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment, _report_zone()).date() if moment else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _vacancy_row(number: int, vacancy: Vacancy) -> list:
    """One line of the export, in the order of WLLP_COLUMNS."""
    company = vacancy.company
    skills = ", ".join(skill.name for skill in vacancy.skills.all())
    competence = "; ".join(part for part in (skills, _one_line(vacancy.competencies)) if part)
    # Without events the current status stands in, as the report date falls back to published_at.
    status = vacancy.wllp_status_at_end or vacancy.status
    return [
        number,
        company.nib,
        company.npwp,
        company.name,
        company.kbli_code,
        _one_line(company.address),
        str(company.kelurahan) if company.kelurahan else "",
        vacancy.pk,
        vacancy.title,
        vacancy.occupation.code,
        vacancy.get_employment_type_display(),
        vacancy.openings_male,
        vacancy.openings_female,
        vacancy.openings,
        vacancy.get_sex_requirement_display(),
        vacancy.min_education.name,
        vacancy.majors,
        competence,
        vacancy.experience_years_min,
        vacancy.age_min,
        vacancy.age_max,
        vacancy.wage_min,
        vacancy.wage_max,
        vacancy.get_wage_period_display(),
        vacancy.work_location,
        vacancy.work_kelurahan.name if vacancy.work_kelurahan else "",
        vacancy.open_date,
        _local_date(vacancy.wllp_reported_at),
        vacancy.close_date,
        STATUS_LABELS.get(status, status),
        vacancy.wllp_hires,
        vacancy.wllp_local_hires,
        _local_date(vacancy.wllp_filled_at),
    ]


def wllp_rows(*, period_start: datetime.date, period_end: datetime.date) -> tuple[list[str], list[list]]:
    """The header and one row per vacancy reported, hired for or filled in the period (WITA dates, both included).

    Cells are plain values: text, whole numbers, `datetime.date`, or None for an empty cell.
    """
    header = [column.heading for column in WLLP_COLUMNS]
    with translation.override("id"):  # choice labels in Indonesian, whatever the caller's language
        vacancies = wllp_queryset(period_start=period_start, period_end=period_end)
        rows = [_vacancy_row(number, vacancy) for number, vacancy in enumerate(vacancies, start=1)]
    return header, rows


# Writers ----------------------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def wllp_csv_bytes(header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads the accents right), commas, one header row, no title row.

    A text cell starting with = + - @ tab or CR gets a leading apostrophe, so that a spreadsheet
    never runs it as a formula; numbers and dates are written as they are (dates as YYYY-MM-DD).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(heading) for heading in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_text(value: str) -> str:
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))


def _xlsx_cell(value):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _xlsx_text(value)
    return value  # numbers and dates stay numbers and dates


def wllp_xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence], *, title: str) -> bytes:
    """One sheet "WLLP": the letterhead and the title, a bold frozen header row, then the rows as plain values."""
    widths = {column.heading: column.width for column in WLLP_COLUMNS}
    money_headings = {column.heading for column in WLLP_COLUMNS if column.money}
    money = {index for index, heading in enumerate(header) if heading in money_headings}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([_xlsx_text(settings.REPORT_LETTERHEAD)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_xlsx_text(title)])
    sheet["A2"].font = Font(bold=True)
    sheet.append([])
    sheet.append([_xlsx_text(heading) for heading in header])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: sheet.cell() would add an empty row
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for index, value in enumerate(row):
            cell = sheet.cell(row=sheet.max_row, column=index + 1)
            if isinstance(value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            elif index in money and isinstance(value, int):
                cell.number_format = XLSX_NUMBER_FORMAT
    for index, heading in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(heading, 16)
    if rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(header))}{sheet.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wllp_filename(*, period_start: datetime.date, period_end: datetime.date, file_format: str) -> str:
    """An ASCII file name: wllp-bontang-202603.xlsx for a month, wllp-bontang-20260301-20260415.csv otherwise."""
    if _is_whole_month(period_start, period_end):
        stamp = f"{period_start:%Y%m}"
    else:
        stamp = f"{period_start:%Y%m%d}-{period_end:%Y%m%d}"
    return f"wllp-bontang-{stamp}.{file_format}"


__all__ = [
    "WLLP_COLUMNS",
    "period_bounds",
    "period_label",
    "wllp_csv_bytes",
    "wllp_filename",
    "wllp_queryset",
    "wllp_rows",
    "wllp_title",
    "wllp_xlsx_bytes",
]
