"""The company's exports: its vacancies, referred candidates and hires, and the WLLP report, as XLSX or CSV.

Each export is a list of columns and one row builder reading one query set (with its
select_related/prefetch_related: a fixed number of queries whatever the number of rows). The
pages (employers.export_views) and the API (employers.api.exports) call `export_build` and
then `export_xlsx` or `export_csv`, so both give the same files.

What a file holds is what the company's pages show, never more: the candidates export has no
NIK, phone or e-mail (as the candidate list), and each export of it is logged as a view of
those candidates' profiles (services.candidate_views_log), like opening the candidate list.

Text typed by people (titles, names, notes) that starts with = + - @ (or a tab or carriage
return) gets a leading apostrophe, in both formats, so a spreadsheet never runs it as a formula;
numbers and dates are written as numbers and dates. The CSV is UTF-8 with a byte-order mark,
so Excel opens the accents right, comma-separated (RFC 4180) with one header row, like the
job-search log (placements.job_search_log).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from employers import selectors
from employers.models import Company, Vacancy, VacancyEvent
from employers.templatetags.employer_pages import age_on
from placements.models import Placement, Referral

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_NUMBER_FORMAT = "#,##0"

# Text a spreadsheet would read as a formula (OWASP "CSV injection").
_FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def neutralise(value: str) -> str:
    """A typed text made safe for a spreadsheet: a leading apostrophe before = + - @ tab or CR."""
    return f"'{value}" if value[:1] in _FORMULA_STARTS else value


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # a lazy msgid (English), or a fixed Indonesian heading for the WLLP layout
    kind: str = "text"  # text, int, date
    width: int = 18


@dataclass
class ExportFile:
    """The built rows of one export, ready to write."""

    kind: str
    title: str
    columns: list[Column]
    rows: list[dict]
    company: Company
    generated_at: datetime.datetime
    period_label: str = ""
    filename_stem: str = ""

    def filename(self, file_format: str) -> str:
        return f"{self.filename_stem}.{file_format}"


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _join(values: Iterable[str]) -> str:
    return ", ".join(value for value in values if value)


# Vacancies ------------------------------------------------------------------------------

VACANCY_COLUMNS = [
    Column("title", gettext_lazy("Job title"), width=32),
    Column("status", gettext_lazy("Status"), width=14),
    Column("kbji_code", gettext_lazy("KBJI code"), width=10),
    Column("occupation", gettext_lazy("Occupation (KBJI 2014)"), width=28),
    Column("employment_type", gettext_lazy("Employment type"), width=24),
    Column("openings", gettext_lazy("Openings"), "int", 10),
    Column("openings_male", gettext_lazy("Openings for men"), "int", 10),
    Column("openings_female", gettext_lazy("Openings for women"), "int", 10),
    Column("open_date", gettext_lazy("Open from"), "date", 12),
    Column("close_date", gettext_lazy("Open until"), "date", 12),
    Column("published_on", gettext_lazy("Published on"), "date", 12),
    Column("min_education", gettext_lazy("Minimum education"), width=14),
    Column("majors", gettext_lazy("Fields of study"), width=24),
    Column("age_min", gettext_lazy("Minimum age"), "int", 8),
    Column("age_max", gettext_lazy("Maximum age"), "int", 8),
    Column("sex", gettext_lazy("Sex"), width=18),
    Column("skills", gettext_lazy("Skills"), width=30),
    Column("experience_years_min", gettext_lazy("Minimum years of experience"), "int", 10),
    Column("wage_min", gettext_lazy("Wage from (Rp)"), "int", 14),
    Column("wage_max", gettext_lazy("Wage up to (Rp)"), "int", 14),
    Column("wage_period", gettext_lazy("Wage period"), width=12),
    Column("work_location", gettext_lazy("Work location"), width=28),
    Column("work_kelurahan", gettext_lazy("Work location (kelurahan)"), width=20),
    Column("screened", gettext_lazy("Applications screened"), "int", 10),
    Column("referred", gettext_lazy("Candidates referred"), "int", 10),
    Column("accepted", gettext_lazy("Accepted by you"), "int", 10),
    Column("hired", gettext_lazy("Hires verified by Disnaker"), "int", 10),
]


def _vacancy_queryset(company: Company) -> QuerySet[Vacancy]:
    return selectors.vacancy_list_for_company(company=company).prefetch_related("skills")


def vacancy_export_rows(*, company: Company) -> list[dict]:
    """Every vacancy report of the company, whatever its status, newest first, with the list page's counts."""
    return [
        {
            "title": vacancy.title,
            "status": vacancy.get_status_display(),
            "kbji_code": vacancy.occupation.code,
            "occupation": vacancy.occupation.name,
            "employment_type": vacancy.get_employment_type_display(),
            "openings": vacancy.openings,
            "openings_male": vacancy.openings_male,
            "openings_female": vacancy.openings_female,
            "open_date": vacancy.open_date,
            "close_date": vacancy.close_date,
            "published_on": _local_date(vacancy.published_at),
            "min_education": vacancy.min_education.name,
            "majors": vacancy.majors,
            "age_min": vacancy.age_min,
            "age_max": vacancy.age_max,
            "sex": vacancy.get_sex_requirement_display(),
            "skills": _join(skill.name for skill in vacancy.skills.all()),
            "experience_years_min": vacancy.experience_years_min,
            "wage_min": vacancy.wage_min,
            "wage_max": vacancy.wage_max,
            "wage_period": vacancy.get_wage_period_display(),
            "work_location": vacancy.work_location,
            "work_kelurahan": vacancy.work_kelurahan.name if vacancy.work_kelurahan else "",
            "screened": vacancy.screened_count,
            "referred": vacancy.referred_count,
            "accepted": vacancy.accepted_count,
            "hired": vacancy.placed_count,
        }
        for vacancy in _vacancy_queryset(company)
    ]


# Referred candidates ----------------------------------------------------------------------

CANDIDATE_COLUMNS = [
    Column("vacancy", gettext_lazy("Vacancy"), width=30),
    Column("letter_number", gettext_lazy("AK/V letter"), width=20),
    Column("referred_on", gettext_lazy("Referred on"), "date", 12),
    Column("full_name", gettext_lazy("Name"), width=28),
    Column("sex", gettext_lazy("Sex"), width=12),
    Column("age", gettext_lazy("Age"), "int", 6),
    Column("education", gettext_lazy("Education"), width=24),
    Column("domicile", gettext_lazy("Domicile (KTP)"), width=12),
    Column("kelurahan", gettext_lazy("Kelurahan"), width=18),
    Column("skills", gettext_lazy("Skills"), width=30),
    Column("experience", gettext_lazy("Experience"), width=40),
    Column("status", gettext_lazy("Status"), width=16),
    Column("stage", gettext_lazy("Selection stage"), width=20),
    Column("reason", gettext_lazy("Reason not selected"), width=28),
    Column("start_date", gettext_lazy("Start date"), "date", 12),
    Column("hire_report", gettext_lazy("Hire report"), width=14),
]


def candidate_export_queryset(*, company: Company) -> QuerySet[Referral]:
    """The candidates Disnaker referred to any of the company's vacancies (never unreferred applicants)."""
    return (
        Referral.objects.filter(application__vacancy__company=company)
        .select_related("application__vacancy", "application__jobseeker__kelurahan", "placement")
        .prefetch_related(
            "application__jobseeker__skills",
            "application__jobseeker__education_entries__level",
            "application__jobseeker__experience_entries",
        )
        .order_by("application__vacancy__title", "application__vacancy_id", "created_at", "pk")
    )


def _experience(profile) -> str:
    """As the candidate page shows it: the first three entries, position (employer, years)."""
    parts = []
    for entry in list(profile.experience_entries.all())[:3]:
        end = str(entry.end_date.year) if entry.end_date else _("now")
        parts.append(f"{entry.position} ({entry.employer_name}, {entry.start_date.year}–{end})")
    return "; ".join(parts)


def candidate_export_rows(*, referrals: Iterable[Referral]) -> list[dict]:
    """What the candidate list shows of each referred candidate: no NIK, no contact data (UU 27/2022)."""
    rows = []
    for referral in referrals:
        profile = referral.application.jobseeker
        education = profile.highest_education
        rows.append(
            {
                "vacancy": referral.application.vacancy.title,
                "letter_number": referral.letter_number,
                "referred_on": _local_date(referral.created_at),
                "full_name": profile.full_name,
                "sex": profile.get_sex_display(),
                "age": age_on(profile.birth_date),
                "education": _join([education.level.name, education.major]) if education else "",
                "domicile": _("Local") if profile.is_local else _("Non-local"),
                "kelurahan": profile.kelurahan.name if profile.is_local else "",
                "skills": _join(skill.name for skill in profile.skills.all()),
                "experience": _experience(profile),
                "status": referral.get_status_display(),
                "stage": referral.get_stage_display() if referral.stage else "",
                "reason": referral.get_reason_category_display() if referral.reason_category else "",
                "start_date": referral.start_date,
                "hire_report": referral.placement.get_status_display() if hasattr(referral, "placement") else "",
            }
        )
    return rows


# Hires ------------------------------------------------------------------------------------

HIRE_COLUMNS = [
    Column("full_name", gettext_lazy("Name"), width=28),
    Column("position", gettext_lazy("Position"), width=28),
    Column("vacancy", gettext_lazy("Vacancy"), width=28),
    Column("letter_number", gettext_lazy("AK/V letter"), width=20),
    Column("start_date", gettext_lazy("Start date"), "date", 12),
    Column("placement_type", gettext_lazy("Placement type"), width=28),
    Column("wage", gettext_lazy("Wage (Rp)"), "int", 14),
    Column("outside_portal", gettext_lazy("Hired outside the portal"), width=10),
    Column("status", gettext_lazy("Status"), width=12),
    Column("review_note", gettext_lazy("Disnaker's reason"), width=30),
    Column("reported_on", gettext_lazy("Reported on"), "date", 12),
]


def hire_export_rows(*, company: Company) -> list[dict]:
    """The company's hire reports as its hire-report page lists them (unchecked outside-portal ones left out)."""
    rows = []
    for placement in selectors.placement_list_for_company(company=company):
        rows.append(
            {
                "full_name": placement.name_for_company,
                "position": placement.position,
                "vacancy": placement.vacancy.title if placement.vacancy else "",
                "letter_number": placement.referral.letter_number if placement.referral else "",
                "start_date": placement.start_date,
                "placement_type": placement.get_placement_type_display(),
                "wage": placement.wage,
                "outside_portal": _yes_no(placement.outside_portal),
                "status": placement.get_status_display(),
                # The page shows the reason of a returned report only.
                "review_note": placement.review_note if placement.status == Placement.Status.REJECTED else "",
                "reported_on": _local_date(placement.created_at),
            }
        )
    return rows


# WLLP: Wajib Lapor Lowongan Pekerjaan -----------------------------------------------------

WLLP_LAYOUT: list[tuple[str, str]] = [
    ("nib", "NIB"),
    ("nama_perusahaan", "Nama Perusahaan"),
    ("alamat", "Alamat Perusahaan"),
    ("kab_kota", "Kabupaten/Kota"),
    ("kbli", "KBLI"),
    ("jabatan", "Nama Jabatan"),
    ("kode_kbji", "Kode KBJI"),
    ("jumlah_laki_laki", "Jumlah Dibutuhkan Laki-laki"),
    ("jumlah_perempuan", "Jumlah Dibutuhkan Perempuan"),
    ("jumlah_dibutuhkan", "Jumlah Dibutuhkan"),
    ("pendidikan_minimal", "Pendidikan Minimal"),
    ("jurusan", "Jurusan"),
    ("usia_min", "Usia Minimal"),
    ("usia_max", "Usia Maksimal"),
    ("jenis_kelamin", "Jenis Kelamin"),
    ("keterampilan", "Keterampilan/Kompetensi"),
    ("pengalaman_tahun", "Pengalaman Kerja (Tahun)"),
    ("upah_min", "Upah Minimal (Rp)"),
    ("upah_max", "Upah Maksimal (Rp)"),
    ("periode_upah", "Periode Upah"),
    ("jenis_hubungan_kerja", "Jenis Hubungan Kerja"),
    ("lokasi_kerja", "Lokasi Kerja"),
    ("kelurahan_lokasi_kerja", "Kelurahan Lokasi Kerja"),
    ("tanggal_buka", "Tanggal Buka"),
    ("tanggal_tutup", "Tanggal Tutup"),
    ("lama_dibuka_hari", "Lama Dibuka (Hari)"),
    ("status", "Status Lowongan"),
    ("jumlah_terisi", "Jumlah Terisi"),
    ("terisi_laki_laki", "Terisi Laki-laki"),
    ("terisi_perempuan", "Terisi Perempuan"),
    ("tanggal_terisi", "Tanggal Terisi"),
]
"""The WLLP columns in order: (column key, Indonesian heading).

Our layout after Perpres 57/2023 art. 5–6, to be aligned with Karirhub's upload template once
Disnaker gets it (no public Karirhub specification exists). Art. 5: employer identity (NIB,
name, address, regency/city, KBLI), job title and number of workers needed (men, women, total),
how long the vacancy is open (dates and days), and the job information: age, sex, education,
skills/competence, experience, wage, work-location domicile; art. 6: the fill (verified hires,
by sex, and the date the vacancy was filled). The headings are fixed Indonesian, and the file is
always written in Indonesian whatever the user's language, so that it can be uploaded as it is.
"""

_WLLP_KINDS = {
    "jumlah_laki_laki": "int",
    "jumlah_perempuan": "int",
    "jumlah_dibutuhkan": "int",
    "usia_min": "int",
    "usia_max": "int",
    "pengalaman_tahun": "int",
    "upah_min": "int",
    "upah_max": "int",
    "tanggal_buka": "date",
    "tanggal_tutup": "date",
    "lama_dibuka_hari": "int",
    "jumlah_terisi": "int",
    "terisi_laki_laki": "int",
    "terisi_perempuan": "int",
    "tanggal_terisi": "date",
}
_WLLP_WIDTHS = {"nama_perusahaan": 28, "alamat": 32, "jabatan": 30, "keterampilan": 30, "lokasi_kerja": 28}
WLLP_COLUMNS = [
    Column(key, heading, _WLLP_KINDS.get(key, "text"), _WLLP_WIDTHS.get(key, 16)) for key, heading in WLLP_LAYOUT
]
# A company with a kelurahan is in Bontang; one outside Bontang names its place in the address.
BONTANG_NAME = "Kota Bontang"


# Perpres 57/2023 was signed on 25 September 2023: no WLLP period before that year.
WLLP_FIRST_YEAR = 2023


def wllp_period_errors(year: int, month: int | None) -> dict[str, str]:
    """What is wrong with a WLLP period, by field (year, month); empty when it can be exported.

    A period not started yet (WITA) has nothing to report; the field is named in the message.
    """
    today = timezone.localdate()
    if year < WLLP_FIRST_YEAR:
        return {"year": _("Choose %(first)s or later: Perpres 57/2023 dates from 2023.") % {"first": WLLP_FIRST_YEAR}}
    if year > today.year:
        return {"year": _("This year has not started yet.")}
    if month is not None and not 1 <= month <= 12:
        return {"month": _("Choose a month from 1 to 12.")}
    if month and (year, month) > (today.year, today.month):
        return {"month": _("This month has not started yet.")}
    return {}


def wllp_period_bounds(year: int, month: int | None) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end (exclusive) of a month, or of the whole year without a month, in WITA."""
    if month:
        start = datetime.datetime(year, month, 1)
        end = datetime.datetime(year + (month == 12), month % 12 + 1, 1)
    else:
        start, end = datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
    return timezone.make_aware(start), timezone.make_aware(end)


def wllp_period_label(year: int, month: int | None) -> str:
    if month:
        return date_format(datetime.date(year, month, 1), "F Y")
    return str(year)


def wllp_queryset(*, company: Company, year: int, month: int | None) -> QuerySet[Vacancy]:
    """The company's vacancies published in the period (WITA), with their fills: verified hires and the filled date."""
    start, end = wllp_period_bounds(year, month)
    verified = Q(placements__status=Placement.Status.VERIFIED)
    return (
        Vacancy.objects.filter(company=company, published_at__gte=start, published_at__lt=end)
        .select_related("occupation", "min_education", "work_kelurahan")
        .prefetch_related("skills")
        .annotate(
            filled_count=Count("placements", filter=verified),
            filled_male=Count("placements", filter=verified & Q(placements__jobseeker__sex="M")),
            filled_female=Count("placements", filter=verified & Q(placements__jobseeker__sex="F")),
            filled_at=Subquery(
                VacancyEvent.objects.filter(vacancy=OuterRef("pk"), to_status=Vacancy.Status.FILLED)
                .order_by("-created_at", "-pk")
                .values("created_at")[:1]
            ),
        )
        .order_by("published_at", "pk")
    )


def wllp_export_rows(*, company: Company, year: int, month: int | None) -> list[dict]:
    kab_kota = BONTANG_NAME if company.kelurahan_id else ""
    rows = []
    for vacancy in wllp_queryset(company=company, year=year, month=month):
        skills = _join(skill.name for skill in vacancy.skills.all())
        rows.append(
            {
                "nib": company.nib,
                "nama_perusahaan": company.name,
                "alamat": " ".join(company.address.split()),
                "kab_kota": kab_kota,
                "kbli": company.kbli_code,
                "jabatan": vacancy.title,
                "kode_kbji": vacancy.occupation.code,
                "jumlah_laki_laki": vacancy.openings_male,
                "jumlah_perempuan": vacancy.openings_female,
                "jumlah_dibutuhkan": vacancy.openings,
                "pendidikan_minimal": vacancy.min_education.name,
                "jurusan": vacancy.majors,
                "usia_min": vacancy.age_min,
                "usia_max": vacancy.age_max,
                "jenis_kelamin": vacancy.get_sex_requirement_display(),
                "keterampilan": "; ".join(filter(None, [skills, " ".join(vacancy.competencies.split())])),
                "pengalaman_tahun": vacancy.experience_years_min,
                "upah_min": vacancy.wage_min,
                "upah_max": vacancy.wage_max,
                "periode_upah": vacancy.get_wage_period_display(),
                "jenis_hubungan_kerja": vacancy.get_employment_type_display(),
                "lokasi_kerja": vacancy.work_location,
                "kelurahan_lokasi_kerja": vacancy.work_kelurahan.name if vacancy.work_kelurahan else "",
                "tanggal_buka": vacancy.open_date,
                "tanggal_tutup": vacancy.close_date,
                "lama_dibuka_hari": (vacancy.close_date - vacancy.open_date).days + 1,
                "status": vacancy.get_status_display(),
                "jumlah_terisi": vacancy.filled_count,
                "terisi_laki_laki": vacancy.filled_male,
                "terisi_perempuan": vacancy.filled_female,
                "tanggal_terisi": _local_date(vacancy.filled_at),
            }
        )
    return rows


# Registry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportKind:
    key: str  # in the API: /api/v1/employer/exports/<key>/
    slug: str  # on the pages: /perusahaan/ekspor/<slug>.<format>
    title: str
    description: str
    filename: str
    needs_period: bool = False


EXPORT_KINDS = {
    kind.key: kind
    for kind in (
        ExportKind(
            "vacancies",
            "lowongan",
            gettext_lazy("Vacancy reports"),
            gettext_lazy(
                "Every vacancy report of your company, whatever its status: the job, its requirements, wage and "
                "dates, with the numbers of candidates referred, accepted and hired."
            ),
            "lowongan",
        ),
        ExportKind(
            "candidates",
            "kandidat",
            gettext_lazy("Referred candidates"),
            gettext_lazy(
                "The candidates Disnaker referred to your vacancies, as the candidate list shows them (no NIK and "
                "no contact details), with each one's selection result. The candidates see that your company "
                "downloaded their data."
            ),
            "kandidat",
        ),
        ExportKind(
            "hires",
            "penempatan",
            gettext_lazy("Hire reports"),
            gettext_lazy("Your hire reports (laporan penempatan) with Disnaker's decision on each."),
            "penempatan",
        ),
        ExportKind(
            "wllp",
            "wllp",
            gettext_lazy("Vacancy report for Karirhub (WLLP)"),
            gettext_lazy(
                "The vacancies your company published in a month or a year, with how many were filled, in the "
                "fields Perpres 57/2023 requires (Wajib Lapor Lowongan Pekerjaan), always in Indonesian."
            ),
            "wllp",
            needs_period=True,
        ),
    )
}
EXPORT_KIND_BY_SLUG = {kind.slug: kind for kind in EXPORT_KINDS.values()}


def export_build(
    *,
    kind: str,
    company: Company,
    viewer,
    year: int | None = None,
    month: int | None = None,
    ip_address: str | None = None,
) -> ExportFile:
    """Build the rows of one export; an export of candidates is logged as a view of their profiles.

    The WLLP export needs `year` (and `month`, or the whole year) and is built in Indonesian.
    """
    from employers import services

    spec = EXPORT_KINDS[kind]
    now = timezone.now()
    stamp = f"{timezone.localtime(now):%Y%m%d}"
    if kind == "vacancies":
        columns, rows, period = VACANCY_COLUMNS, vacancy_export_rows(company=company), ""
    elif kind == "candidates":
        referrals = list(candidate_export_queryset(company=company))
        services.candidate_views_log(viewer=viewer, company=company, referrals=referrals, ip_address=ip_address)
        columns, rows, period = CANDIDATE_COLUMNS, candidate_export_rows(referrals=referrals), ""
    elif kind == "hires":
        columns, rows, period = HIRE_COLUMNS, hire_export_rows(company=company), ""
    else:
        if year is None:
            raise ValueError("the WLLP export needs a year")
        with translation.override("id"):
            rows = wllp_export_rows(company=company, year=year, month=month)
            period = wllp_period_label(year, month)
        columns = WLLP_COLUMNS
        stamp = f"{year}{month:02d}" if month else str(year)
    return ExportFile(
        kind=kind,
        title=str(spec.title),
        columns=columns,
        rows=rows,
        company=company,
        generated_at=now,
        period_label=period,
        filename_stem=f"{spec.filename}-{company.nib}-{stamp}",
    )


# Writers ----------------------------------------------------------------------------------


def _cell_text(value) -> str:
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _title_lines(export: ExportFile) -> tuple[str, str]:
    generated = timezone.localtime(export.generated_at)
    title = f"{export.title} — {export.company.name}"
    if export.period_label:
        title = f"{title} — {export.period_label}"
    return title, _("Exported on %(date)s WITA") % {"date": date_format(generated, "j F Y, H.i")}


def export_xlsx(export: ExportFile) -> bytes:
    """One sheet: a title row (the company, the export date in WITA), a bold frozen header row, the rows."""
    language = "id" if export.kind == "wllp" else translation.get_language()
    with translation.override(language):
        title, generated = _title_lines(export)
        headings = [str(column.heading) for column in export.columns]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", export.filename_stem.split("-")[0])[:31] or "export"
    sheet.append([_cell_text(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_cell_text(generated)])
    sheet.append([])
    sheet.append(headings)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: sheet.cell() would add an empty row
    for row in export.rows:
        sheet.append([_xlsx_value(column, row.get(column.key)) for column in export.columns])
        current = sheet.max_row
        for index, column in enumerate(export.columns, start=1):
            if column.kind == "date":
                sheet.cell(row=current, column=index).number_format = XLSX_DATE_FORMAT
            elif column.kind == "int" and column.key.startswith(("wage", "upah")):
                sheet.cell(row=current, column=index).number_format = XLSX_NUMBER_FORMAT
    for index, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(column.width, min(len(headings[index - 1]), 40))
    if export.rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(export.columns))}{sheet.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(column: Column, value):
    if value is None or value == "":
        return None
    if column.kind in ("int", "date"):
        return value
    return _cell_text(value)


def _csv_value(column: Column, value) -> str:
    if value is None:
        return ""
    if column.kind == "date":
        return value.isoformat()
    if column.kind == "int":
        return str(value)
    return neutralise(str(value))


def export_csv(export: ExportFile) -> bytes:
    """UTF-8 with a byte-order mark, commas, one header row and the rows (no title row: it would break an import)."""
    language = "id" if export.kind == "wllp" else translation.get_language()
    with translation.override(language):
        headings = [str(column.heading) for column in export.columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    for row in export.rows:
        writer.writerow([_csv_value(column, row.get(column.key)) for column in export.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


WRITERS: dict[str, tuple[Callable[[ExportFile], bytes], str]] = {
    "xlsx": (export_xlsx, XLSX_CONTENT_TYPE),
    "csv": (export_csv, CSV_CONTENT_TYPE),
}


def export_response_parts(export: ExportFile, file_format: str) -> tuple[bytes, str, str]:
    """The file's bytes, content type and (ASCII) file name."""
    writer, content_type = WRITERS[file_format]
    return writer(export), content_type, export.filename(file_format)
