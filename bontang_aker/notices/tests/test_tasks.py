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


@pytest.fixture
def eager():
    from bontang_aker.celery import app

    app.conf.task_always_eager = True  # the queued e-mail tasks run in place of a worker
    yield
    app.conf.task_always_eager = False


def aged(notice, minutes):
    from datetime import timedelta

    from django.utils import timezone

    from bontang_aker.notices.models import Notice

    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return notice


def test_the_sweep_emails_notices_whose_task_was_lost_once(mailoutbox, eager):
    from bontang_aker.notices.tasks import email_unsent_notices_task

    # given a notice written an hour ago whose e-mail task never ran (the broker was down)
    lost = aged(NoticeFactory(subject="Lamaran Anda diteruskan"), 60)
    # and one written just now (its own task may still be on the way), one sent already, one too
    # old to be worth a mail, and one to an account that was closed
    fresh = NoticeFactory()
    sent = aged(NoticeFactory(), 60)
    send_notice_email_task(sent.pk)
    mailoutbox.clear()
    stale = aged(NoticeFactory(), 60 * 24 * 4)
    closed = aged(NoticeFactory(recipient=UserFactory(is_active=False)), 60)
    # when the sweep runs twice
    first, second = email_unsent_notices_task(), email_unsent_notices_task()
    # then only the lost one is e-mailed, once
    assert (first, second) == (1, 0)
    assert [message.subject for message in mailoutbox] == ["Lamaran Anda diteruskan"]
    lost.refresh_from_db()
    assert lost.emailed_at is not None
    for notice in (fresh, stale, closed):
        notice.refresh_from_db()
        assert notice.emailed_at is None


def test_beat_runs_the_sweep_every_half_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["email-unsent-notices"]
    assert entry["task"] == "bontang_aker.notices.tasks.email_unsent_notices_task"
    assert entry["schedule"].minute == {0, 30}
