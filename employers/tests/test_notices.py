"""Vacancy decisions tell every member of the company."""

from unittest import mock

import pytest

from bontang_aker.notices.models import Notice
from employers import services
from employers.tests.factories import CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delay():
    with mock.patch("bontang_aker.notices.services.send_notice_email_task.delay") as delay:
        yield delay


def members_of(company, count=2):
    members = [CompanyMemberFactory(company=company, user__language="en").user for _ in range(count)]
    return members


def test_publishing_tells_every_member_of_the_company(petugas, delay, django_capture_on_commit_callbacks):
    # given
    vacancy = VacancyFactory(in_review=True, title="Operator Amonia")
    members = members_of(vacancy.company)
    CompanyMemberFactory()  # a member of another company
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    # then
    notices = Notice.objects.filter(key=f"vacancy:{vacancy.pk}:published")
    assert {notice.recipient for notice in notices} == set(members)
    assert notices[0].subject == "Your vacancy “Operator Amonia” has been published"
    assert delay.call_count == 2


def test_each_return_of_a_vacancy_is_its_own_notice(petugas, delay):
    # given
    vacancy = VacancyFactory(in_review=True, title="Operator Amonia")
    (member,) = members_of(vacancy.company, count=1)
    # when it is returned, corrected and returned again
    services.vacancy_reject(vacancy_id=vacancy.pk, by=petugas, reason="Upah di bawah UMK")
    services.vacancy_submit(vacancy_id=vacancy.pk, by=member)
    services.vacancy_reject(vacancy_id=vacancy.pk, by=petugas, reason="Syarat usia diskriminatif")
    # then
    notices = Notice.objects.filter(recipient=member).order_by("pk")
    assert [notice.subject for notice in notices] == ["Your vacancy “Operator Amonia” was returned for correction"] * 2
    assert "Reason: Upah di bawah UMK" in notices[0].body
    assert "Reason: Syarat usia diskriminatif" in notices[1].body


def test_marking_filled_tells_the_other_members(delay):
    # given
    vacancy = VacancyFactory(published=True, title="Operator Amonia")
    reporter, colleague = members_of(vacancy.company)
    # when
    services.vacancy_mark_filled(vacancy_id=vacancy.pk, by=reporter)
    # then
    notice = Notice.objects.get(key=f"vacancy:{vacancy.pk}:filled")
    assert notice.recipient == colleague
    assert notice.subject == "Vacancy “Operator Amonia” has been reported as filled"
