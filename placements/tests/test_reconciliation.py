"""Reconciliation conflicts: two companies at once, not referred, the jobseeker naming another company,
another person's number typed outside the portal; on the review page, the admin lists and the staff API."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.reference.models import KbjiGroup
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements import hire_reports, reconciliation, services
from placements.models import Application, JobseekerHireReport, OutsideHireReport, Placement
from placements.reconciliation import ConflictKind
from placements.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The sentences for staff are compared in English (pages: the client asks for English)."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate()
PLACEMENTS = reverse("admin:placements_placement_changelist")
OUTSIDE_REPORTS = reverse("admin:placements_outsidehirereport_changelist")
STAFF_API = reverse("api:staff-placement-list")


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _window(settings):
    settings.PLACEMENT_CONFLICT_WINDOW_DAYS = 30


@pytest.fixture
def person():
    return AkiCardFactory(active=True, jobseeker__full_name="Budi Santoso").jobseeker


def hire(jobseeker, *, company=None, start_date=None, **fields) -> Placement:
    """An employer's hire report (no referral unless given)."""
    member = CompanyMemberFactory(company=company) if company is not None else CompanyMemberFactory()
    values = {
        "jobseeker": jobseeker,
        "company": member.company,
        "position": "Operator Produksi",
        "occupation": KbjiGroup.objects.get(code="8"),
        "start_date": start_date or TODAY - days(3),
        "is_local": True,
        "reported_by": member.user,
        "reported_by_role": Placement.ReportedByRole.EMPLOYER,
        **fields,
    }
    return Placement.objects.create(**values)


def kinds(placement) -> list[str]:
    return [conflict.kind for conflict in reconciliation.placement_conflicts(placement)]


def flagged(placement) -> list[str]:
    return reconciliation.placement_conflict_flags(reconciliation.placements_with_conflict_flags().get(pk=placement.pk))


def referred_hire(jobseeker, **fields) -> Placement:
    referral = ReferralFactory(application__jobseeker=jobseeker, application__status=Application.Status.REFERRED)
    return hire(jobseeker, company=referral.application.vacancy.company, referral=referral, **fields)


# The rules ----------------------------------------------------------------------------------------------------


def test_two_companies_within_the_window_are_flagged_on_both_placements(person):
    # given the same person reported by two companies, starting 20 days apart (both through referrals)
    first = referred_hire(person, start_date=TODAY - days(25))
    second = referred_hire(person, start_date=TODAY - days(5))
    # then each placement names the other, in the detailed list and in the list annotation alike
    for this, other in ((first, second), (second, first)):
        conflicts = reconciliation.placement_conflicts(this)
        assert [conflict.kind for conflict in conflicts] == [ConflictKind.TWO_COMPANIES]
        assert conflicts[0].other_placement == other
        assert other.company.name in conflicts[0].message
        assert flagged(this) == [ConflictKind.TWO_COMPANIES]


def test_two_companies_further_apart_than_the_window_or_rejected_are_not_flagged(person, petugas):
    # given a job that started 31 days before the next one, and a rejected report at a third company
    earlier = referred_hire(person, start_date=TODAY - days(40))
    current = referred_hire(person, start_date=TODAY - days(9))
    rejected = referred_hire(person, start_date=TODAY - days(8))
    services.placement_reject(placement_id=rejected.pk, by=petugas, reason="Bukan karyawan perusahaan ini")
    rejected.refresh_from_db()
    # then no placement is flagged for two companies: a change of job, and a report no longer standing
    for placement in (earlier, current, rejected):
        assert ConflictKind.TWO_COMPANIES not in kinds(placement)
        assert ConflictKind.TWO_COMPANIES not in flagged(placement)


def test_the_window_is_a_setting(person, settings):
    earlier = referred_hire(person, start_date=TODAY - days(40))
    referred_hire(person, start_date=TODAY - days(9))
    settings.PLACEMENT_CONFLICT_WINDOW_DAYS = 31
    assert kinds(earlier) == flagged(earlier) == [ConflictKind.TWO_COMPANIES]


def test_a_hire_without_a_referral_is_flagged_not_referred_and_a_referred_one_is_not(person):
    # given
    outside = hire(person, outside_portal=True, start_date=TODAY - days(200))
    referred = referred_hire(person)
    # then
    conflicts = reconciliation.placement_conflicts(outside)
    assert [conflict.kind for conflict in conflicts] == [ConflictKind.NOT_REFERRED]
    assert "AK/I number or NIK" in conflicts[0].message
    assert flagged(outside) == [ConflictKind.NOT_REFERRED]
    assert kinds(referred) == flagged(referred) == []


def test_the_jobseekers_own_report_naming_another_company_is_flagged(person):
    # given the employer's referred report, and the person's own reports: one of another registered
    # company, one typed for an unregistered company, and one of this company (joined to the placement)
    placement = referred_hire(person, start_date=TODAY - days(10))
    other_company = CompanyFactory(verified=True, name="PT Badak NGL")
    elsewhere = hire_reports.jobseeker_hire_report(
        jobseeker=person, by=person.user, start_date=TODAY - days(2), position="Teknisi", company_id=other_company.pk
    )
    typed = hire_reports.jobseeker_hire_report(
        jobseeker=person, by=person.user, start_date=TODAY - days(1), position="Kasir", company_name="Toko Sinar Jaya"
    )
    same = hire_reports.jobseeker_hire_report(
        jobseeker=person,
        by=person.user,
        start_date=TODAY - days(10),
        position="Operator",
        company_name=placement.company.name.upper(),  # typed, in other letters: the same company
    )
    # then the two other companies are flagged, with the reports to open, and this company's report is not
    conflicts = [c for c in reconciliation.placement_conflicts(placement) if c.kind != ConflictKind.TWO_COMPANIES]
    assert [(c.kind, c.other_hire_report) for c in conflicts] == [
        (ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY, elsewhere),
        (ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY, typed),
    ]
    assert "PT Badak NGL" in conflicts[0].message and "Toko Sinar Jaya" in conflicts[1].message
    assert same.pk not in {c.other_hire_report.pk for c in conflicts}
    assert flagged(placement) == [ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY]


def test_a_rejected_own_report_naming_another_company_is_not_flagged(person, petugas):
    placement = referred_hire(person)
    report = hire_reports.jobseeker_hire_report(
        jobseeker=person, by=person.user, start_date=TODAY, position="Kasir", company_name="Toko Sinar Jaya"
    )
    hire_reports.jobseeker_hire_report_reject(report_id=report.pk, by=petugas, reason="Tidak benar")
    assert kinds(placement) == flagged(placement) == []


# Outside the portal: another person's number, told to staff only ------------------------------------------------


@pytest.fixture
def member():
    cache.clear()  # the outside-hire rate limit counts in the cache
    yield CompanyMemberFactory().user
    cache.clear()


@pytest.fixture
def vacancy(member):
    return VacancyFactory(company=member.company_membership.company, published=True, openings=5)


@pytest.fixture
def card():
    return AkiCardFactory(
        active=True, jobseeker__full_name="Budi Santoso", jobseeker__birth_date=datetime.date(1999, 3, 14)
    )


def test_another_persons_number_is_flagged_for_staff_while_the_company_reads_the_unknown_number_answer(
    member, vacancy, card, petugas
):
    # given a company typing an unknown card number, then a registered person's number with another name
    api = APIClient(headers={"accept-language": "en"})
    api.force_authenticate(member)
    web = Client(headers={"accept-language": "en"})
    web.force_login(member)
    typed = {
        "vacancy": vacancy.pk,
        "start_date": TODAY.isoformat(),
        "full_name": "Siti Aminah",
        "birth_date": "1999-03-14",
    }
    unknown_api = api.post(STAFF_API.replace("staff", "employer"), {**typed, "card_number": "6474-X-1"}, format="json")
    unknown_page = web.post(reverse("employers:placement_create"), {**typed, "card_number": "6474-X-2"}, follow=True)
    unknown_list = api.get(reverse("api:employer-placement-list")).json()
    # when
    other_api = api.post(STAFF_API.replace("staff", "employer"), {**typed, "card_number": card.number}, format="json")
    other_page = web.post(reverse("employers:placement_create"), {**typed, "nik": card.jobseeker.nik}, follow=True)
    other_list = api.get(reverse("api:employer-placement-list")).json()
    # then the company reads exactly what it reads for a number nobody has
    assert unknown_api.status_code == 202 and unknown_page.redirect_chain == [
        (reverse("employers:placement_list"), 302)
    ]
    assert (other_api.status_code, other_api.json()) == (unknown_api.status_code, unknown_api.json())
    assert [str(m) for m in other_page.context["messages"]] == [str(m) for m in unknown_page.context["messages"]]
    assert other_page.redirect_chain == unknown_page.redirect_chain
    assert other_list == unknown_list
    assert set(OutsideHireReport.objects.values_list("outcome", flat=True)) == {OutsideHireReport.Outcome.NO_MATCH}
    # while staff see whose number it is, on both the card and the NIK reports, and not on the unknown ones
    flags = dict(
        reconciliation.outside_hire_reports_with_conflict_flags().values_list(
            "card_number", "conflict_number_of_another_person"
        )
    )
    assert flags == {"6474-X-1": False, "6474-X-2": False, card.number: True, "": True}
    by_nik = OutsideHireReport.objects.get(nik=card.jobseeker.nik)
    [conflict] = reconciliation.outside_hire_report_conflicts(by_nik)
    assert (conflict.kind, conflict.other_jobseeker) == (ConflictKind.NUMBER_OF_ANOTHER_PERSON, card.jobseeker)
    assert reconciliation.outside_hire_report_conflicts(OutsideHireReport.objects.get(card_number="6474-X-1")) == []
    # and in the admin: the column, the filter and the detail with the link to the jobseeker
    client = Client(headers={"accept-language": "en"})
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    listed = client.get(OUTSIDE_REPORTS, {"number_of_another_person": "yes"})
    assert listed.status_code == 200
    assert {report.pk for report in listed.context["cl"].result_list} == set(
        OutsideHireReport.objects.filter(nik=card.jobseeker.nik).values_list("pk", flat=True)
    ) | {OutsideHireReport.objects.get(card_number=card.number).pk}
    detail = client.get(reverse("admin:placements_outsidehirereport_change", args=[by_nik.pk])).content.decode()
    assert reverse("admin:jobseekers_jobseekerprofile_change", args=[card.jobseeker.pk]) in detail


def test_a_matching_or_renamed_report_is_not_another_persons_number(member, vacancy, card):
    # given the company types the person's card number with their name in other letters and spacing
    company = member.company_membership.company
    matched = services.placement_report_outside_portal(
        vacancy_id=vacancy.pk,
        company=company,
        by=member,
        start_date=TODAY,
        full_name="  budi   SANTOSO ",
        birth_date=card.jobseeker.birth_date,
        card_number=card.number.lower(),
    )
    # then it matched, and nothing is flagged
    assert matched.outcome == OutsideHireReport.Outcome.MATCHED
    assert (
        not reconciliation.outside_hire_reports_with_conflict_flags()
        .get(pk=matched.pk)
        .conflict_number_of_another_person
    )


# The admin and the API -----------------------------------------------------------------------------------------


def conflicted_people(count: int) -> list[Placement]:
    """`count` people each placed at two companies at once, without a referral; the first placements."""
    placements = []
    for _ in range(count):
        jobseeker = AkiCardFactory(active=True).jobseeker
        placements.append(hire(jobseeker, start_date=TODAY - days(10)))
        hire(jobseeker, start_date=TODAY - days(3))
    return placements


def test_the_placement_list_filters_and_shows_conflicts_in_bounded_queries(client, petugas, person):
    # given conflicted placements and one without any conflict
    conflicted_people(3)
    clean = referred_hire(person)
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    # when the list is filtered for two companies
    with CaptureQueriesContext(connection) as few:
        response = client.get(PLACEMENTS, {"conflict": ConflictKind.TWO_COMPANIES})
    # then it lists the six placements, with the short labels, and not the clean one
    assert response.status_code == 200
    listed = {placement.pk for placement in response.context["cl"].result_list}
    assert len(listed) == 6 and clean.pk not in listed
    html = response.content.decode()
    assert "2 companies, not referred" in html
    # and the clean one is alone without a conflict, in every filter
    for value in ("any", ConflictKind.NOT_REFERRED, ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY):
        assert clean.pk not in {p.pk for p in client.get(PLACEMENTS, {"conflict": value}).context["cl"].result_list}
    # and more rows cost no more queries
    conflicted_people(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(PLACEMENTS, {"conflict": ConflictKind.TWO_COMPANIES})
    assert len(response.context["cl"].result_list) == 16
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_the_placement_list_stays_within_a_query_budget(client, petugas, django_assert_max_num_queries):
    conflicted_people(10)
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with django_assert_max_num_queries(25):
        response = client.get(PLACEMENTS, {"conflict": "any"})
    assert len(response.context["cl"].result_list) == 20


def test_the_review_page_lists_the_conflicts_with_links_to_the_other_records(client, petugas, person):
    # given a placement at two companies at once, without a referral, and the jobseeker naming a third company
    placement = hire(person, start_date=TODAY - days(10))
    other = hire(person, start_date=TODAY - days(3))
    report = hire_reports.jobseeker_hire_report(
        jobseeker=person, by=person.user, start_date=TODAY - days(1), position="Kasir", company_name="Toko Sinar Jaya"
    )
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    # when
    html = client.get(reverse("admin:placements_placement_change", args=[placement.pk])).content.decode()
    # then
    assert "Conflicts to check" in html
    assert reverse("admin:placements_placement_change", args=[other.pk]) in html
    assert reverse("admin:placements_jobseekerhirereport_change", args=[report.pk]) in html
    assert "Placed at two companies at once" in html and "Not referred through the portal" in html
    assert "No conflicts found." not in html


def test_the_review_page_says_when_there_is_no_conflict(client, petugas, person):
    placement = referred_hire(person)
    client.force_login(petugas)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    html = client.get(reverse("admin:placements_placement_change", args=[placement.pk])).content.decode()
    assert "Conflicts to check" in html and "No conflicts found." in html


def staff_api(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(user)
    return client


def test_the_staff_api_gives_each_placements_conflicts_without_a_query_per_row(petugas, person):
    # given
    first = hire(person, start_date=TODAY - days(10))
    second = hire(person, start_date=TODAY - days(3))
    api = staff_api(petugas)
    # when
    with CaptureQueriesContext(connection) as few:
        body = api.get(STAFF_API).json()
    # then each placement carries its conflicts, naming the other placement
    by_id = {row["id"]: row["conflicts"] for row in body["results"]}
    assert by_id[first.pk][0] == {
        "kind": "two_companies",
        "message": by_id[first.pk][0]["message"],
        "other_placement": second.pk,
        "other_hire_report": None,
    }
    assert [c["kind"] for c in by_id[second.pk]] == ["two_companies", "not_referred"]
    # and the detail has the same
    assert api.get(reverse("api:staff-placement-detail", args=[first.pk])).json()["conflicts"] == by_id[first.pk]
    # and more rows cost no more queries
    conflicted_people(6)
    with CaptureQueriesContext(connection) as many:
        body = api.get(STAFF_API).json()
    assert len(body["results"]) == 14
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_staff_api_filters_by_conflict_and_refuses_an_unknown_kind(petugas, person):
    conflicted = conflicted_people(1)[0]
    clean = referred_hire(person)
    api = staff_api(petugas)
    listed = {row["id"] for row in api.get(STAFF_API, {"conflict": "two_companies"}).json()["results"]}
    assert conflicted.pk in listed and clean.pk not in listed and len(listed) == 2
    assert {row["id"] for row in api.get(STAFF_API, {"conflict": "any"}).json()["results"]} == listed
    response = api.get(STAFF_API, {"conflict": "maybe"})
    assert response.status_code == 400
    assert "conflict" in response.json()


@pytest.mark.parametrize(("typed_name", "names_other"), [("same", False), ("Toko Sinar Jaya", True)])
def test_an_own_report_typed_without_a_registered_company_is_compared_by_name(person, typed_name, names_other):
    # given the employer's report, and the person's own report naming a company only by a typed name
    placement = referred_hire(person)
    name = placement.company.name.lower() if typed_name == "same" else typed_name
    JobseekerHireReport.objects.create(
        jobseeker=person, company=None, company_name=name, position="Operator", start_date=placement.start_date
    )
    # then the same name (case aside) is this company, another name is another company: in both rule paths
    expected = [ConflictKind.JOBSEEKER_NAMES_OTHER_COMPANY] if names_other else []
    assert kinds(placement) == flagged(placement) == expected
