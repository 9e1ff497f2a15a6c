"""The placement workflow's rules after the review: who sets "hired" and when, returned hire reports
sent again, filling a vacancy under concurrent changes, selection notes kept, AKL/AKAD by workplace."""

import datetime
import threading
from unittest import mock

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.workflow import TransitionError
from bontang_aker.notices.models import Notice
from bontang_aker.reference.models import KbjiGroup
from employers import selectors as employer_selectors
from employers.models import Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import services
from placements.models import Application, Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory
from portal.api import staff_queues_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def delay():
    with mock.patch("bontang_aker.notices.services.send_notice_email_task.delay") as delay:
        yield delay


@pytest.fixture
def member():
    return CompanyMemberFactory(user__language="en").user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.fixture
def referral(company):
    card = AkiCardFactory(active=True, jobseeker__user__language="en")
    return ReferralFactory(
        application__vacancy=VacancyFactory(company=company, published=True, openings=1),
        application__jobseeker=card.jobseeker,
    )


def english(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(user)
    return client


def report(referral, member) -> Placement:
    return services.placement_report_for_referral(
        referral_id=referral.pk, company=referral.application.vacancy.company, by=member, start_date=TODAY
    )


def hire_reports_to_review(user) -> int:
    return next(row["count"] for row in staff_queues_for(user) if row["key"] == "placements")


def returned(referral, member, petugas, reason="Tanggal mulai salah") -> Placement:
    placement = report(referral, member)
    services.placement_reject(placement_id=placement.pk, by=petugas, reason=reason)
    placement.refresh_from_db()
    return placement


# 4. "Hired" is Disnaker's verification, not the employer's word ----------------------------------------


def test_the_employers_accepted_moves_only_the_referral(referral, member):
    # given / when the employer records "accepted"
    services.referral_record_result(
        referral_id=referral.pk, by=member, result=Referral.Status.ACCEPTED, start_date=TODAY
    )
    # then the referral is accepted and the application still waits for Disnaker
    referral.refresh_from_db()
    application = referral.application
    application.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert application.status == Application.Status.REFERRED
    assert not application.events.filter(to_status=Application.Status.HIRED).exists()


@pytest.mark.parametrize(("result", "reason"), [(Referral.Status.NOT_ACCEPTED, "test"), (Referral.Status.NO_SHOW, "")])
def test_not_accepted_and_no_show_end_the_application_at_once(referral, member, result, reason):
    # given / when
    services.referral_record_result(referral_id=referral.pk, by=member, result=result, reason=reason)
    # then
    referral.application.refresh_from_db()
    assert referral.application.status == Application.Status.NOT_HIRED


def test_a_returned_report_leaves_the_application_referred_and_uncounted(referral, member, petugas, company):
    # given a hire report (which marks the referral accepted) that Disnaker returns
    placement = returned(referral, member, petugas)
    # then nothing counts as hired: the application waits, the card stays active
    referral.refresh_from_db()
    referral.application.refresh_from_db()
    assert (referral.status, referral.application.status) == (Referral.Status.ACCEPTED, Application.Status.REFERRED)
    assert placement.status == Placement.Status.REJECTED
    assert referral.application.jobseeker.aki_cards.get().status == AkiCard.Status.ACTIVE
    row = employer_selectors.vacancy_for_company(company=company, vacancy_id=referral.application.vacancy_id)
    assert (row.accepted_count, row.placed_count) == (1, 0)


def test_verification_makes_the_application_hired_and_brings_the_hire_notice(referral, member, petugas, delay):
    # given the employer accepted and reported the hire
    placement = report(referral, member)
    jobseeker_user = referral.application.jobseeker.user
    accepted_notice = Notice.objects.get(recipient=jobseeker_user)
    # when Disnaker verifies it
    services.placement_verify(placement_id=placement.pk, by=petugas)
    # then the application is hired now, and the jobseeker hears of the hire only now
    referral.application.refresh_from_db()
    assert referral.application.status == Application.Status.HIRED
    hired_event = referral.application.events.get(to_status=Application.Status.HIRED)
    assert hired_event.actor == petugas
    assert accepted_notice.subject.startswith("The employer has accepted you")
    assert "once Disnaker has checked the report" in accepted_notice.body
    assert "Congratulations" not in accepted_notice.body
    verified = Notice.objects.filter(recipient=jobseeker_user).exclude(pk=accepted_notice.pk).get()
    assert verified.subject.startswith("Hire verified") and "Congratulations on your new job" in verified.body


def test_the_employer_api_counts_accepted_and_verified_hires_under_honest_names(referral, member, petugas):
    # given an accepted candidate whose report Disnaker returned
    returned(referral, member, petugas)
    # when
    url = reverse("api:employer-vacancy-detail", args=[referral.application.vacancy_id])
    body = api_client(member).get(url).json()
    # then
    assert (body["accepted_count"], body["placed_count"]) == (1, 0)
    assert "hired_count" not in body


def test_the_employer_pages_show_accepted_and_verified_counts(referral, member):
    # given
    services.referral_record_result(
        referral_id=referral.pk, by=member, result=Referral.Status.ACCEPTED, start_date=TODAY
    )
    # when
    listing = english(member).get(reverse("employers:vacancy_list")).content.decode()
    detail = (
        english(member)
        .get(reverse("employers:vacancy_detail", args=[referral.application.vacancy_id]))
        .content.decode()
    )
    # then
    assert "<dt>Accepted by you</dt><dd>1</dd>" in listing
    assert "<dt>Hires verified by Disnaker</dt><dd>0</dd>" in listing
    assert "<dt>Accepted by you</dt><dd>1</dd>" in detail
    assert "<dt>Hired</dt>" not in listing + detail


def test_the_jobseeker_sees_accepted_awaiting_disnakers_check(referral, member):
    # given
    services.referral_record_result(
        referral_id=referral.pk, by=member, result=Referral.Status.ACCEPTED, start_date=TODAY
    )
    jobseeker = referral.application.jobseeker.user
    # when
    listing = english(jobseeker).get(reverse("placements:application_list")).content.decode()
    body = api_client(jobseeker).get(reverse("api:my-application-detail", args=[referral.application_id])).json()
    # then
    assert "Accepted by the employer, awaiting Disnaker&#x27;s check" in listing
    assert body["status"] == "referred"
    assert body["status_display"] == "Accepted by the employer, awaiting Disnaker's check"
    assert body["timeline"][-1]["label"] == "Accepted by the employer, awaiting Disnaker's check"


# 5. A returned hire report is corrected and sent again ------------------------------------------------


def test_a_returned_report_is_corrected_and_back_in_the_staff_queue(referral, member, petugas):
    # given a returned report
    placement = returned(referral, member, petugas)
    assert hire_reports_to_review(petugas) == 0
    # when the company corrects it
    new_start = TODAY + datetime.timedelta(days=3)
    services.placement_resubmit(
        placement_id=placement.pk,
        by=member,
        start_date=new_start,
        contract_type=Vacancy.EmploymentType.PERMANENT,
        wage=5_100_000,
        note="Tanggal mulai diperbaiki",
    )
    # then it is reported again, corrected, and staff see it in their queue
    placement.refresh_from_db()
    referral.refresh_from_db()
    assert placement.status == Placement.Status.REPORTED
    assert (placement.start_date, placement.employment_type, placement.wage) == (new_start, "pkwtt", 5_100_000)
    assert placement.review_note == ""
    assert referral.start_date == new_start
    events = list(placement.events.values_list("to_status", "note"))
    assert events[-2:] == [("rejected", "Tanggal mulai salah"), ("reported", "Tanggal mulai diperbaiki")]
    assert hire_reports_to_review(petugas) == 1
    # and Disnaker can now verify it
    services.placement_verify(placement_id=placement.pk, by=petugas)
    referral.application.refresh_from_db()
    assert referral.application.status == Application.Status.HIRED


def test_fields_left_out_stay_as_they_were(referral, member, petugas):
    placement = returned(referral, member, petugas)
    before = (placement.start_date, placement.employment_type, placement.wage)
    services.placement_resubmit(placement_id=placement.pk, by=member)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REPORTED
    assert (placement.start_date, placement.employment_type, placement.wage) == before
    assert placement.events.last().note == "Corrected and sent again"


@pytest.mark.parametrize("decision", ["reported", "verified"])
def test_only_a_returned_report_can_be_sent_again(referral, member, petugas, decision):
    placement = report(referral, member)
    if decision == "verified":
        services.placement_verify(placement_id=placement.pk, by=petugas)
    with pytest.raises(TransitionError):
        services.placement_resubmit(placement_id=placement.pk, by=member)


def test_only_the_company_or_the_reporting_jobseeker_may_send_it_again(referral, member, petugas):
    # given a returned report the employer sent
    placement = returned(referral, member, petugas)
    # then another company, the jobseeker (who did not report it) and staff may not send it again
    for outsider in (CompanyMemberFactory().user, referral.application.jobseeker.user, petugas):
        with pytest.raises(PermissionDenied):
            services.placement_resubmit(placement_id=placement.pk, by=outsider)
    # while another member of the same company may
    colleague = CompanyMemberFactory(company=placement.company).user
    services.placement_resubmit(placement_id=placement.pk, by=colleague)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REPORTED


def test_the_jobseeker_who_reported_the_hire_may_send_it_again(petugas):
    jobseeker = AkiCardFactory(active=True).jobseeker
    placement = services.placement_report(
        jobseeker=jobseeker,
        company=CompanyFactory(verified=True),
        by=jobseeker.user,
        start_date=TODAY,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    services.placement_reject(placement_id=placement.pk, by=petugas, reason="Perusahaan belum mengonfirmasi")
    services.placement_resubmit(placement_id=placement.pk, by=jobseeker.user, note="Sudah dikonfirmasi HRD")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REPORTED


def test_bad_corrections_are_refused_naming_the_field(referral, member, petugas):
    placement = returned(referral, member, petugas)
    other_start = TODAY + datetime.timedelta(days=9)
    services.placement_report(  # the same person already reported at this company from that date
        jobseeker=placement.jobseeker,
        company=placement.company,
        by=member,
        start_date=other_start,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )
    for kwargs, field in (
        ({"contract_type": "kontrak"}, "contract_type"),
        ({"wage": -1}, "wage"),
        ({"start_date": other_start}, "start_date"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.placement_resubmit(placement_id=placement.pk, by=member, **kwargs)
        assert field in excinfo.value.message_dict
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REJECTED


def test_a_second_report_for_a_returned_one_points_to_the_correction(referral, member, petugas):
    returned(referral, member, petugas)
    with pytest.raises(ValidationError) as excinfo:
        report(referral, member)
    assert "correct it and send it again" in excinfo.value.message_dict["referral"][0]


def test_the_employer_corrects_a_returned_report_on_its_page(referral, member, petugas):
    # given
    placement = returned(referral, member, petugas, reason="Upah tidak sesuai kontrak")
    client = english(member)
    url = reverse("employers:placement_resubmit", args=[placement.pk])
    # the list shows the reason and the way to correct it
    listing = client.get(reverse("employers:placement_list")).content.decode()
    assert "Upah tidak sesuai kontrak" in listing and url in listing
    candidates_url = reverse("employers:vacancy_candidates", args=[referral.application.vacancy_id])
    assert url in client.get(candidates_url).content.decode()
    # the page shows the reason and the form, filled in
    page = client.get(url).content.decode()
    assert "Upah tidak sesuai kontrak" in page
    assert f'value="{placement.start_date.isoformat()}"' in page
    # when the corrected report is sent
    response = client.post(
        url, {"start_date": TODAY.isoformat(), "contract_type": "pkwt", "wage": "4800000", "note": "Upah dikoreksi"}
    )
    # then
    assert response.status_code == 302 and response["Location"] == reverse("employers:placement_list")
    placement.refresh_from_db()
    assert (placement.status, placement.wage, placement.employment_type) == ("reported", 4_800_000, "pkwt")
    # and sending it again now is refused with a message, changing nothing
    again = client.post(url, {"start_date": TODAY.isoformat()}, follow=True).content.decode()
    assert "Only a hire report Disnaker returned can be corrected" in again
    assert "Correct and send again</button>" not in client.get(url).content.decode()


def test_another_companys_report_is_a_404_on_the_page(referral, member, petugas):
    placement = returned(referral, member, petugas)
    other = english(CompanyMemberFactory().user)
    url = reverse("employers:placement_resubmit", args=[placement.pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {"start_date": TODAY.isoformat()}).status_code == 404


def test_bad_input_on_the_page_stays_next_to_its_field(referral, member, petugas):
    placement = returned(referral, member, petugas)
    url = reverse("employers:placement_resubmit", args=[placement.pk])
    response = english(member).post(url, {"start_date": "besok", "wage": "-5"})
    assert response.status_code == 200
    assert "valid date" in response.content.decode()
    placement.refresh_from_db()
    assert placement.status == Placement.Status.REJECTED


def test_the_api_resubmits_a_returned_report_and_409s_otherwise(referral, member, petugas):
    # given
    placement = returned(referral, member, petugas)
    api = api_client(member)
    url = reverse("api:employer-placement-resubmit", args=[placement.pk])
    # bad input is a 400 naming the field
    assert "contract_type" in api.post(url, {"contract_type": "kontrak"}, format="json").json()
    # when
    response = api.post(url, {"wage": 5_000_000, "note": "Upah diperbaiki"}, format="json")
    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["wage"]) == ("reported", 5_000_000)
    # a report that is not returned: 409
    again = api.post(url, {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    # another company's report: 404
    assert api_client(CompanyMemberFactory().user).post(url, {}, format="json").status_code == 404


def test_the_schema_documents_the_resubmit_endpoint():
    document = yaml.safe_load(APIClient().get(reverse("api:schema")).content)
    operation = document["paths"]["/api/v1/employer/placements/{id}/resubmit/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    assert "requestBody" in operation


# 6. Filling the vacancy waits for concurrent changes instead of failing ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_filling_the_vacancy_skips_a_referral_and_an_application_changed_meanwhile(delay):
    # given a vacancy for one person: a hire report, another referred candidate, and one waiting applicant
    petugas = UserFactory(petugas=True)
    member = CompanyMemberFactory().user
    vacancy = VacancyFactory(company=member.company_membership.company, published=True, openings=1)
    hired = ReferralFactory(application__vacancy=vacancy)
    changing = ReferralFactory(application__vacancy=vacancy)
    untouched = ReferralFactory(application__vacancy=vacancy)
    withdrawing = ApplicationFactory(vacancy=vacancy)
    placement = services.placement_report_for_referral(
        referral_id=hired.pk, company=vacancy.company, by=member, start_date=TODAY
    )
    verifier_pid = connection.cursor().connection.info.backend_pid
    locked, errors = threading.Event(), []

    def concurrent_changes():
        # another request records "did not attend" and the applicant withdraws, committing only
        # once the verification below is waiting for these rows
        try:
            with transaction.atomic():
                services.referral_record_result(referral_id=changing.pk, by=member, result=Referral.Status.NO_SHOW)
                services.application_withdraw(application_id=withdrawing.pk, by=withdrawing.jobseeker.user)
                locked.set()
                with connection.cursor() as cursor:
                    for _attempt in range(200):
                        cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [verifier_pid])
                        if cursor.fetchone()[0]:
                            break
                        threading.Event().wait(0.05)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            locked.set()
        finally:
            connection.close()

    other = threading.Thread(target=concurrent_changes)
    other.start()
    assert locked.wait(10)
    # when Disnaker verifies the hire meanwhile
    services.placement_verify(placement_id=placement.pk, by=petugas)
    other.join(10)
    # then the verification went through, keeping what the other request decided
    assert errors == []
    for row in (vacancy, placement, changing, untouched, withdrawing):
        row.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert placement.status == Placement.Status.VERIFIED
    assert changing.status == Referral.Status.NO_SHOW
    assert (untouched.status, untouched.reason_category) == (Referral.Status.NOT_ACCEPTED, "filled")
    assert withdrawing.status == Application.Status.WITHDRAWN


# 7. Selection notes are kept whatever the stage -----------------------------------------------------------


def test_notes_sent_with_a_stage_already_recorded_are_kept(referral, member):
    # given a candidate already interviewed
    services.referral_record_result(
        referral_id=referral.pk, by=member, result=Referral.Status.IN_SELECTION, stage=Referral.Stage.INTERVIEWED
    )
    # when the same stage and an earlier one are sent again with notes
    services.referral_record_result(
        referral_id=referral.pk,
        by=member,
        result=Referral.Status.IN_SELECTION,
        stage=Referral.Stage.INTERVIEWED,
        notes="Wawancara kedua",
    )
    services.referral_record_result(
        referral_id=referral.pk, by=member, result=Referral.Status.IN_SELECTION, notes="Tes ulang"
    )
    services.referral_record_result(
        referral_id=referral.pk,
        by=member,
        result=Referral.Status.IN_SELECTION,
        stage=Referral.Stage.INVITED,
        notes="Undangan dikirim ulang",
    )
    # then the stage stays and every note is kept
    referral.refresh_from_db()
    assert referral.stage == Referral.Stage.INTERVIEWED
    assert referral.selection_notes == "Wawancara kedua\nTes ulang\nUndangan dikirim ulang"


# 8. AKL or AKAD by where the work is -------------------------------------------------------------------


def _placement_at(company, vacancy=None) -> Placement:
    return services.placement_report(
        jobseeker=JobseekerProfileFactory(),
        company=company,
        vacancy=vacancy,
        by=CompanyMemberFactory(company=company).user,
        start_date=TODAY,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )


def test_the_placement_type_follows_the_vacancys_workplace():
    bontang_company = CompanyFactory(verified=True)
    outside_company = CompanyFactory(verified=True, kelurahan=None)
    work_elsewhere = VacancyFactory(company=bontang_company, published=True, work_kelurahan=None)
    work_in_bontang = VacancyFactory(company=outside_company, published=True)
    assert _placement_at(bontang_company, work_elsewhere).placement_type == Placement.PlacementType.AKAD
    assert _placement_at(outside_company, work_in_bontang).placement_type == Placement.PlacementType.AKL
    # without a vacancy, the company's address decides
    assert _placement_at(bontang_company).placement_type == Placement.PlacementType.AKL
    assert _placement_at(outside_company).placement_type == Placement.PlacementType.AKAD
