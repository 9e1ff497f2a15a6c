"""The public labour-market dashboard (/statistik/): its figures, its open data and its cache."""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory
from employers.tests.factories import CompanyFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, EducationEntryFactory, JobseekerProfileFactory
from placements.models import Placement, PlacementEvent
from reports import dashboard

pytestmark = pytest.mark.django_db

WITA = timezone.get_default_timezone()
TODAY = dashboard.wita_today()
THIS_MONTH = TODAY.replace(day=1)
LAST_YEAR_DEC = datetime.date(TODAY.year - 1, 12, 1)
SECRET_NAME = "Rahmawati Kusumaningtyas"
SECRET_NIK = "6474015203990042"


def wita(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def active_jobseeker(*levels: str, **profile):
    jobseeker = JobseekerProfileFactory(**profile)
    for code in levels:
        EducationEntryFactory(jobseeker=jobseeker, level=EducationLevel.objects.get(code=code))
    AkiCardFactory(jobseeker=jobseeker, active=True)
    return jobseeker


def hire(company, *, local: bool, verified_at: datetime.datetime | None, reporter):
    """A hire report, verified at `verified_at` (its event's created_at set after the fact), or only reported."""
    placement = Placement.objects.create(
        jobseeker=JobseekerProfileFactory(),
        company=company,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=(verified_at or timezone.now()).date(),
        is_local=local,
        reported_by=reporter,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=Placement.Status.REPORTED if verified_at is None else Placement.Status.VERIFIED,
    )
    reported = PlacementEvent.objects.create(placement=placement, to_status=Placement.Status.REPORTED)
    if verified_at is None:
        return placement
    PlacementEvent.objects.filter(pk=reported.pk).update(created_at=verified_at - datetime.timedelta(days=3))
    verified = PlacementEvent.objects.create(
        placement=placement, from_status=Placement.Status.REPORTED, to_status=Placement.Status.VERIFIED
    )
    PlacementEvent.objects.filter(pk=verified.pk).update(created_at=verified_at)
    return placement


@pytest.fixture
def labour_market():
    """A small Bontang, counted by hand in the tests below."""
    # Jobseekers: three active cards (highest S1, SMA, none), one requested, one lapsed.
    active_jobseeker("SMK", "S1", full_name=SECRET_NAME, nik=SECRET_NIK)
    active_jobseeker("SMA")
    active_jobseeker()
    AkiCardFactory(jobseeker=JobseekerProfileFactory(), status=AkiCard.Status.REQUESTED)
    lapsed = active_jobseeker("D3")
    AkiCard.objects.filter(jobseeker=lapsed).update(status=AkiCard.Status.LAPSED)

    # Vacancies: open in C (3 + 4 openings) and F (2); a draft and one past its closing date do not count.
    industry = CompanyFactory(verified=True, kbli_category=KbliCategory.objects.get(code="C"))
    builder = CompanyFactory(verified=True, kbli_category=KbliCategory.objects.get(code="F"), kbli_code="41011")
    VacancyFactory(company=industry, published=True, openings=3)
    VacancyFactory(company=industry, published=True, openings=4)
    VacancyFactory(company=builder, published=True, openings=2)
    VacancyFactory(company=builder, openings=50)
    VacancyFactory(
        company=builder,
        published=True,
        openings=40,
        open_date=TODAY - datetime.timedelta(days=40),
        close_date=TODAY - datetime.timedelta(days=1),
    )

    # Placements, by the moment of their verification (WITA).
    reporter = UserFactory(employer=True)
    hire(
        industry, local=True, verified_at=wita(datetime.date(TODAY.year, 1, 1), 0, 30), reporter=reporter
    )  # 16:30 UTC the day before
    hire(industry, local=True, verified_at=wita(THIS_MONTH, 10), reporter=reporter)
    hire(builder, local=False, verified_at=wita(THIS_MONTH, 11), reporter=reporter)
    hire(
        builder, local=False, verified_at=wita(datetime.date(TODAY.year - 1, 12, 31), 23, 30), reporter=reporter
    )  # last year
    hire(
        industry, local=True, verified_at=wita(dashboard._add_months(TODAY, -12), 9), reporter=reporter
    )  # 13 months back: outside
    hire(industry, local=True, verified_at=None, reporter=reporter)  # reported, not verified


def test_percent_has_one_decimal_half_up_and_none_without_a_whole():
    assert dashboard.percent(2, 3) == 66.7
    assert dashboard.percent(1, 8) == 12.5
    assert dashboard.percent(1, 6) == 16.7
    assert dashboard.percent(0, 4) == 0.0
    assert dashboard.percent(0, 0) is None


def test_key_figures_equal_the_hand_counts(labour_market):
    # when
    figures = dashboard.dashboard_compute(today=TODAY)["figures"]

    # then: the 1 January 00:30 WITA verification is this year's, the 31 December 23:30 one is not
    assert figures == {
        "active_jobseekers": 3,
        "open_vacancies": 3,
        "open_openings": 9,
        "year": TODAY.year,
        "placements_this_year": 3,
        "local_placements_this_year": 2,
        "local_share_percent": 66.7,
    }


def test_key_figures_without_data_have_no_local_share():
    figures = dashboard.dashboard_compute(today=TODAY)["figures"]

    assert figures["placements_this_year"] == 0
    assert figures["local_share_percent"] is None
    assert figures["open_openings"] == 0


def test_charts_equal_the_hand_counts(labour_market):
    # when
    with translation.override("en"):
        charts = {chart["name"]: chart for chart in dashboard.dashboard_compute(today=TODAY)["charts"]}

    # then: openings per KBLI category, most first
    assert charts["vacancies-by-sector"]["rows"] == [
        {"code": "C", "label": "Industri Pengolahan", "vacancies": 2, "openings": 7},
        {"code": "F", "label": "Konstruksi", "vacancies": 1, "openings": 2},
    ]
    # every level, by rank, the highest of each person; "not filled in" last
    education = {row["code"]: row["jobseekers"] for row in charts["jobseekers-by-education"]["rows"]}
    assert education == {
        "TTSD": 0, "SD": 0, "SMP": 0, "SMA": 1, "SMK": 0, "D1": 0, "D2": 0,
        "D3": 0, "D4": 0, "S1": 1, "S2": 0, "S3": 0, "": 1,
    }  # fmt: skip
    assert charts["jobseekers-by-education"]["rows"][-1]["label"] == "Not filled in"
    # twelve months ending with this one, by the month of the verification
    months = charts["placements-by-month"]["rows"]
    assert len(months) == 12
    assert months[-1]["month"] == f"{THIS_MONTH:%Y-%m}"
    assert months[0]["month"] == f"{dashboard._add_months(TODAY, -11):%Y-%m}"
    window = {row["month"] for row in months}
    expected = {f"{LAST_YEAR_DEC:%Y-%m}": (1, 0), f"{TODAY.year}-01": (1, 1)}  # (placements, local)
    this_month = f"{THIS_MONTH:%Y-%m}"
    previous = expected.get(this_month, (0, 0))
    expected[this_month] = (previous[0] + 2, previous[1] + 1)
    expected = {month: counts for month, counts in expected.items() if month in window}  # December: 12 months back
    assert {row["month"]: (row["placements"], row["local"]) for row in months if row["placements"]} == expected
    shares = {row["month"]: row["local_share_percent"] for row in charts["local-share-by-month"]["rows"]}
    for month, (placements, local) in expected.items():
        assert shares[month] == dashboard.percent(local, placements)
    assert sum(share is None for share in shares.values()) == 12 - len(expected)


def test_page_shows_figures_tables_and_downloads_but_no_person(client, labour_market):
    # when
    response = client.get(reverse("reports:dashboard"))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_NAME not in html
    assert SECRET_NIK not in html
    assert html.count("<table") == 4
    assert html.count('<caption class="visually-hidden">') == 4
    assert '<th scope="row">C Industri Pengolahan</th>' in html
    assert "66,7%" in html  # Indonesian decimals
    for name in dashboard.CHART_NAMES:
        assert f'href="{reverse("reports:dashboard_csv", args=[name])}"' in html
        assert f'id="chart-data-{name}" type="application/json"' in html
    assert f'href="{reverse("reports:dashboard_json")}"' in html
    assert html.count('rel="license"') == 5
    assert "reports/vendor/chart.umd.min.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_the_footer_links_to_the_dashboard(client):
    response = client.get(reverse("home"))

    assert f'href="{reverse("reports:dashboard")}"' in response.content.decode()


def test_json_carries_the_figures_and_the_licence(client, labour_market, settings):
    # when
    response = client.get(reverse("reports:dashboard_json"))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Link"] == f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    data = json.loads(response.content)
    assert data["licence"] == settings.OPEN_DATA_LICENCE
    assert data["licence_url"] == settings.OPEN_DATA_LICENCE_URL
    assert datetime.datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert data["figures"]["placements_this_year"] == 3
    assert [chart["name"] for chart in data["charts"]] == list(dashboard.CHART_NAMES)
    assert SECRET_NAME not in response.content.decode()


def test_csv_has_a_header_row_and_one_row_per_group(client, labour_market, settings):
    # when
    response = client.get(reverse("reports:dashboard_csv", args=["vacancies-by-sector"]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Link"] == f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    assert response["Content-Disposition"] == f'attachment; filename="statistik-vacancies-by-sector-{TODAY}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["code", "label", "vacancies", "openings"],
        ["C", "Industri Pengolahan", "2", "7"],
        ["F", "Konstruksi", "1", "2"],
    ]


def test_csv_of_the_local_share_leaves_empty_months_empty(client, labour_market):
    response = client.get(reverse("reports:dashboard_csv", args=["local-share-by-month"]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["month", "label", "placements", "local", "local_share_percent"]
    assert len(rows) == 13
    by_month = {row[0]: row[2:] for row in rows[1:]}
    assert by_month[f"{TODAY.year}-01"] == (["2", "1", "50.0"] if TODAY.month == 1 else ["1", "1", "100.0"])
    if TODAY.month not in (1, 2):  # a month without placements: no share, an empty cell
        assert by_month[f"{TODAY.year}-02"] == ["0", "0", ""]


def test_unknown_chart_is_404(client):
    response = client.get("/statistik/nama-pencaker.csv")

    assert response.status_code == 404


def test_second_call_reads_the_cache_without_queries(labour_market, django_assert_num_queries):
    # given
    first = dashboard.dashboard_data()

    # when / then
    with django_assert_num_queries(0):
        second = dashboard.dashboard_data()
    assert second == first


def test_cache_key_names_the_date_and_the_language(labour_market):
    # given: the figures cached in Indonesian
    with translation.override("id"):
        dashboard.dashboard_data()

    # then: English is computed apart, and tomorrow would be too
    assert cache.get(dashboard.cache_key(today=TODAY, language="id")) is not None
    assert cache.get(dashboard.cache_key(today=TODAY, language="en")) is None
    assert str(TODAY) in dashboard.cache_key(today=TODAY, language="id")


def test_cached_figures_do_not_move_until_the_entry_expires(client, labour_market):
    # given: the page seen once
    client.get(reverse("reports:dashboard_json"))

    # when: a new vacancy is published
    VacancyFactory(published=True, openings=5)

    # then: the open data still shows the cached figures
    data = json.loads(client.get(reverse("reports:dashboard_json")).content)
    assert data["figures"]["open_openings"] == 9


def test_open_data_from_the_cache_needs_no_query(client, labour_market):
    # given
    client.get(reverse("reports:dashboard_csv", args=["placements-by-month"]))

    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard_csv", args=["jobseekers-by-education"]))

    # then
    assert response.status_code == 200
    assert len(queries) == 0


def test_each_visitor_gets_their_own_page_around_the_cached_figures(client, labour_market):
    # given: a staff member opens the page first, so the figures are cached
    staff = UserFactory(petugas=True, full_name="Petugas Pertama")
    client.force_login(staff)
    first = client.get(reverse("reports:dashboard")).content.decode()
    assert reverse("admin:index") in first
    assert reverse("accounts:logout") in first

    # when: a jobseeker opens it after, then someone not logged in
    client.logout()
    jobseeker = active_jobseeker(full_name="Pencari Kerja Kedua").user
    client.force_login(jobseeker)
    second = client.get(reverse("reports:dashboard")).content.decode()
    client.logout()
    anonymous = client.get(reverse("reports:dashboard")).content.decode()

    # then: each page is their own; the figures are the cached ones
    assert reverse("admin:index") not in second
    assert reverse("accounts:logout") in second
    assert "Petugas Pertama" not in second
    assert reverse("accounts:logout") not in anonymous
    assert reverse("accounts:login") in anonymous
    assert '<span class="key-figure__value">3</span>' in second  # the fourth card came after the cache
