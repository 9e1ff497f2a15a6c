"""The jobseeker's own hire report: matching with the employer's report, flags, deadline, decisions, roles."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.notices.models import Notice
from bontang_aker.reference.models import KbjiGroup
from employers.models import Company
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import hire_reports, services
from placements.models import Application, JobseekerHireReport
from placements.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db

Flag = JobseekerHireReport.Flag
TODAY = timezone.localdate


@pytest.fixture
def company():
    return CompanyFactory(verified=True, name="PT Kaltim Parna Industri")


@pytest.fixture
def employer(company):
    return CompanyMemberFactory(company=company).user


@pytest.fixture
def holder():
    """A jobseeker with an active AK/I card."""
    return AkiCardFactory(active=True).jobseeker


def own_report(jobseeker, **fields):
    values = {"start_date": TODAY(), "position": "Operator produksi", **fields}
    return hire_reports.jobseeker_hire_report(jobseeker=jobseeker, by=jobseeker.user, **values)


def referred(jobseeker, company):
    vacancy = VacancyFactory(published=True, company=company)
    return ReferralFactory(
        application__jobseeker=jobseeker, application__vacancy=vacancy, application__status=Application.Status.REFERRED
    )


def employer_report_for(referral, employer, start_date=None):
    return services.placement_report_for_referral(
        referral_id=referral.pk,
        company=referral.application.vacancy.company,
        by=employer,
        start_date=start_date or TODAY(),
    )


def active_card(jobseeker):
    return AkiCard.objects.get(jobseeker=jobseeker)


# Matching -------------------------------------------------------------------------------------------------------


def test_own_report_joins_the_employers_later_report_and_verifying_it_confirms_both(holder, company, employer, petugas):
    # given the jobseeker reports first, then the employer reports the same hire (start date 3 days apart)
    referral = referred(holder, company)
    report = own_report(holder, company_id=company.pk, start_date=TODAY() - datetime.timedelta(days=3))
    assert report.placement is None
    assert report.flags == [Flag.NOT_REPORTED_BY_EMPLOYER]  # referred through the portal: no insider flag
    # when
    placement = employer_report_for(referral, employer)
    # then the reports are joined and the "not reported by the employer" flag is gone
    report.refresh_from_db()
    assert report.placement_id == placement.pk
    assert report.flags == []
    assert report.status == JobseekerHireReport.Status.REPORTED
    assert active_card(holder).status == AkiCard.Status.ACTIVE  # not on the jobseeker's word alone
    # when staff verify the employer's report
    services.placement_verify(placement_id=placement.pk, by=petugas)
    # then
    report.refresh_from_db()
    assert report.status == JobseekerHireReport.Status.CONFIRMED
    assert active_card(holder).status == AkiCard.Status.PLACED
    assert list(report.events.values_list("to_status", flat=True)) == ["reported", "confirmed"]


def test_own_report_after_the_employers_report_joins_it_at_once(holder, company, employer):
    placement = employer_report_for(
        referred(holder, company), employer, start_date=TODAY() - datetime.timedelta(days=5)
    )
    report = own_report(holder, company_id=company.pk)
    assert report.placement_id == placement.pk
    assert report.flags == []


def test_a_start_date_outside_the_window_or_another_company_does_not_match(holder, company, employer):
    employer_report_for(referred(holder, company), employer, start_date=TODAY() - datetime.timedelta(days=40))
    other = CompanyFactory(verified=True)
    assert own_report(holder, company_id=company.pk).placement is None
    assert own_report(holder, company_id=other.pk, start_date=TODAY() - datetime.timedelta(days=40)).placement is None


def test_the_employers_hire_outside_the_portal_keeps_the_insider_flag(holder, company, employer):
    # given a hire the employer reports without a Disnaker referral
    placement = services.placement_report(
        jobseeker=holder,
        company=company,
        by=employer,
        start_date=TODAY(),
        position="Helper",
        occupation=KbjiGroup.objects.get(code="9"),
        outside_portal=True,
    )
    # when
    report = own_report(holder, company_id=company.pk)
    # then
    assert report.placement_id == placement.pk
    assert report.flags == [Flag.NOT_REFERRED]


def test_a_name_typed_before_the_company_registered_is_matched_when_it_reports(holder, employer, company):
    # given the report names the company as typed, with no registered company of that name then
    company.status = Company.Status.PENDING
    company.save(update_fields=["status"])
    report = own_report(holder, company_name="  pt kaltim   parna industri ")
    assert report.company is None
    assert report.flags == [Flag.COMPANY_NOT_REGISTERED, Flag.NOT_REFERRED]
    # when the company (now verified) reports the hire
    company.status = Company.Status.VERIFIED
    company.save(update_fields=["status"])
    placement = services.placement_report(
        jobseeker=holder,
        company=company,
        by=employer,
        start_date=TODAY(),
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    # then
    report.refresh_from_db()
    assert report.placement_id == placement.pk
    assert report.company_id == company.pk
    assert Flag.COMPANY_NOT_REGISTERED not in report.flags


# Unmatched and flagged ------------------------------------------------------------------------------------------


def test_unmatched_report_at_a_registered_company_is_flagged_and_waits_for_staff(holder, company, petugas):
    # when
    report = own_report(holder, company_id=company.pk)
    # then
    assert report.placement is None
    assert report.flags == [Flag.NOT_REPORTED_BY_EMPLOYER, Flag.NOT_REFERRED]
    assert active_card(holder).status == AkiCard.Status.ACTIVE
    # when staff confirm it after calling the company
    hire_reports.jobseeker_hire_report_confirm(report_id=report.pk, by=petugas, note="Dicek via telepon HRD")
    # then the card is placed through the card's own service, and the jobseeker is told
    card = active_card(holder)
    assert card.status == AkiCard.Status.PLACED
    assert card.placed_on == report.start_date
    assert card.events.filter(to_status=AkiCard.Status.PLACED, actor=petugas).exists()
    assert Notice.objects.filter(recipient=holder.user, key=f"hire_report:{report.pk}:confirmed").exists()


def test_company_not_registered_is_kept_as_typed_and_flagged(holder):
    report = own_report(holder, company_name="CV Warung Makan Sederhana")
    assert report.company is None
    assert report.company_name == "CV Warung Makan Sederhana"
    assert report.flags == [Flag.COMPANY_NOT_REGISTERED, Flag.NOT_REFERRED]


def test_exact_name_of_a_registered_company_links_it(holder, company):
    report = own_report(holder, company_name="pt kaltim parna industri")
    assert report.company_id == company.pk
    assert report.company_name == company.name


def test_a_company_that_is_not_registered_cannot_be_chosen_by_id(holder):
    pending = CompanyFactory()
    with pytest.raises(ValidationError) as excinfo:
        own_report(holder, company_id=pending.pk)
    assert "company" in excinfo.value.message_dict


# Deadline -------------------------------------------------------------------------------------------------------


def test_late_report_is_accepted_and_flagged(holder, company, settings):
    settings.PLACEMENT_REPORT_DEADLINE_DAYS = 14
    on_time = own_report(holder, company_name="Toko A", start_date=TODAY() - datetime.timedelta(days=14))
    late = own_report(holder, company_name="Toko B", start_date=TODAY() - datetime.timedelta(days=15))
    assert Flag.LATE not in on_time.flags
    assert Flag.LATE in late.flags
    assert late.status == JobseekerHireReport.Status.REPORTED


def test_the_deadline_follows_the_setting(holder, settings):
    settings.PLACEMENT_REPORT_DEADLINE_DAYS = 30
    report = own_report(holder, company_name="Toko A", start_date=TODAY() - datetime.timedelta(days=20))
    assert Flag.LATE not in report.flags


@pytest.mark.parametrize(("days", "code"), [(-731, "too_old"), (91, "too_early")])
def test_implausible_start_dates_are_refused(holder, days, code):
    with pytest.raises(ValidationError) as excinfo:
        own_report(holder, company_name="Toko A", start_date=TODAY() + datetime.timedelta(days=days))
    assert excinfo.value.error_dict["start_date"][0].code == code


# Input, duplicates, decisions -----------------------------------------------------------------------------------


def test_missing_company_name_and_position_are_named(holder):
    with pytest.raises(ValidationError) as excinfo:
        own_report(holder, company_name="  ", position=" ")
    assert set(excinfo.value.message_dict) == {"company_name", "position"}


def test_the_same_hire_cannot_be_reported_twice_until_it_is_rejected(holder, company, petugas):
    first = own_report(holder, company_id=company.pk)
    with pytest.raises(ValidationError) as excinfo:
        own_report(holder, company_id=company.pk, start_date=TODAY() - datetime.timedelta(days=2))
    assert excinfo.value.error_list[0].code == "already_reported"
    hire_reports.jobseeker_hire_report_reject(report_id=first.pk, by=petugas, reason="HRD tidak mengenal")
    assert own_report(holder, company_id=company.pk).pk != first.pk


def test_reject_needs_a_reason_and_tells_the_jobseeker(holder, petugas):
    report = own_report(holder, company_name="Toko A")
    with pytest.raises(ValidationError):
        hire_reports.jobseeker_hire_report_reject(report_id=report.pk, by=petugas, reason=" ")
    hire_reports.jobseeker_hire_report_reject(report_id=report.pk, by=petugas, reason="Tidak terdaftar")
    report.refresh_from_db()
    assert report.status == JobseekerHireReport.Status.REJECTED
    assert report.review_note == "Tidak terdaftar"
    assert Notice.objects.filter(recipient=holder.user, key=f"hire_report:{report.pk}:rejected").exists()
    assert active_card(holder).status == AkiCard.Status.ACTIVE


def test_a_joined_report_is_decided_on_the_employers_report(holder, company, employer, petugas):
    employer_report_for(referred(holder, company), employer)
    report = own_report(holder, company_id=company.pk)
    with pytest.raises(ValidationError) as excinfo:
        hire_reports.jobseeker_hire_report_confirm(report_id=report.pk, by=petugas)
    assert "placement" in excinfo.value.message_dict
    assert active_card(holder).status == AkiCard.Status.ACTIVE


def test_rejected_employer_report_then_staff_may_confirm_the_jobseekers(holder, company, employer, petugas):
    placement = employer_report_for(referred(holder, company), employer)
    report = own_report(holder, company_id=company.pk)
    services.placement_reject(placement_id=placement.pk, by=petugas, reason="Tanggal salah")
    hire_reports.jobseeker_hire_report_confirm(report_id=report.pk, by=petugas)
    assert active_card(holder).status == AkiCard.Status.PLACED


# Pages ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def form_data(**fields):
    return {"company_name": "", "position": "Operator", "start_date": TODAY().isoformat(), **fields}


CREATE = reverse("placements:hire_report_create")


def test_pages_are_for_jobseekers_only(english, holder, employer):
    report = own_report(holder, company_name="Toko A")
    detail = reverse("placements:hire_report_detail", args=[report.pk])
    assert english.get(CREATE).status_code == 302  # anonymous: to the login page
    english.force_login(employer)
    assert english.get(CREATE).status_code == 403
    assert english.get(detail).status_code == 403
    english.force_login(JobseekerProfileFactory().user)
    assert english.get(detail).status_code == 404  # another jobseeker's report
    english.force_login(holder.user)
    assert english.get(detail).status_code == 200


def test_report_a_company_that_is_not_registered_and_see_the_next_step(english, holder):
    english.force_login(holder.user)
    response = english.post(CREATE, form_data(company_name="Bengkel Las Maju"))
    report = JobseekerHireReport.objects.get(jobseeker=holder)
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:hire_report_detail", args=[report.pk])
    page = english.get(response["Location"]).content.decode()
    assert "not registered with the portal" in page
    assert "marked placed" in page


def test_several_similar_companies_are_offered_with_everything_kept(english, holder):
    # given two registered companies with "Pupuk" in their names
    first = CompanyFactory(verified=True, name="PT Pupuk Kalimantan Timur")
    CompanyFactory(verified=True, name="PT Pupuk Indonesia Niaga")
    english.force_login(holder.user)
    # when
    response = english.post(CREATE, form_data(company_name="pupuk", position="Teknisi listrik"))
    # then nothing is saved yet, the choice is shown and what was typed is kept
    page = response.content.decode()
    assert response.status_code == 200
    assert not JobseekerHireReport.objects.exists()
    assert "PT Pupuk Kalimantan Timur" in page and "PT Pupuk Indonesia Niaga" in page
    assert 'value="Teknisi listrik"' in page
    assert 'name="company_asked"' in page
    # when the jobseeker sends again without choosing, then the list asks for an answer
    again = english.post(CREATE, form_data(company_name="pupuk", position="Teknisi listrik", company_asked="1"))
    assert again.status_code == 200
    assert "Choose one of the companies listed" in again.content.decode()
    assert not JobseekerHireReport.objects.exists()
    # when the jobseeker chooses one
    response = english.post(CREATE, form_data(company_name="pupuk", position="Teknisi listrik", company=str(first.pk)))
    # then
    assert response.status_code == 302
    report = JobseekerHireReport.objects.get(jobseeker=holder)
    assert report.company_id == first.pk


def test_none_of_these_keeps_the_typed_name(english, holder):
    CompanyFactory(verified=True, name="PT Pupuk Kalimantan Timur")
    english.force_login(holder.user)
    english.post(CREATE, form_data(company_name="Pupuk Organik Bontang", company="other"))
    report = JobseekerHireReport.objects.get(jobseeker=holder)
    assert report.company is None
    assert report.company_name == "Pupuk Organik Bontang"


def test_form_errors_are_shown_on_the_fields_and_nothing_typed_is_lost(english, holder):
    english.force_login(holder.user)
    response = english.post(CREATE, form_data(company_name="Bengkel Las Maju", position="", start_date="31-31-2026"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bengkel Las Maju"' in page
    assert page.count('class="field field--error') == 2
    assert not JobseekerHireReport.objects.exists()


def test_service_errors_land_on_the_form(english, holder):
    english.force_login(holder.user)
    too_early = (TODAY() + datetime.timedelta(days=200)).isoformat()
    response = english.post(CREATE, form_data(company_name="Toko A", start_date=too_early))
    assert response.status_code == 200
    assert "too far ahead" in response.content.decode() or "days ahead" in response.content.decode()


def test_a_late_report_says_so_on_its_page(english, holder, settings):
    settings.PLACEMENT_REPORT_DEADLINE_DAYS = 14
    english.force_login(holder.user)
    late = (TODAY() - datetime.timedelta(days=30)).isoformat()
    response = english.post(CREATE, form_data(company_name="Toko A", start_date=late), follow=True)
    page = response.content.decode()
    assert "after the deadline" in page
    assert "still accepted" in page


def test_applications_page_and_dashboard_link_and_list_the_reports(english, holder):
    own_report(holder, company_name="Bengkel Las Maju", position="Juru las")
    english.force_login(holder.user)
    page = english.get(reverse("placements:application_list")).content.decode()
    assert CREATE in page
    assert "Juru las" in page and "Waiting for Disnaker" in page
    assert CREATE in english.get(reverse("portal:dashboard")).content.decode()


# API ------------------------------------------------------------------------------------------------------------

API_LIST = reverse("api:my-hire-report-list")


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def test_api_roles(api, holder, employer, company):
    mine = own_report(holder, company_id=company.pk)
    assert api.get(API_LIST).status_code == 401
    api.force_authenticate(employer)  # the company named in the report sees none of it here
    assert api.get(API_LIST).status_code == 403
    assert api.post(API_LIST, {}, format="json").status_code == 403
    api.force_authenticate(JobseekerProfileFactory().user)
    assert api.get(API_LIST).json()["results"] == []
    assert api.get(reverse("api:my-hire-report-detail", args=[mine.pk])).status_code == 404
    api.force_authenticate(holder.user)
    assert [row["id"] for row in api.get(API_LIST).json()["results"]] == [mine.pk]


def test_api_create_validate_and_duplicate(api, holder, company):
    api.force_authenticate(holder.user)
    body = {"company": company.pk, "position": "Operator", "start_date": TODAY().isoformat()}
    response = api.post(API_LIST, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["company"] == company.pk and data["company_name"] == company.name
    assert data["status"] == "reported" and data["late"] is False and data["employer_reported"] is False
    assert api.post(API_LIST, body, format="json").status_code == 409
    bad = api.post(API_LIST, {**body, "company": CompanyFactory().pk}, format="json")
    assert bad.status_code == 400 and "company" in bad.json()
    missing = api.post(API_LIST, {"position": "x", "start_date": TODAY().isoformat()}, format="json")
    assert missing.status_code == 400 and "company_name" in missing.json()
    assert api.post(API_LIST, {**body, "start_date": "nope"}, format="json").status_code == 400


def test_api_company_search(api, holder, company):
    CompanyFactory(name="PT Kaltim Pendingin")  # pending: not offered
    api.force_authenticate(holder.user)
    response = api.get(reverse("api:my-hire-report-companies"), {"q": "kaltim"})
    assert response.status_code == 200
    assert response.json() == [{"id": company.pk, "name": company.name}]
    assert api.get(reverse("api:my-hire-report-companies")).status_code == 400


def test_staff_api_queue_and_confirm(api, holder, company, employer, petugas):
    # given one unmatched and one matched report
    unmatched = own_report(holder, company_name="Toko A")
    other = AkiCardFactory(active=True).jobseeker
    employer_report_for(referred(other, company), employer)
    own_report(other, company_id=company.pk)
    api.force_authenticate(employer)
    assert api.get(reverse("api:staff-hire-report-list")).status_code == 403
    api.force_authenticate(petugas)
    # when
    listed = api.get(reverse("api:staff-hire-report-list"), {"status": "reported", "matched": "false"}).json()
    queues = {queue["key"]: queue for queue in api.get(reverse("api:staff-queues")).json()["queues"]}
    # then
    assert [row["id"] for row in listed["results"]] == [unmatched.pk]
    assert queues["jobseeker_hire_reports"]["count"] == 1
    assert "matched=false" in queues["jobseeker_hire_reports"]["url"]
    flagged = api.get(reverse("api:staff-hire-report-list"), {"flag": "company_not_registered"}).json()
    assert [row["id"] for row in flagged["results"]] == [unmatched.pk]
    # when staff confirm it
    response = api.post(reverse("api:staff-hire-report-confirm", args=[unmatched.pk]), {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    assert active_card(holder).status == AkiCard.Status.PLACED
    assert api.post(reverse("api:staff-hire-report-confirm", args=[unmatched.pk]), {}, format="json").status_code == 409


# Admin ----------------------------------------------------------------------------------------------------------


def test_placement_review_shows_both_reports_side_by_side(client, holder, company, employer, superuser):
    placement = employer_report_for(referred(holder, company), employer)
    own_report(holder, company_id=company.pk, position="Operator panel DCS")
    client.force_login(superuser)
    page = client.get(reverse("admin:placements_placement_change", args=[placement.pk])).content.decode()
    assert "review-jobseeker-report" in page
    assert "Operator panel DCS" in page and placement.position in page


def test_admin_queue_and_confirm_decision(client, holder, petugas):
    report = own_report(holder, company_name="Toko A")
    client.force_login(petugas)
    changelist = reverse("admin:placements_jobseekerhirereport_changelist")
    page = client.get(changelist, {"status__exact": "reported", "matched": "no", "flag": "not_referred"})
    assert page.status_code == 200
    assert "Toko A" in page.content.decode()
    response = client.post(reverse("admin:placements_jobseekerhirereport_decide", args=[report.pk, "confirm"]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == JobseekerHireReport.Status.CONFIRMED
    assert active_card(holder).status == AkiCard.Status.PLACED


def test_dashboard_counts_the_staff_queue(client, holder, petugas):
    own_report(holder, company_name="Toko A")
    client.force_login(petugas)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:dashboard")).content.decode()
    row = re.search(r'<tr data-queue="jobseeker_hire_reports">(.*?)</tr>', page, re.S).group(1)
    assert "own hire reports the employer has not reported" in row
    assert '<td class="num">1</td>' in row
    assert "?status__exact=reported&amp;matched=no" in row  # the admin list of exactly those


def test_the_employers_far_future_start_date_does_not_break_the_matching(holder, company, employer):
    placement = services.placement_report(
        jobseeker=holder,
        company=company,
        by=employer,
        start_date=datetime.date(9999, 12, 31),
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    assert placement.pk is not None
