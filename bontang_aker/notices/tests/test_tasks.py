import smtplib
from unittest import mock

import pytest
from celery.exceptions import Retry

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.tasks import send_notice_email_task
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db


def test_the_email_goes_out_once_however_often_the_task_runs(mailoutbox, settings):
    # given
    settings.SITE_URL = "https://aker.bontang.example"
    settings.DEFAULT_FROM_EMAIL = "Disnaker <noreply@bontang.example>"
    notice = NoticeFactory(subject="Your AK/I card has been issued", body="Card number: 6474-2026-0000001")
    # when the task is delivered twice
    first = send_notice_email_task(notice.pk)
    second = send_notice_email_task(notice.pk)
    # then
    assert (first, second) == (True, False)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [notice.recipient.email]
    assert message.from_email == "Disnaker <noreply@bontang.example>"
    assert message.subject == "Your AK/I card has been issued"
    assert "Card number: 6474-2026-0000001" in message.body
    assert "https://aker.bontang.example/akun/dasbor/" in message.body
    assert "https://aker.bontang.example/akun/pemberitahuan/" in message.body
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_a_notice_without_a_link_sends_no_link(mailoutbox):
    # given
    notice = NoticeFactory(url="")
    # when
    send_notice_email_task(notice.pk)
    # then
    assert "/akun/dasbor/" not in mailoutbox[0].body


@pytest.mark.parametrize("user_fields", [{"is_active": False}, {"email": ""}])
def test_inactive_users_and_users_without_an_address_get_no_email(mailoutbox, user_fields):
    # given
    notice = NoticeFactory(recipient=UserFactory(**user_fields))
    # when
    sent = send_notice_email_task(notice.pk)
    # then
    assert sent is False
    assert mailoutbox == []
    notice.refresh_from_db()
    assert notice.emailed_at is None


def test_a_deleted_notice_is_skipped(mailoutbox):
    # when
    sent = send_notice_email_task(987654321)
    # then
    assert sent is False
    assert mailoutbox == []


def test_an_smtp_failure_is_retried_and_leaves_the_notice_unsent(mailoutbox):
    # given
    notice = NoticeFactory()
    # when the mail server refuses the message
    with (
        mock.patch("bontang_aker.notices.services.send_mail", side_effect=smtplib.SMTPServerDisconnected("gone")),
        mock.patch.object(send_notice_email_task, "retry", side_effect=Retry()) as retry,
        pytest.raises(Retry),
    ):
        send_notice_email_task(notice.pk)
    # then Celery schedules another try and the next one may still send
    retry.assert_called_once()
    notice.refresh_from_db()
    assert notice.emailed_at is None


def test_the_task_retries_with_backoff_and_late_acks():
    # then: the promise made to operators, in the task's own options
    assert send_notice_email_task.acks_late is True
    assert smtplib.SMTPException in send_notice_email_task.autoretry_for
    assert send_notice_email_task.retry_backoff
