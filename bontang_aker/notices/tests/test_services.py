import datetime
from types import SimpleNamespace
from unittest import mock

import pytest

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices import services
from bontang_aker.notices.models import Notice
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db

# The domain apps' own templates are tested with their services; these stand in for them.
TEMPLATES = {
    "test/card_subject.txt": '{% load i18n %}Card valid until {{ card.expires_on|date:"F" }}\n  and more\n',
    "test/card_body.txt": '{% load i18n %}\nValid until {{ card.expires_on|date:"j F Y" }}.\n{{ reason }}\n',
}
TEMPLATE = "test/card"
CARD = SimpleNamespace(number="6474-2026-0000001", expires_on=datetime.date(2028, 3, 14))


@pytest.fixture(autouse=True)
def notice_templates(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", TEMPLATES),
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


@pytest.fixture
def delay():
    with mock.patch("bontang_aker.notices.services.send_notice_email_task.delay") as delay:
        yield delay


def send_card_notice(user, card=CARD, key="akicard:1:issued", **context):
    return services.notice_send(
        user=user, key=key, template=TEMPLATE, context={"card": card, **context}, url="/akun/dasbor/"
    )


def test_sending_twice_with_one_key_stores_one_notice_and_queues_one_email(delay, django_capture_on_commit_callbacks):
    # given
    user = UserFactory()
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = send_card_notice(user)
        second = send_card_notice(user)
    # then
    assert first.pk == second.pk
    assert Notice.objects.filter(recipient=user).count() == 1
    assert len(callbacks) == 1
    delay.assert_called_once_with(first.pk)


def test_the_email_is_queued_only_after_commit(delay, django_capture_on_commit_callbacks):
    # when the transaction has not committed yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_card_notice(UserFactory())
        # then nothing is queued
        delay.assert_not_called()
    assert len(callbacks) == 1


def test_a_broker_outage_does_not_undo_or_break_the_change(delay, django_capture_on_commit_callbacks):
    # given Redis is down
    delay.side_effect = ConnectionError("broker unreachable")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notice = send_card_notice(UserFactory())
    # then the notice is kept (it shows in the portal) and nothing is raised to the caller
    assert Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).exists()


def test_the_same_key_for_another_recipient_is_another_notice(delay):
    # when
    send_card_notice(UserFactory())
    send_card_notice(UserFactory())
    # then
    assert Notice.objects.filter(key="akicard:1:issued").count() == 2


def test_subject_and_body_are_rendered_in_the_recipients_language(delay):
    # given an English and an Indonesian reader
    english = UserFactory(language="en")
    indonesian = UserFactory(language="id")
    # when
    notice_en = send_card_notice(english)
    notice_id = send_card_notice(indonesian)
    # then the month is named by Django's own catalogue in each language
    assert notice_en.subject == "Card valid until March and more"
    assert notice_id.subject == "Card valid until Maret and more"
    assert notice_en.body == "Valid until 14 March 2028."
    assert notice_id.body == "Valid until 14 Maret 2028."


def test_an_unknown_language_falls_back_to_indonesian(delay):
    # when
    notice = send_card_notice(UserFactory(language="xx"))
    # then
    assert notice.body == "Valid until 14 Maret 2028."


def test_the_subject_is_one_line_and_text_is_not_html_escaped(delay):
    # when
    notice = send_card_notice(UserFactory(), reason="Foto KTP & ijazah <buram>")
    # then
    assert "\n" not in notice.subject
    assert notice.body.endswith("Foto KTP & ijazah <buram>")


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "akun/dasbor/", "/\\evil.example"])
def test_a_link_outside_the_portal_is_refused(delay, url):
    # when / then
    with pytest.raises(ValueError):
        services.notice_send(user=UserFactory(), key="k", template=TEMPLATE, context={"card": CARD}, url=url)
    assert not Notice.objects.exists()


def test_sending_to_many_skips_duplicates_and_the_actor(delay):
    # given
    first, second, actor = UserFactory(), UserFactory(), UserFactory()
    # when
    sent = services.notices_send(
        users=[first, second, first, actor], key="k", template=TEMPLATE, context={"card": CARD}, exclude=actor
    )
    # then
    assert {notice.recipient_id for notice in sent} == {first.pk, second.pk}
    assert Notice.objects.count() == 2


def test_mark_read_sets_read_at_once():
    # given
    notice = NoticeFactory()
    # when
    first = services.notice_mark_read(user=notice.recipient, notice_id=notice.pk)
    again = services.notice_mark_read(user=notice.recipient, notice_id=notice.pk)
    # then
    assert first.read_at is not None
    assert again.read_at == first.read_at


def test_nobody_marks_another_persons_notice_read():
    # given
    notice = NoticeFactory()
    # when / then
    with pytest.raises(Notice.DoesNotExist):
        services.notice_mark_read(user=UserFactory(), notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_touches_only_the_users_unread_notices():
    # given
    user = UserFactory()
    NoticeFactory.create_batch(2, recipient=user)
    other = NoticeFactory()
    # when
    count = services.notices_mark_all_read(user=user)
    # then
    assert count == 2
    assert not Notice.objects.filter(recipient=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
