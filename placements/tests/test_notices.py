"""Referral, selection and placement decisions tell the people they concern."""

from unittest import mock

import pytest
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice
from bontang_aker.reference.models import KbjiGroup
from employers.tests.factories import CompanyMemberFactory
from jobseekers.tests.factories import AkiCardFactory
from placements import services
from placements.models import Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delay():
    with mock.patch("bontang_aker.notices.services.send_notice_email_task.delay") as delay:
        yield delay


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_a_referral_tells_the_jobseeker_the_letter_number(petugas, delay, django_capture_on_commit_callbacks):
    # given
    application = ApplicationFactory(vacancy__title="Operator Amonia")
    jobseeker = english(application.jobseeker.user)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.referral_create(application_id=application.pk, by=petugas)
    # then
    notice = Notice.objects.get(recipient=jobseeker)
    assert notice.subject == "You have been referred for “Operator Amonia”"
    assert f"AK/V letter number: {referral.letter_number}" in notice.body
    delay.assert_called_once_with(notice.pk)


def test_declining_tells_the_jobseeker_why(petugas, delay):
    # given
    application = ApplicationFactory(vacancy__title="Operator Amonia")
    jobseeker = english(application.jobseeker.user)
    # when
    services.application_decline(application_id=application.pk, by=petugas, reason="Belum memenuhi syarat K3")
    # then
    notice = Notice.objects.get(recipient=jobseeker)
    assert notice.subject == "Your application for “Operator Amonia” was not referred"
    assert "Reason: Belum memenuhi syarat K3" in notice.body


def test_each_selection_step_tells_the_jobseeker_but_not_the_internal_notes(delay):
    # given
    referral = ReferralFactory(application__vacancy__title="Operator Amonia")
    jobseeker = english(referral.application.jobseeker.user)
    employer = CompanyMemberFactory(company=referral.application.vacancy.company).user
    # when
    services.referral_record_result(referral_id=referral.pk, by=employer, result=Referral.Status.IN_SELECTION)
    services.referral_record_result(
        referral_id=referral.pk, by=employer, result=Referral.Status.ACCEPTED, notes="Nilai wawancara 7/10"
    )
    # then
    subjects = list(Notice.objects.filter(recipient=jobseeker).order_by("pk").values_list("subject", flat=True))
    assert subjects == [
        "You are in the selection for “Operator Amonia”",
        "The employer has accepted you for “Operator Amonia”",
    ]
    assert not Notice.objects.filter(body__contains="wawancara").exists()


def test_verifying_a_placement_tells_the_reporter_and_the_jobseeker(petugas, delay):
    # given a hire reported by the employer
    jobseeker = AkiCardFactory(active=True).jobseeker
    english(jobseeker.user)
    member = CompanyMemberFactory(user__language="en")
    placement = _report(jobseeker, member)
    # when
    services.placement_verify(placement_id=placement.pk, by=petugas)
    # then
    to_jobseeker = Notice.objects.get(recipient=jobseeker.user)
    to_reporter = Notice.objects.get(recipient=member.user)
    assert to_jobseeker.subject == to_reporter.subject == f"Hire verified: Operator at {member.company.name}"
    assert "verified your hire" in to_jobseeker.body
    assert f"the hire you reported: {jobseeker.full_name}" in to_reporter.body


def test_returning_a_placement_reported_by_the_jobseeker_sends_one_notice(petugas, delay):
    # given
    jobseeker = AkiCardFactory(active=True).jobseeker
    english(jobseeker.user)
    placement = _report(jobseeker, CompanyMemberFactory(), by=jobseeker.user)
    # when
    services.placement_reject(placement_id=placement.pk, by=petugas, reason="Perusahaan menyangkal")
    # then
    notice = Notice.objects.get()
    assert notice.recipient == jobseeker.user
    assert "Reason: Perusahaan menyangkal" in notice.body
    assert "Correct the report and submit it again." in notice.body


def test_the_staff_member_who_decides_is_not_told_about_it(delay):
    # given a hire reported by a staff member, verified by the same one
    staff = UserFactory(petugas=True)
    jobseeker = AkiCardFactory(active=True).jobseeker
    placement = _report(jobseeker, CompanyMemberFactory(), by=staff)
    # when
    services.placement_verify(placement_id=placement.pk, by=staff)
    # then
    assert list(Notice.objects.values_list("recipient", flat=True)) == [jobseeker.user_id]


def _report(jobseeker, member, by=None):
    return services.placement_report(
        jobseeker=jobseeker,
        company=member.company,
        by=by or member.user,
        start_date=timezone.localdate(),
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
    )


def test_application_notices_link_to_the_application(petugas):
    # given
    from employers.tests.factories import VacancyFactory
    from jobseekers.tests.factories import AkiCardFactory
    from placements import services
    from placements.models import Application

    vacancy = VacancyFactory(published=True)
    profile = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    application = services.application_submit(jobseeker=profile, vacancy_id=vacancy.pk, motivation="")
    # when
    services.referral_create(application_id=application.pk, by=petugas)
    # then
    notice = profile.user.notices.get(key=f"application:{application.pk}:referred")
    assert notice.url == f"/pencaker/lamaran/{application.pk}/"
    assert Application.objects.get(pk=application.pk).status == "referred"
