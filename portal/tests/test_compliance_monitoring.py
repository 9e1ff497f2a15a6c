"""City-wide compliance monitoring: figures and lights for every company in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.reference.models import KbjiGroup
from employers.models import Company, ManpowerPlan
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement
from portal.compliance_monitoring import AMBER, GREEN, RED, companies_with_compliance

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def hire(company, user, *, local: bool, status=Placement.Status.VERIFIED, outside=False, vacancy=None, year=YEAR):
    return Placement.objects.create(
        jobseeker=JobseekerProfileFactory(),
        company=company,
        vacancy=vacancy,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=datetime.date(year, 1, 10),
        is_local=local,
        reported_by=user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=status,
        outside_portal=outside,
    )


def file_plan(company, user):
    ManpowerPlan.objects.create(
        company=company, year=YEAR, status=ManpowerPlan.Status.SUBMITTED, submitted_at=timezone.now(), created_by=user
    )


def compliant_company(name="PT Hijau", **workforce):
    """Every obligation met: 3 of 4 hires local (exactly 75%), workforce 80% local, 1% disabled, plan filed."""
    member = CompanyMemberFactory(company__name=name)
    company = member.company
    vacancy = VacancyFactory(company=company, published=True)
    for local in (True, True, True, False):
        hire(company, member.user, local=local, vacancy=vacancy)
    values = {"workforce_local": 80, "workforce_non_local": 20, "workforce_disabled": 1, **workforce}
    Company.objects.filter(pk=company.pk).update(workforce_reported_at=TODAY, **values)
    file_plan(company, member.user)
    return member


def figures(company):
    return companies_with_compliance(Company.objects.filter(pk=company.pk)).get()


def test_a_company_meeting_every_obligation_is_green_at_exactly_the_minimums():
    member = compliant_company()
    row = figures(member.company)
    assert (row.hires, row.local_hires, row.local_hire_percent) == (4, 3, 75)
    assert (row.workforce_local_percent, row.workforce_disabled_percent) == (80, 1)
    assert not row.local_hires_below and not row.workforce_local_below and not row.disability_below
    assert row.plan_filed and row.overdue_reports == 0 and row.outside_portal_hires == 0
    assert row.light == GREEN


def test_below_75_percent_of_hires_is_red():
    member = compliant_company()
    hire(member.company, member.user, local=False, vacancy=member.company.vacancies.first())  # 3 of 5: 60%
    row = figures(member.company)
    assert row.local_hire_percent == 60 and row.local_hires_below and row.light == RED


def test_the_disability_quota_is_2_percent_for_public_companies():
    member = compliant_company()
    Company.objects.filter(pk=member.company.pk).update(ownership=Company.Ownership.BUMD)
    row = figures(member.company)
    assert row.disability_min_percent == 2 and row.disability_below and row.light == RED


def test_workforce_below_the_minimum_is_red():
    member = compliant_company(workforce_local=70, workforce_non_local=30)
    assert figures(member.company).workforce_local_below
    assert figures(member.company).light == RED


def test_plan_not_filed_or_a_hire_without_a_vacancy_is_amber():
    member = compliant_company()
    ManpowerPlan.objects.filter(company=member.company).delete()
    row = figures(member.company)
    assert not row.plan_filed and row.light == AMBER
    # given another compliant company with a hire reported outside the portal
    other = compliant_company(name="PT Luar")
    hire(other.company, other.user, local=True, outside=True)
    row = figures(other.company)
    assert row.outside_portal_hires == 1 and row.light == AMBER


def test_rejected_last_year_and_unverified_hires_do_not_count():
    member = compliant_company()
    vacancy = member.company.vacancies.first()
    hire(member.company, member.user, local=False, status=Placement.Status.REPORTED, vacancy=vacancy)
    hire(member.company, member.user, local=False, year=YEAR - 1)  # last year: not counted at all
    row = figures(member.company)
    assert (row.hires, row.hires_awaiting_check) == (4, 1) and row.light == GREEN


def test_thirty_companies_are_computed_in_one_query(django_assert_max_num_queries):
    for n in range(30):
        member = CompanyMemberFactory()
        hire(member.company, member.user, local=n % 2 == 0)
    with django_assert_max_num_queries(1):
        rows = list(companies_with_compliance())
    assert len(rows) >= 30
    assert {row.light for row in rows} >= {RED, AMBER}


def test_the_admin_list_has_lights_in_words_a_filter_a_search_and_bounded_queries(
    client, petugas, django_assert_max_num_queries
):
    green = compliant_company(name="PT Hijau Lestari")
    red = compliant_company(name="PT Merah Jaya")
    vacancy = red.company.vacancies.first()
    hire(red.company, red.user, local=False, vacancy=vacancy)
    hire(red.company, red.user, local=False, vacancy=vacancy)
    for _n in range(30):
        CompanyFactory()
    client.force_login(petugas)
    url = reverse("admin:portal_compliancemonitoring_changelist")
    with translation.override("en"), django_assert_max_num_queries(12):
        page = client.get(url, headers={"accept-language": "en"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Red: below a minimum share" in text and "Green: every obligation met" in text
    # red first
    assert text.index("PT Merah Jaya") < text.index("PT Hijau Lestari")
    only_red = client.get(url, {"light": RED}).content.decode()
    assert "PT Merah Jaya" in only_red and "PT Hijau Lestari" not in only_red
    searched = client.get(url, {"q": green.company.nib}).content.decode()
    assert "PT Hijau Lestari" in searched and "PT Merah Jaya" not in searched
    # the admin index links to the list
    assert url in client.get(reverse("admin:index")).content.decode()
    # the history page
    history = client.get(reverse("admin:portal_compliancemonitoring_change", args=[red.company.pk]))
    assert history.status_code == 200 and "PT Merah Jaya" in history.content.decode()


def test_non_staff_cannot_open_the_monitoring(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)
    response = client.get(reverse("admin:portal_compliancemonitoring_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_staff_api_lists_figures_filters_and_refuses_others(petugas):
    compliant_company(name="PT Hijau API")
    red = compliant_company(name="PT Merah API")
    vacancy = red.company.vacancies.first()
    hire(red.company, red.user, local=False, vacancy=vacancy)
    hire(red.company, red.user, local=False, vacancy=vacancy)
    api = APIClient(headers={"accept-language": "en"})
    api.force_authenticate(petugas)
    body = api.get("/api/v1/staff/compliance/", {"search": "API"}).json()
    assert [row["name"] for row in body["results"]] == ["PT Merah API", "PT Hijau API"]
    assert body["results"][0]["light"] == RED and body["results"][0]["local_hire_percent"] == 50
    assert "Local share of hires below the minimum" in body["results"][0]["reasons"]
    only_green = api.get("/api/v1/staff/compliance/", {"search": "API", "light": GREEN}).json()
    assert [row["name"] for row in only_green["results"]] == ["PT Hijau API"]
    assert api.get("/api/v1/staff/compliance/", {"light": "purple"}).status_code == 400
    # an employer is refused
    employer = APIClient()
    employer.force_authenticate(red.user)
    assert employer.get("/api/v1/staff/compliance/").status_code == 403
