"""The company's compliance figures (portal.compliance), its page and its API."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import KbjiGroup
from employers.models import Company, Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement, Referral
from placements.tests.factories import ReferralFactory
from portal.compliance import OK, PROBLEM, WARNING, company_compliance, compliance_sentences

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
PAGE = "portal:company_compliance"
API = "api:employer-compliance"


def hire(member, *, month: int, local: bool, status=Placement.Status.VERIFIED, year: int = YEAR) -> Placement:
    return Placement.objects.create(
        jobseeker=JobseekerProfileFactory(),
        company=member.company,
        position="Operator Produksi",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=datetime.date(year, month, 10),
        is_local=local,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=status,
    )


def hires_across_months(member) -> None:
    """January: 3 local of 4; February: 1 local of 2 (plus hires that must not count)."""
    for local in (True, True, True, False):
        hire(member, month=1, local=local)
    hire(member, month=2, local=True)
    hire(member, month=2, local=False)
    hire(member, month=2, local=True, status=Placement.Status.REPORTED)  # not verified yet
    hire(member, month=5, local=False, year=YEAR - 1)  # last year


def api_client(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def test_figures_are_exact_for_local_and_non_local_hires_across_months():
    member = CompanyMemberFactory()
    hires_across_months(member)
    company = member.company
    company.workforce_local, company.workforce_non_local, company.workforce_disabled = 140, 60, 1
    company.workforce_reported_at = datetime.date(YEAR, 1, 5)
    company.save()

    c = company_compliance(company=company, today=datetime.date(YEAR, 3, 15))

    assert (c.hires, c.local_hires, c.non_local_hires) == (6, 4, 2)
    assert c.local_hire_percent == 66  # 4/6 = 66.7 %, shown rounded down
    assert c.local_hires_meet_minimum is False
    assert c.hires_awaiting_check == 1
    assert [(m.month, m.hires, m.local, m.local_percent, m.bar_width) for m in c.months] == [
        (datetime.date(YEAR, 1, 1), 4, 3, 75, 75),
        (datetime.date(YEAR, 2, 1), 2, 1, 50, 50),
        (datetime.date(YEAR, 3, 1), 0, 0, None, 0),
    ]
    assert (c.workforce_total, c.workforce_local_percent, c.workforce_local_meets_minimum) == (200, 70, False)
    # 1 of 200 = 0.5 %: below the 1 % of a private company
    assert (c.disability_min_percent, c.workforce_disabled_percent, c.disability_meets_minimum) == (1, 0, False)


def test_the_disability_quota_is_2_percent_for_a_bumn_and_exact_at_the_boundary():
    member = CompanyMemberFactory(company__ownership=Company.Ownership.BUMN)
    company = member.company
    company.workforce_local, company.workforce_non_local, company.workforce_disabled = 75, 25, 2
    company.workforce_reported_at = TODAY
    company.save()

    c = company_compliance(company=company)

    assert c.disability_min_percent == 2
    assert c.disability_meets_minimum is True  # 2 of 100 = 2 %
    assert c.workforce_local_meets_minimum is True  # 75 of 100 = 75 %
    company.workforce_disabled = 1
    company.save()
    assert company_compliance(company=company).disability_meets_minimum is False


def test_exactly_75_percent_of_hires_meets_the_perda_and_the_sentence_says_so():
    member = CompanyMemberFactory()
    for local in (True, True, True, False):
        hire(member, month=1, local=local)

    with translation.override("en"):
        sentences = {s.key: s for s in compliance_sentences(company_compliance(company=member.company))}

    assert sentences["local_hires"].level == OK
    assert sentences["local_hires"].text == (
        f"Not local: 1 of your 4 hires verified in {YEAR}. Local share 75%: at or above the 75% the Perda requires."
    )


def test_the_sentences_say_what_is_wrong_in_plain_words():
    member = CompanyMemberFactory()
    hires_across_months(member)

    with translation.override("en"):
        sentences = {s.key: s for s in compliance_sentences(company_compliance(company=member.company))}

    assert sentences["local_hires"].level == PROBLEM
    assert sentences["local_hires"].text == (
        f"Not local: 2 of your 6 hires verified in {YEAR}. Local share only 66%: below the 75% the Perda requires."
    )
    assert sentences["awaiting_check"].text == (
        "1 hire report this year awaits Disnaker's check: it counts once verified."
    )
    assert sentences["workforce"].level == WARNING  # not reported: neither workforce share can be checked
    assert "disability" not in sentences
    assert sentences["overdue_reports"].level == OK


@override_settings(LOCAL_WORKER_MIN_SHARE=0.7)
def test_the_minimum_is_a_setting():
    member = CompanyMemberFactory()
    for local in (True, True, True, False):
        hire(member, month=1, local=local)
    hire(member, month=1, local=False)  # 3 of 5 = 60 %

    c = company_compliance(company=member.company)

    assert str(c.local_min_percent) == "70"
    assert c.local_hires_meet_minimum is False


@override_settings(PLACEMENT_REPORT_DEADLINE_DAYS=14)
def test_overdue_hire_reports_and_vacancies_about_to_expire():
    member = CompanyMemberFactory()
    vacancy = VacancyFactory(company=member.company, published=True)
    late = ReferralFactory(
        application__vacancy=vacancy, status=Referral.Status.ACCEPTED, start_date=TODAY - datetime.timedelta(15)
    )
    ReferralFactory(  # the 14th day: still in time
        application__vacancy=vacancy, status=Referral.Status.ACCEPTED, start_date=TODAY - datetime.timedelta(14)
    )
    ReferralFactory(  # still in selection: nothing to report
        application__vacancy=vacancy, status=Referral.Status.IN_SELECTION
    )
    reported = ReferralFactory(
        application__vacancy=vacancy, status=Referral.Status.ACCEPTED, start_date=TODAY - datetime.timedelta(30)
    )
    Placement.objects.create(
        jobseeker=reported.application.jobseeker,
        company=member.company,
        referral=reported,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=reported.start_date,
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    Vacancy.objects.filter(pk=vacancy.pk).update(close_date=TODAY + datetime.timedelta(7))
    VacancyFactory(company=member.company, published=True, close_date=TODAY + datetime.timedelta(8))
    VacancyFactory(company=member.company, close_date=TODAY + datetime.timedelta(2))  # a draft

    c = company_compliance(company=member.company)

    assert [(o.referral_id, o.due_since) for o in c.overdue_referrals] == [
        (late.pk, TODAY - datetime.timedelta(15) + datetime.timedelta(15))
    ]
    assert [v.pk for v in c.expiring_vacancies] == [vacancy.pk]
    with translation.override("en"):
        sentences = {s.key: s for s in compliance_sentences(c)}
    assert sentences["overdue_reports"].text == (
        "1 accepted candidate has no hire report although the 14 days to report have passed: send it now."
    )
    assert sentences["expiring_vacancies"].level == WARNING


def test_the_page_shows_the_sentences_the_chart_and_the_table(client):
    member = CompanyMemberFactory()
    hires_across_months(member)
    client.force_login(member.user)

    response = client.get(reverse(PAGE), headers={"accept-language": "en"})

    body = response.content.decode()
    assert response.status_code == 200
    assert f"Not local: 2 of your 6 hires verified in {YEAR}." in body
    assert 'class="message message--error"' in body
    assert "bar bar--w75" in body and "bar bar--w50 bar--below" in body
    assert "<caption>" in body and '<td class="num">66%</td>' in body
    assert " style=" not in body
    assert reverse(PAGE) in body  # the company menu links here


def test_the_page_has_an_empty_state_without_hires(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)

    response = client.get(reverse(PAGE), headers={"accept-language": "en"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "has been verified by Disnaker yet" in body
    assert "bar-chart" not in body


def test_the_dashboard_links_to_the_page(client):
    member = CompanyMemberFactory()
    client.force_login(member.user)
    assert reverse(PAGE) in client.get(reverse("portal:dashboard")).content.decode()


def test_a_company_never_sees_another_companys_figures(client):
    a = CompanyMemberFactory()
    b = CompanyMemberFactory()
    for _ in range(3):
        hire(b, month=1, local=False)
    hire(a, month=1, local=True)
    client.force_login(a.user)

    body = client.get(reverse(PAGE), headers={"accept-language": "en"}).content.decode()
    data = api_client(a.user).get(reverse(API)).json()

    assert f"Not local: 0 of your 1 hire verified in {YEAR}." in body
    assert (data["hires"], data["local_hires"], data["non_local_hires"]) == (1, 1, 0)
    assert api_client(b.user).get(reverse(API)).json()["non_local_hires"] == 3


def test_the_api_gives_the_figures_and_the_sentences():
    member = CompanyMemberFactory()
    hires_across_months(member)

    response = api_client(member.user).get(reverse(API))

    data = response.json()
    assert response.status_code == 200
    assert (data["hires"], data["local_hires"], data["local_hire_percent"]) == (6, 4, 66)
    assert data["local_min_percent"] == 75
    assert data["local_hires_meet_minimum"] is False
    assert data["months"][0] == {
        "month": f"{YEAR}-01-01",
        "hires": 4,
        "local": 3,
        "non_local": 1,
        "local_percent": 75,
    }
    sentence = next(s for s in data["sentences"] if s["key"] == "local_hires")
    assert sentence["level"] == "problem"
    assert sentence["text"].startswith(f"Not local: 2 of your 6 hires verified in {YEAR}.")


@pytest.mark.parametrize("role", ["jobseeker", "petugas", "employer_without_company"])
def test_other_roles_are_refused(client, role):
    if role == "jobseeker":
        user = JobseekerProfileFactory().user
    elif role == "petugas":
        user = UserFactory(petugas=True)
    else:
        user = UserFactory(employer=True)
    client.force_login(user)

    assert client.get(reverse(PAGE)).status_code == 403
    assert api_client(user).get(reverse(API)).status_code == 403


def test_anonymous_is_sent_to_log_in_and_refused_by_the_api(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302 and "next=" in response["Location"]
    assert api_client().get(reverse(API)).status_code in {401, 403}


def test_the_endpoint_is_in_the_openapi_schema():
    schema = api_client().get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/employer/compliance/" in schema["paths"]
