"""The company's exports (employers.exports): files, the page, the API, isolation, logging, WLLP periods."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import KbjiGroup
from employers import exports
from employers.models import Vacancy, VacancyEvent
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import ProfileAccess
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the pages follow the browser's language
    return client


def page_url(slug: str, file_format: str) -> str:
    return reverse("employers:export_download", args=[slug, file_format])


def api_url(kind: str) -> str:
    return reverse("api:employer-export", args=[kind])


def api_client(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def read_xlsx(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 1
    return workbook.active


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def placement(member, jobseeker, *, vacancy=None, status=Placement.Status.VERIFIED, **extra) -> Placement:
    return Placement.objects.create(
        jobseeker=jobseeker,
        company=member.company,
        vacancy=vacancy,
        position=vacancy.title if vacancy else "Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=extra.pop("start_date", datetime.date(LAST_YEAR, 3, 20)),
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=status,
        **extra,
    )


def headers_row(sheet, row: int = 4) -> list[str]:
    return [cell.value for cell in sheet[row]]


# Vacancies ------------------------------------------------------------------------------


def test_vacancy_xlsx_has_title_bold_frozen_header_and_typed_values(client):
    # given
    member = CompanyMemberFactory(company__name="PT Pupuk Contoh")
    VacancyFactory(company=member.company, title="Operator Boiler", openings=4, status=Vacancy.Status.DRAFT)
    VacancyFactory(company=member.company, title="Teknisi Listrik", published=True)
    VacancyFactory(title="Other company's vacancy", published=True)
    client.force_login(member.user)
    # when
    response = client.get(page_url("lowongan", "xlsx"))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="lowongan-{member.company.nib}-{TODAY:%Y%m%d}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    sheet = read_xlsx(response.content)
    assert sheet["A1"].value == "Vacancy reports — PT Pupuk Contoh"
    assert sheet["A2"].value.startswith("Exported on ") and sheet["A2"].value.endswith(" WITA")
    assert headers_row(sheet)[:6] == [
        "Job title",
        "Status",
        "KBJI code",
        "Occupation (KBJI 2014)",
        "Employment type",
        "Openings",
    ]
    assert all(cell.font.bold for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["A"].width == 32
    rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"Operator Boiler", "Teknisi Listrik"}  # every status, never another company's
    boiler = dict(zip(headers_row(sheet), rows["Operator Boiler"], strict=True))
    assert boiler["Status"] == "Draft"
    assert boiler["Openings"] == 4  # a number, not text
    assert isinstance(boiler["Open from"], datetime.datetime)  # a real date cell
    assert boiler["Open from"].date() == TODAY
    assert boiler["Wage from (Rp)"] == 4_000_000
    assert boiler["Published on"] is None


def test_vacancy_csv_is_utf8_with_bom_and_quoted(client):
    # given
    member = CompanyMemberFactory()
    VacancyFactory(company=member.company, title='Juru Las, Pipa "6G"', majors="Teknik Mesin, Teknik Las")
    client.force_login(member.user)
    # when
    response = client.get(page_url("lowongan", "csv"))
    # then
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = read_csv(response.content)
    assert rows[0][0] == "Job title"  # no title row in a CSV: the header comes first
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Job title"] == 'Juru Las, Pipa "6G"'
    assert record["Fields of study"] == "Teknik Mesin, Teknik Las"
    assert record["Open from"] == TODAY.isoformat()
    assert record["Openings"] == "3"


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)"])
def test_typed_text_that_looks_like_a_formula_is_neutralised_in_both_formats(client, title):
    # given
    member = CompanyMemberFactory()
    VacancyFactory(company=member.company, title=title)
    client.force_login(member.user)
    # when
    sheet = read_xlsx(client.get(page_url("lowongan", "xlsx")).content)
    rows = read_csv(client.get(page_url("lowongan", "csv")).content)
    # then
    cell = sheet["A5"]
    assert cell.value == f"'{title}"
    assert cell.data_type == "s"  # text, never a formula
    assert rows[1][0] == f"'{title}"


def test_neutralise_leaves_ordinary_text_alone():
    assert exports.neutralise("Operator 2") == "Operator 2"
    assert exports.neutralise("") == ""
    assert exports.neutralise("=1") == "'=1"


# Candidates -----------------------------------------------------------------------------


def test_candidate_export_shows_only_referred_candidates_without_nik_or_contact_and_is_logged(client):
    # given
    member = CompanyMemberFactory(company__name="PT Kaltim Contoh")
    vacancy = VacancyFactory(company=member.company, published=True, title="Analis Laboratorium")
    candidate = JobseekerProfileFactory(educated=True, full_name="Siti Rahma", phone="+6281299990000")
    referral = ReferralFactory(application__vacancy=vacancy, application__jobseeker=candidate)
    referral.status = Referral.Status.NOT_ACCEPTED
    referral.reason_category = Referral.ReasonCategory.TEST
    referral.save()
    ApplicationFactory(vacancy=vacancy, jobseeker=JobseekerProfileFactory(full_name="Belum Dirujuk"))
    ReferralFactory(application__jobseeker=JobseekerProfileFactory(full_name="Kandidat Lain"))  # another company
    client.force_login(member.user)
    # when
    response = client.get(page_url("kandidat", "csv"))
    # then
    rows = read_csv(response.content)
    assert rows[0] == [str(column.heading) for column in exports.CANDIDATE_COLUMNS]
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Name"] == "Siti Rahma"
    assert record["Vacancy"] == "Analis Laboratorium"
    assert record["AK/V letter"] == referral.letter_number
    assert record["Status"] == "Not accepted"
    assert record["Reason not selected"] == "Did not pass the selection test"
    assert record["Education"] == "SMK, Kimia Industri" or record["Education"].endswith("Kimia Industri")
    assert record["Domicile (KTP)"] == "Local"
    text = response.content.decode("utf-8-sig")
    for secret in (candidate.nik, candidate.phone, candidate.user.email, candidate.ktp_address):
        assert secret not in text
    access = ProfileAccess.objects.get(profile=candidate)
    assert access.viewer == member.user
    assert access.what == ProfileAccess.What.CV
    assert access.viewer_label == "PT Kaltim Contoh"
    assert ProfileAccess.objects.count() == 1  # nobody else's data was exported


def test_candidate_xlsx_holds_no_identity_numbers_either(client):
    member = CompanyMemberFactory()
    vacancy = VacancyFactory(company=member.company, published=True)
    candidate = JobseekerProfileFactory()
    ReferralFactory(application__vacancy=vacancy, application__jobseeker=candidate)
    client.force_login(member.user)

    sheet = read_xlsx(client.get(page_url("kandidat", "xlsx")).content)

    values = [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]
    assert candidate.full_name in values
    assert not any(candidate.nik in value or candidate.phone in value for value in values)


# Hires ----------------------------------------------------------------------------------


def test_hire_export_lists_the_hire_reports_as_the_page_does(client):
    # given
    member = CompanyMemberFactory()
    vacancy = VacancyFactory(company=member.company, published=True, title="Operator Produksi")
    placement(member, JobseekerProfileFactory(full_name="Andi Saputra"), vacancy=vacancy, wage=5_000_000)
    placement(
        member,
        JobseekerProfileFactory(full_name="Budi Rejected"),
        status=Placement.Status.REJECTED,
        review_note="=cmd|' /C calc'!A0",
    )
    placement(
        member,
        JobseekerProfileFactory(full_name="Hidden Outside"),
        outside_portal=True,
        status=Placement.Status.REPORTED,
    )  # reported, unchecked
    other = CompanyMemberFactory()
    placement(other, JobseekerProfileFactory(full_name="Other Company Hire"))
    client.force_login(member.user)
    # when
    sheet = read_xlsx(client.get(page_url("penempatan", "xlsx")).content)
    # then
    header = headers_row(sheet)
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert set(rows) == {"Andi Saputra", "Budi Rejected"}
    assert rows["Andi Saputra"]["Status"] == "Verified"
    assert rows["Andi Saputra"]["Wage (Rp)"] == 5_000_000
    assert rows["Andi Saputra"]["Vacancy"] == "Operator Produksi"
    assert rows["Andi Saputra"]["Start date"].date() == datetime.date(LAST_YEAR, 3, 20)
    assert rows["Budi Rejected"]["Disnaker's reason"] == "'=cmd|' /C calc'!A0"


# WLLP -----------------------------------------------------------------------------------


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def wllp_case(member):
    """March: one vacancy filled by two verified hires (one more only reported); April: another one."""
    march = VacancyFactory(
        company=member.company,
        title="Operator Kontrol",
        status=Vacancy.Status.FILLED,
        published_at=_at(LAST_YEAR, 3, 31),  # 31 March 09.00 WITA is still March in Bontang
        openings=2,
        openings_male=1,
        openings_female=1,
        open_date=datetime.date(LAST_YEAR, 3, 1),
        close_date=datetime.date(LAST_YEAR, 3, 30),
    )
    placement(member, JobseekerProfileFactory(sex="M"), vacancy=march)
    placement(member, JobseekerProfileFactory(sex="F"), vacancy=march)
    placement(member, JobseekerProfileFactory(), vacancy=march, status=Placement.Status.REPORTED)
    event = VacancyEvent.objects.create(vacancy=march, from_status="published", to_status="filled")
    VacancyEvent.objects.filter(pk=event.pk).update(created_at=_at(LAST_YEAR, 4, 15))
    VacancyFactory(company=member.company, title="Teknisi April", published=True, published_at=_at(LAST_YEAR, 4, 2))
    VacancyFactory(company=member.company, title="Draft never published")
    VacancyFactory(title="Other company March", published=True, published_at=_at(LAST_YEAR, 3, 10))
    return march


def test_wllp_export_holds_the_period_in_the_layout_with_fills(client):
    # given
    member = CompanyMemberFactory(company__name="PT Bontang Contoh")
    wllp_case(member)
    client.force_login(member.user)
    # when
    response = client.get(page_url("wllp", "xlsx"), {"year": LAST_YEAR, "month": 3})
    # then
    assert response.status_code == 200
    assert response["Content-Disposition"] == (f'attachment; filename="wllp-{member.company.nib}-{LAST_YEAR}03.xlsx"')
    sheet = read_xlsx(response.content)
    assert sheet["A1"].value.endswith(f"PT Bontang Contoh — Maret {LAST_YEAR}")  # always Indonesian
    assert headers_row(sheet) == [heading for _key, heading in exports.WLLP_LAYOUT]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 1
    row = dict(zip([key for key, _heading in exports.WLLP_LAYOUT], rows[0], strict=True))
    assert row["nib"] == member.company.nib
    assert row["jabatan"] == "Operator Kontrol"
    assert row["kab_kota"] == "Kota Bontang"
    assert (row["jumlah_laki_laki"], row["jumlah_perempuan"], row["jumlah_dibutuhkan"]) == (1, 1, 2)
    assert row["jumlah_terisi"] == 2  # verified hires only
    assert (row["terisi_laki_laki"], row["terisi_perempuan"]) == (1, 1)
    assert row["tanggal_terisi"].date() == datetime.date(LAST_YEAR, 4, 15)
    assert row["lama_dibuka_hari"] == 30
    assert row["status"] == "Terisi"
    assert row["jenis_kelamin"] == "Laki-laki dan perempuan"


def test_wllp_whole_year_and_csv(client):
    member = CompanyMemberFactory()
    wllp_case(member)
    client.force_login(member.user)

    rows = read_csv(client.get(page_url("wllp", "csv"), {"year": LAST_YEAR, "month": ""}).content)

    assert rows[0] == [heading for _key, heading in exports.WLLP_LAYOUT]
    titles = [row[5] for row in rows[1:]]
    assert titles == ["Operator Kontrol", "Teknisi April"]
    assert rows[1][rows[0].index("Tanggal Buka")] == f"{LAST_YEAR}-03-01"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "2019", "month": "3"}, "year", "Choose 2023 or later: Perpres 57/2023 dates from 2023."),
        ({"year": "abc"}, "year", "Enter the year as a number, e.g. 2026."),
        ({}, "year", "Enter the year."),
        ({"year": str(TODAY.year), "month": "13"}, "month", "Choose a month from the list."),
        ({"year": str(TODAY.year + 1)}, "year", "This year has not started yet."),
    ],
)
def test_a_bad_period_shows_the_page_again_with_the_message_on_the_field(client, query, field, message):
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.get(page_url("wllp", "xlsx"), query)

    assert response.status_code == 400
    assert response.templates[0].name == "employers/export_list.html"
    assert response.context["period_form"].errors[field] == [message]
    assert message in response.content.decode()


def test_a_month_not_started_yet_is_refused(monkeypatch):
    # given: 10 May in Bontang
    monkeypatch.setattr(exports.timezone, "localdate", lambda *args: datetime.date(2026, 5, 10))
    # then
    assert exports.wllp_period_errors(2026, 6) == {"month": "This month has not started yet."}
    assert exports.wllp_period_errors(2026, 5) == {}
    assert exports.wllp_period_errors(2026, None) == {}
    assert exports.wllp_period_errors(2027, 1) == {"year": "This year has not started yet."}


# The page -------------------------------------------------------------------------------


def test_the_export_page_lists_each_export_with_its_formats(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.get(reverse("employers:export_list"))

    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("lowongan", "kandidat", "penempatan"):
        assert page_url(slug, "xlsx") in html and page_url(slug, "csv") in html
    assert page_url("wllp", "csv") in html  # the form's second button
    assert 'aria-current="page">Exports<' in html
    assert response.context["period_form"].initial == {"year": TODAY.year, "month": str(TODAY.month)}


def test_vacancy_list_links_to_the_exports(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)

    assert reverse("employers:export_list") in client.get(reverse("employers:vacancy_list")).content.decode()


def test_anonymous_and_jobseekers_are_refused_on_the_pages(client):
    for url in (reverse("employers:export_list"), page_url("lowongan", "xlsx")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    client.force_login(JobseekerProfileFactory().user)
    assert client.get(reverse("employers:export_list")).status_code == 403
    assert client.get(page_url("kandidat", "csv")).status_code == 403


def test_an_unknown_export_is_a_404(client):
    client.force_login(CompanyMemberFactory().user)
    assert client.get("/perusahaan/ekspor/semua.xlsx").status_code == 404
    assert client.get("/perusahaan/ekspor/lowongan.pdf").status_code == 404


# The API --------------------------------------------------------------------------------


def test_api_answers_each_export_as_a_file():
    member = CompanyMemberFactory()
    VacancyFactory(company=member.company, title="Operator API")
    VacancyFactory(title="Not ours")
    client = api_client(member.user)

    xlsx = client.get(api_url("vacancies"))
    csv_response = client.get(api_url("vacancies"), {"file_format": "csv"})

    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert xlsx["Cache-Control"] == "private, no-store"
    assert [row[0] for row in read_xlsx(xlsx.content).iter_rows(min_row=5, values_only=True)] == ["Operator API"]
    rows = read_csv(csv_response.content)
    assert [row[0] for row in rows[1:]] == ["Operator API"]
    assert csv_response["Content-Disposition"].startswith('attachment; filename="lowongan-')


def test_api_candidates_only_of_the_company_and_logged():
    member = CompanyMemberFactory()
    ours = ReferralFactory(application__vacancy=VacancyFactory(company=member.company, published=True))
    ReferralFactory()  # another company's
    client = api_client(member.user)

    rows = read_csv(client.get(api_url("candidates"), {"file_format": "csv"}).content)

    assert [row[3] for row in rows[1:]] == [ours.application.jobseeker.full_name]
    assert ProfileAccess.objects.filter(viewer=member.user).count() == 1


def test_api_wllp_period_and_bad_input():
    member = CompanyMemberFactory()
    wllp_case(member)
    client = api_client(member.user)

    good = client.get(api_url("wllp"), {"year": LAST_YEAR, "month": 4, "file_format": "csv"})
    assert good.status_code == 200
    assert [row[5] for row in read_csv(good.content)[1:]] == ["Teknisi April"]

    missing = client.get(api_url("wllp"))
    assert missing.status_code == 400 and missing.json() == {"year": ["Enter the year."]}
    early = client.get(api_url("wllp"), {"year": 2020})
    assert early.status_code == 400 and list(early.json()) == ["year"]
    bad_month = client.get(api_url("wllp"), {"year": LAST_YEAR, "month": 13})
    assert bad_month.status_code == 400 and list(bad_month.json()) == ["month"]
    bad_format = client.get(api_url("vacancies"), {"file_format": "pdf"})
    assert bad_format.status_code == 400 and list(bad_format.json()) == ["file_format"]
    drf_format = client.get(api_url("vacancies"), {"format": "csv"})
    assert drf_format.status_code == 400 and list(drf_format.json()) == ["format"]


def test_api_refuses_anonymous_and_jobseekers_and_unknown_kinds():
    assert api_client().get(api_url("vacancies")).status_code == 401
    assert api_client(JobseekerProfileFactory().user).get(api_url("hires")).status_code == 403
    assert api_client(UserFactory(employer=True)).get(api_url("hires")).status_code == 403  # no company
    response = api_client(CompanyMemberFactory().user).get(api_url("everything"))
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_api_errors_are_json_even_when_a_spreadsheet_is_accepted():
    client = api_client(CompanyMemberFactory().user)

    response = client.get(api_url("wllp"), HTTP_ACCEPT="text/csv")

    assert response.status_code == 400
    assert response.json() == {"year": ["Enter the year."]}


# Queries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        ("vacancies", 2),  # the vacancies with their counts, their skills
        ("candidates", 6),  # referrals, skills, education entries and levels, experience; the access log
        ("hires", 1),
        ("wllp", 2),  # the vacancies with their fills, their skills
    ],
)
def test_each_export_reads_a_fixed_number_of_queries(django_assert_max_num_queries, kind, queries):
    # given: several rows of each kind, with skills, education and experience to prefetch
    member = CompanyMemberFactory()
    for _index in range(4):
        vacancy = VacancyFactory(company=member.company, published=True, published_at=_at(LAST_YEAR, 5, 5))
        referral = ReferralFactory(application__vacancy=vacancy, application__jobseeker__educated=True)
        placement(member, referral.application.jobseeker, vacancy=vacancy, referral=referral)
    period = {"year": LAST_YEAR, "month": 5} if kind == "wllp" else {}
    # when
    with django_assert_max_num_queries(queries):
        export = exports.export_build(kind=kind, company=member.company, viewer=member.user, **period)
        exports.export_xlsx(export)
        exports.export_csv(export)
    # then
    assert len(export.rows) == 4
