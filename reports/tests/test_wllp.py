"""The monthly Karirhub / WLLP export (reports.wllp): which vacancies, their fields, the fills, the files."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import KbjiGroup, Kelurahan, Skill
from employers import services as employer_services
from employers.models import Vacancy, VacancyEvent
from employers.tests.factories import CompanyFactory, VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement, PlacementEvent
from reports import wllp

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
MARCH_START = datetime.date(2025, 3, 1)
MARCH_END = datetime.date(2025, 3, 31)


def wita(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


@pytest.fixture
def staff():
    return UserFactory(petugas=True)


def published_vacancy(*, at: datetime.datetime, by, **fields) -> Vacancy:
    """A vacancy sent for review and published by the service, its events dated `at`."""
    vacancy = VacancyFactory(in_review=True, **fields)
    VacancyEvent.objects.create(vacancy=vacancy, from_status=Vacancy.Status.DRAFT, to_status=Vacancy.Status.IN_REVIEW)
    employer_services.vacancy_publish(vacancy_id=vacancy.pk, by=by)
    vacancy.events.update(created_at=at)
    Vacancy.objects.filter(pk=vacancy.pk).update(published_at=at, submitted_at=at)
    return vacancy


def date_last_event(vacancy: Vacancy, at: datetime.datetime) -> None:
    vacancy.events.filter(pk__in=vacancy.events.order_by("-pk").values("pk")[:1]).update(created_at=at)


def close(vacancy: Vacancy, *, at: datetime.datetime) -> None:
    employer_services.vacancy_close(vacancy_id=vacancy.pk, by=None, note="Closing date passed")
    date_last_event(vacancy, at)


def mark_filled(vacancy: Vacancy, *, at: datetime.datetime, by) -> None:
    employer_services.vacancy_mark_filled(vacancy_id=vacancy.pk, by=by)
    date_last_event(vacancy, at)


def hire(vacancy: Vacancy, *, verified_at: datetime.datetime | None, is_local: bool = True, by=None) -> Placement:
    """A hire report for the vacancy, verified at `verified_at` (its events say so), or still reported."""
    reporter = by or UserFactory(employer=True)
    placement = Placement.objects.create(
        jobseeker=JobseekerProfileFactory(),
        company=vacancy.company,
        vacancy=vacancy,
        position=vacancy.title,
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=datetime.date(2025, 3, 1),
        is_local=is_local,
        reported_by=reporter,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=Placement.Status.VERIFIED if verified_at else Placement.Status.REPORTED,
    )
    PlacementEvent.objects.create(placement=placement, actor=reporter, to_status=Placement.Status.REPORTED)
    if verified_at:
        event = PlacementEvent.objects.create(
            placement=placement, from_status=Placement.Status.REPORTED, to_status=Placement.Status.VERIFIED
        )
        PlacementEvent.objects.filter(pk=event.pk).update(created_at=verified_at)
    PlacementEvent.objects.filter(placement=placement, to_status=Placement.Status.REPORTED).update(
        created_at=(verified_at or wita(2025, 3, 1)) - datetime.timedelta(days=1)
    )
    return placement


def march_rows() -> dict[int, dict]:
    """The March 2025 rows by vacancy number, each as {heading: value}."""
    header, rows = wllp.wllp_rows(period_start=MARCH_START, period_end=MARCH_END)
    by_id = {}
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        by_id[cells["Nomor lowongan"]] = cells
    return by_id


# Which vacancies, with which fields ------------------------------------------------------


def test_vacancy_first_published_in_the_month_appears_with_its_fields(staff):
    # given
    company = CompanyFactory(
        verified=True,
        name="PT Pupuk Contoh",
        nib="9120000012345",
        npwp="0123456789012345",
        kbli_code="20112",
        address="Jl. Ir. H. Juanda\nNo. 1",
        kelurahan=Kelurahan.objects.get(code="64.74.02.1001"),
    )
    skill = Skill.objects.order_by("pk").first()
    vacancy = published_vacancy(
        at=wita(2025, 3, 10),
        by=staff,
        company=company,
        title="Operator Boiler",
        openings=5,
        openings_male=3,
        openings_female=2,
        majors="Teknik Mesin",
        competencies="Sertifikat K3 Umum",
        experience_years_min=2,
        age_min=20,
        age_max=35,
        wage_min=4_500_000,
        wage_max=6_000_000,
        work_location="Kawasan Industri Lok Tuan",
        open_date=datetime.date(2025, 3, 10),
        close_date=datetime.date(2025, 4, 10),
        skills=[skill],
    )
    # when
    rows = march_rows()
    # then
    row = rows[vacancy.pk]
    with translation.override("id"):
        employment_type = vacancy.get_employment_type_display()
        wage_period = vacancy.get_wage_period_display()
    assert row["No"] == 1
    assert row["NIB perusahaan"] == "9120000012345"
    assert row["NPWP perusahaan"] == "0123456789012345"
    assert row["Nama perusahaan"] == "PT Pupuk Contoh"
    assert row["KBLI"] == "20112"
    assert row["Alamat perusahaan"] == "Jl. Ir. H. Juanda No. 1"  # on one line
    assert row["Kelurahan/Kecamatan"] == str(company.kelurahan)
    assert row["Jabatan"] == "Operator Boiler"
    assert row["Kode KBJI"] == "8"
    assert row["Jenis hubungan kerja"] == employment_type
    assert (row["Jumlah lowongan laki-laki"], row["Jumlah lowongan perempuan"], row["Jumlah lowongan total"]) == (
        3,
        2,
        5,
    )
    assert row["Pendidikan minimal"] == vacancy.min_education.name
    assert row["Jurusan"] == "Teknik Mesin"
    assert row["Keterampilan/Kompetensi"] == f"{skill.name}; Sertifikat K3 Umum"
    assert row["Pengalaman (tahun)"] == 2
    assert (row["Usia minimal"], row["Usia maksimal"]) == (20, 35)
    assert (row["Upah minimal (Rp)"], row["Upah maksimal (Rp)"]) == (4_500_000, 6_000_000)
    assert row["Periode upah"] == wage_period
    assert row["Lokasi kerja"] == "Kawasan Industri Lok Tuan"
    assert row["Kelurahan lokasi kerja"] == vacancy.work_kelurahan.name
    assert row["Tanggal dibuka"] == datetime.date(2025, 3, 10)
    assert row["Tanggal dilaporkan"] == datetime.date(2025, 3, 10)
    assert row["Tanggal tutup"] == datetime.date(2025, 4, 10)
    assert row["Status pada akhir periode"] == "Dibuka"
    assert row["Jumlah diterima dalam periode"] == 0
    assert row["Jumlah diterima lokal dalam periode"] == 0
    assert row["Tanggal terisi"] is None


def test_vacancy_published_before_with_hires_verified_in_the_month_counts_them(staff):
    # given: published in February; hires verified in February, in March (two), on 1 April WITA, and one unverified
    vacancy = published_vacancy(at=wita(2025, 2, 20), by=staff)
    hire(vacancy, verified_at=wita(2025, 2, 27), is_local=True)
    hire(vacancy, verified_at=wita(2025, 3, 1, 0, 10), is_local=True)  # 28 Feb 16:10 UTC: March in WITA
    hire(vacancy, verified_at=wita(2025, 3, 31, 23, 50), is_local=False)
    hire(vacancy, verified_at=wita(2025, 4, 1, 0, 5), is_local=False)  # 31 Mar 16:05 UTC: April in WITA
    hire(vacancy, verified_at=None, is_local=True)
    # when
    rows = march_rows()
    # then
    row = rows[vacancy.pk]
    assert row["Tanggal dilaporkan"] == datetime.date(2025, 2, 20)
    assert row["Jumlah diterima dalam periode"] == 2
    assert row["Jumlah diterima lokal dalam periode"] == 1
    assert row["Status pada akhir periode"] == "Dibuka"
    assert row["Tanggal terisi"] is None


def test_vacancy_untouched_in_the_month_is_left_out(staff):
    # given: published, hired for and closed before March; published on 1 April WITA; never published
    earlier = published_vacancy(at=wita(2025, 1, 15), by=staff)
    hire(earlier, verified_at=wita(2025, 2, 10))
    close(earlier, at=wita(2025, 2, 28, 23, 0))
    later = published_vacancy(at=wita(2025, 4, 1, 0, 30), by=staff)  # 31 Mar 16:30 UTC
    draft = VacancyFactory(status=Vacancy.Status.DRAFT)
    in_march = published_vacancy(at=wita(2025, 3, 1, 0, 30), by=staff)  # 28 Feb 16:30 UTC
    # when
    rows = march_rows()
    # then
    assert earlier.pk not in rows
    assert later.pk not in rows
    assert draft.pk not in rows
    assert set(rows) == {in_march.pk}


def test_status_at_the_end_of_the_month_comes_from_the_events(staff):
    # given: one closed in April (open on 31 March), one closed in March, one filled in March
    closed_after = published_vacancy(at=wita(2025, 3, 5), by=staff)
    close(closed_after, at=wita(2025, 4, 2))
    closed_in = published_vacancy(at=wita(2025, 3, 6), by=staff)
    close(closed_in, at=wita(2025, 3, 20))
    filled = published_vacancy(at=wita(2025, 2, 10), by=staff)
    hire(filled, verified_at=wita(2025, 3, 14))
    mark_filled(filled, at=wita(2025, 3, 15, 23, 30), by=staff)  # 15:30 UTC, still the 15th in WITA
    # when
    rows = march_rows()
    # then
    assert Vacancy.objects.get(pk=closed_after.pk).status == Vacancy.Status.CLOSED  # now, but not on 31 March
    assert rows[closed_after.pk]["Status pada akhir periode"] == "Dibuka"
    assert rows[closed_in.pk]["Status pada akhir periode"] == "Ditutup"
    assert rows[filled.pk]["Status pada akhir periode"] == "Terisi"
    assert rows[filled.pk]["Tanggal terisi"] == datetime.date(2025, 3, 15)
    assert rows[filled.pk]["Jumlah diterima dalam periode"] == 1


def test_vacancy_filled_in_the_month_appears_even_without_a_hire_and_not_the_month_after(staff):
    # given: published in January, filled on 1 April just after midnight WITA (31 March in UTC)
    filled_in_march = published_vacancy(at=wita(2025, 1, 10), by=staff)
    mark_filled(filled_in_march, at=wita(2025, 3, 3), by=staff)
    filled_in_april = published_vacancy(at=wita(2025, 1, 11), by=staff)
    mark_filled(filled_in_april, at=wita(2025, 4, 1, 0, 20), by=staff)
    # when
    rows = march_rows()
    # then
    assert rows[filled_in_march.pk]["Status pada akhir periode"] == "Terisi"
    assert rows[filled_in_march.pk]["Tanggal terisi"] == datetime.date(2025, 3, 3)
    assert filled_in_april.pk not in rows


def test_extension_republishing_keeps_the_first_report_date(staff):
    # given: published in February, extended and published again in March
    vacancy = published_vacancy(at=wita(2025, 2, 25), by=staff)
    for from_status, to_status, at in (
        (Vacancy.Status.PUBLISHED, Vacancy.Status.IN_REVIEW, wita(2025, 3, 2)),
        (Vacancy.Status.IN_REVIEW, Vacancy.Status.PUBLISHED, wita(2025, 3, 3)),
    ):
        event = VacancyEvent.objects.create(vacancy=vacancy, from_status=from_status, to_status=to_status)
        VacancyEvent.objects.filter(pk=event.pk).update(created_at=at)
    Vacancy.objects.filter(pk=vacancy.pk).update(published_at=wita(2025, 3, 3))
    hire(vacancy, verified_at=wita(2025, 3, 10))
    # when
    rows = march_rows()
    # then: reported in February (the first publication), open at the end of March
    assert rows[vacancy.pk]["Tanggal dilaporkan"] == datetime.date(2025, 2, 25)
    assert rows[vacancy.pk]["Status pada akhir periode"] == "Dibuka"


def test_rows_are_in_indonesian_whatever_the_callers_language(staff):
    # given
    vacancy = published_vacancy(at=wita(2025, 3, 4), by=staff)
    with translation.override("id"):
        expected = vacancy.get_employment_type_display()
    # when
    with translation.override("en"):
        rows = march_rows()
    # then
    assert rows[vacancy.pk]["Jenis hubungan kerja"] == expected


def test_a_period_ending_before_it_starts_is_refused():
    # when / then
    with pytest.raises(ValueError):
        wllp.wllp_rows(period_start=MARCH_END, period_end=MARCH_START)


def test_the_period_bounds_are_wita_midnights():
    # when
    start, end = wllp.period_bounds(period_start=MARCH_START, period_end=MARCH_END)
    # then
    assert settings.TIME_ZONE == "Asia/Makassar"
    assert start == datetime.datetime(2025, 2, 28, 16, 0, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2025, 3, 31, 16, 0, tzinfo=datetime.UTC)
    assert wllp.period_label(period_start=MARCH_START, period_end=MARCH_END) == "Maret 2025"
    assert wllp.wllp_filename(period_start=MARCH_START, period_end=MARCH_END, file_format="csv") == (
        "wllp-bontang-202503.csv"
    )


@pytest.mark.parametrize("count", [1, 10])
def test_the_number_of_queries_does_not_grow_with_the_rows(staff, count, django_assert_max_num_queries):
    # given: each vacancy published in March with skills and a verified hire
    skills = list(Skill.objects.order_by("pk")[:2])
    for _index in range(count):
        vacancy = published_vacancy(at=wita(2025, 3, 12), by=staff, skills=skills)
        hire(vacancy, verified_at=wita(2025, 3, 20))
    # when
    with django_assert_max_num_queries(2):  # the rows, their skills
        header, rows = wllp.wllp_rows(period_start=MARCH_START, period_end=MARCH_END)
    # then
    assert len(rows) == count
    assert all(row[header.index("Jumlah diterima dalam periode")] == 1 for row in rows)


# Files ------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_guards_formula_like_text():
    # given
    header = ["No", "Jabatan", "Catatan", "Angka", "Tanggal", "Kosong"]
    rows = [
        [1, '=HYPERLINK("http://x")', "+62 812", -5, datetime.date(2025, 3, 31), None],
        [2, "@SUM(A1)", "-1+1", 7, None, ""],
        [3, "\tTab", "\rCR", 0, None, "Operator"],
    ]
    # when
    content = wllp.wllp_csv_bytes(header, rows)
    # then
    assert content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert parsed[0] == header
    assert parsed[1] == ["1", '\'=HYPERLINK("http://x")', "'+62 812", "-5", "2025-03-31", ""]
    assert parsed[2] == ["2", "'@SUM(A1)", "'-1+1", "7", "", ""]
    assert parsed[3] == ["3", "'\tTab", "'\rCR", "0", "", "Operator"]


def test_csv_of_the_real_rows_guards_a_typed_title(staff):
    # given
    vacancy = published_vacancy(at=wita(2025, 3, 8), by=staff, title="=1+1 Operator")
    header, rows = wllp.wllp_rows(period_start=MARCH_START, period_end=MARCH_END)
    # when
    parsed = list(csv.reader(io.StringIO(wllp.wllp_csv_bytes(header, rows).decode("utf-8-sig"))))
    # then
    assert parsed[0] == header
    row = dict(zip(parsed[0], parsed[1], strict=True))
    assert row["Nomor lowongan"] == str(vacancy.pk)
    assert row["Jabatan"] == "'=1+1 Operator"
    assert row["Tanggal dilaporkan"] == "2025-03-08"


def test_xlsx_opens_with_one_sheet_a_title_and_the_header_frozen(staff):
    # given
    vacancy = published_vacancy(at=wita(2025, 3, 8), by=staff, title="+Teknisi Listrik")
    header, rows = wllp.wllp_rows(period_start=MARCH_START, period_end=MARCH_END)
    title = wllp.wllp_title(period_start=MARCH_START, period_end=MARCH_END)
    # when
    content = wllp.wllp_xlsx_bytes(header, rows, title=title)
    # then
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["WLLP"]
    sheet = workbook["WLLP"]
    assert sheet["A1"].value == settings.REPORT_LETTERHEAD
    assert sheet["A2"].value == title
    assert "Maret 2025" in title
    assert [cell.value for cell in sheet[4]] == header
    assert sheet.freeze_panes == "A5"
    data = dict(zip(header, [cell.value for cell in sheet[5]], strict=True))
    assert data["Nomor lowongan"] == vacancy.pk
    assert data["Jabatan"] == "'+Teknisi Listrik"
    assert data["Tanggal dilaporkan"] == datetime.datetime(2025, 3, 8)  # a real date cell
    assert sheet.cell(row=5, column=header.index("Tanggal dilaporkan") + 1).is_date
    assert data["Upah minimal (Rp)"] == vacancy.wage_min
    assert data["Tanggal terisi"] is None
    assert sheet.column_dimensions["D"].width == 30  # Nama perusahaan
    assert sheet.max_row == 5


def test_a_period_other_than_a_month_is_labelled_by_its_dates():
    # given
    start, end = datetime.date(2025, 3, 1), datetime.date(2025, 4, 15)
    # when / then
    assert wllp.period_label(period_start=start, period_end=end) == "1 Maret 2025 – 15 April 2025"
    assert wllp.period_label(period_start=datetime.date(2024, 2, 1), period_end=datetime.date(2024, 2, 29)) == (
        "Februari 2024"
    )
    assert wllp.wllp_filename(period_start=start, period_end=end, file_format="xlsx") == (
        "wllp-bontang-20250301-20250415.xlsx"
    )
