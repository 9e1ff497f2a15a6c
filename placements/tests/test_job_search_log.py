"""The job-search log: this person's rows in date order, the page, the PDF and the CSV, the API."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from rest_framework.test import APIClient

from bontang_aker.core import pdf as core_pdf
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.services import aki_card_report
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import hire_reports, services
from placements.job_search_log import job_search_log, job_search_log_csv, job_search_log_pdf, job_search_log_rows
from placements.models import Application, ApplicationEvent, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Rows built outside a request are in the active language: English here, whatever the catalogue holds."""
    with translation.override("en"):
        yield


PAGE = reverse("job_search_log:page")
PDF = reverse("job_search_log:pdf")
CSV = reverse("job_search_log:csv")
API = reverse("api:my-job-search-log")


def at(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


def backdate(queryset, days_ago: int) -> None:
    queryset.update(created_at=at(days_ago))


def seeker_with_history(petugas, *, full_name="Siti Rahmawati", title="Juru Las 3G"):
    """A jobseeker whose card was issued, who applied, was referred, passed the selection and did a lapor."""
    profile = JobseekerProfileFactory(full_name=full_name, educated=True)
    card = AkiCardFactory(
        jobseeker=profile,
        status=AkiCard.Status.ACTIVE,
        number=f"6474-LOG-{profile.pk:07d}",
        issued_at=at(60),
        last_reported_at=at(60),
        expires_on=timezone.localdate() + datetime.timedelta(days=600),
    )
    backdate(AkiCard.objects.filter(pk=card.pk), 60)
    card.events.create(actor=profile.user, from_status="", to_status=AkiCard.Status.REQUESTED)
    card.events.create(actor=petugas, from_status=AkiCard.Status.REQUESTED, to_status=AkiCard.Status.ACTIVE)
    backdate(card.events.filter(to_status=AkiCard.Status.REQUESTED), 62)
    backdate(card.events.filter(to_status=AkiCard.Status.ACTIVE), 60)
    vacancy = VacancyFactory(published=True, title=title)
    application = services.application_submit(jobseeker=profile, vacancy_id=vacancy.pk)
    backdate(application.events.all(), 30)
    referral = services.referral_create(application_id=application.pk, by=petugas)
    backdate(referral.events.all(), 20)
    employer = CompanyMemberFactory(company=vacancy.company).user
    services.referral_record_result(
        referral_id=referral.pk, by=employer, result=Referral.Status.NOT_ACCEPTED, reason="test"
    )
    backdate(referral.events.filter(to_status=Referral.Status.NOT_ACCEPTED), 10)
    aki_card_report(card_id=card.pk, by=profile.user)  # today
    return profile, vacancy


@pytest.fixture
def seeker(petugas):
    return seeker_with_history(petugas)


def test_the_log_has_exactly_this_persons_rows_oldest_first(seeker, petugas):
    # given another person with a history of their own
    profile, vacancy = seeker
    other, other_vacancy = seeker_with_history(petugas, full_name="Budi Santoso", title="Operator Crane")
    # when
    rows = job_search_log_rows(jobseeker=profile)
    # then
    assert [(row.kind, row.result) for row in rows] == [
        ("aki_card", "AK/I card requested"),
        ("aki_card", "AK/I card issued"),
        ("application", "Application submitted"),
        ("referral", "Referred to the employer by Disnaker"),
        ("selection", "Selection result: not passed"),
        ("aki_card", "Report (lapor): still looking for work"),
    ]
    assert [row.at for row in rows] == sorted(row.at for row in rows)
    assert {row.company for row in rows if row.kind != "aki_card"} == {vacancy.company.name}
    assert all("Operator Crane" not in row.what and other_vacancy.company.name != row.company for row in rows)
    # the application's "not hired" (the same selection result) is not listed twice
    assert ApplicationEvent.objects.filter(
        application__jobseeker=profile, to_status=Application.Status.NOT_HIRED
    ).exists()


def test_hires_and_own_reports_are_in_the_log(petugas):
    profile = AkiCardFactory(active=True).jobseeker
    report = hire_reports.jobseeker_hire_report(
        jobseeker=profile,
        by=profile.user,
        company_name="Bengkel Las Maju",
        position="Juru las",
        start_date=timezone.localdate(),
    )
    hire_reports.jobseeker_hire_report_confirm(report_id=report.pk, by=petugas)
    rows = job_search_log_rows(jobseeker=profile)
    assert [(row.kind, row.result) for row in rows] == [
        ("hire_report", "Reported to Disnaker"),
        ("hire_report", "Confirmed by Disnaker"),
        ("aki_card", "AK/I card marked placed (hired)"),
    ]


def test_the_pdf_parses_and_holds_the_rows(seeker):
    profile, vacancy = seeker
    log = job_search_log(jobseeker=profile)
    reader = PdfReader(io.BytesIO(job_search_log_pdf(log)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4 portrait
    assert "DINAS KETENAGAKERJAAN" in text
    assert profile.full_name in text
    assert log.card_number in text
    assert "WITA" in text
    assert vacancy.title in text
    assert "Report (lapor)" in text


def test_the_csv_parses_with_a_header_row(seeker):
    profile, vacancy = seeker
    content = job_search_log_csv(job_search_log(jobseeker=profile))
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Date (WITA)", "Kind", "What", "Company", "Result"]
    assert len(rows) == 1 + 6
    assert rows[3][2] == vacancy.title and rows[3][3] == vacancy.company.name
    assert datetime.datetime.strptime(rows[1][0], "%Y-%m-%d %H:%M")


def test_csv_cells_never_start_a_formula():
    profile = AkiCardFactory(active=True).jobseeker
    hire_reports.jobseeker_hire_report(
        jobseeker=profile,
        by=profile.user,
        company_name="=HYPERLINK(1)",
        position="-2+3",
        start_date=timezone.localdate(),
    )
    rows = list(csv.reader(io.StringIO(job_search_log_csv(job_search_log(jobseeker=profile)).decode("utf-8-sig"))))
    assert rows[1][2] == "'-2+3" and rows[1][3] == "'=HYPERLINK(1)"


def test_an_empty_log_still_makes_a_pdf():
    log = job_search_log(jobseeker=JobseekerProfileFactory())
    assert "No job-search activity" in PdfReader(io.BytesIO(job_search_log_pdf(log))).pages[0].extract_text()


def test_pdf_without_a_unicode_font_transliterates(monkeypatch):
    monkeypatch.setattr(core_pdf, "unicode_font_files", lambda: None)
    profile = JobseekerProfileFactory(full_name="Nguyễn Đức Ṣāliḥ")
    reader = PdfReader(io.BytesIO(job_search_log_pdf(job_search_log(jobseeker=profile))))
    text = reader.pages[0].extract_text()
    assert "Nguyen" in text and "Salih" in text


def test_pdf_with_the_unicode_font_keeps_the_name():
    if core_pdf.unicode_font_files() is None:
        pytest.skip("no Unicode TrueType font installed")
    profile = JobseekerProfileFactory(full_name="Nguyễn Đức")
    text = PdfReader(io.BytesIO(job_search_log_pdf(job_search_log(jobseeker=profile)))).pages[0].extract_text()
    assert "Nguyễn Đức" in text


# Pages ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_downloads_are_for_the_owner_only(english, seeker):
    profile, _vacancy = seeker
    for url in (PAGE, PDF, CSV):
        assert english.get(url).status_code == 302  # anonymous: to the login page
    english.force_login(CompanyMemberFactory().user)
    for url in (PAGE, PDF, CSV):
        assert english.get(url).status_code == 403
    english.force_login(JobseekerProfileFactory(full_name="Orang Lain").user)
    assert profile.full_name not in english.get(PAGE).content.decode()
    assert profile.full_name.encode() not in english.get(CSV).content


def test_page_and_downloads(english, seeker):
    profile, vacancy = seeker
    english.force_login(profile.user)
    page = english.get(PAGE).content.decode()
    assert vacancy.title in page and PDF in page and CSV in page
    pdf = english.get(PDF)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('attachment; filename="riwayat-pencarian-kerja-')
    assert pdf["Cache-Control"] == "private, no-store"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()  # in Indonesian, whatever the page's language
    assert vacancy.title in text and profile.full_name in text and "DINAS KETENAGAKERJAAN" in text
    response = english.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[0][0] == "Date (WITA)"


def test_empty_state(english):
    profile = JobseekerProfileFactory()
    english.force_login(profile.user)
    page = english.get(PAGE).content.decode()
    assert 'class="empty-state"' in page
    assert reverse("vacancies:search") in page
    assert PDF not in page
    rows = list(csv.reader(io.StringIO(english.get(CSV).content.decode("utf-8-sig"))))
    assert rows == [["Date (WITA)", "Kind", "What", "Company", "Result"]]
    assert len(PdfReader(io.BytesIO(english.get(PDF).content)).pages) == 1


def test_links_from_the_applications_page_and_dashboard(english):
    english.force_login(JobseekerProfileFactory().user)
    assert PAGE in english.get(reverse("placements:application_list")).content.decode()
    assert PAGE in english.get(reverse("portal:dashboard")).content.decode()


# API ------------------------------------------------------------------------------------------------------------


def test_api_json_and_csv(seeker):
    profile, vacancy = seeker
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert api.get(API).status_code == 401
    api.force_authenticate(CompanyMemberFactory().user)
    assert api.get(API).status_code == 403
    assert api.get(API, {"format": "csv"}).status_code == 403
    api.force_authenticate(profile.user)
    data = api.get(API).json()
    assert data["full_name"] == profile.full_name
    assert [row["kind"] for row in data["rows"]][:3] == ["aki_card", "aki_card", "application"]
    assert data["rows"][2]["what"] == vacancy.title
    assert api.get(API, {"format": "xml"}).status_code == 400
    response = api.get(API, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 7
