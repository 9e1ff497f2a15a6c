import pytest
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:notices_notice_changelist")


@pytest.fixture
def notices():
    sent = NoticeFactory(recipient=UserFactory(email="sent@example.id"), emailed_at=timezone.now())
    waiting = NoticeFactory(recipient=UserFactory(email="waiting@example.id"))
    return sent, waiting


def test_staff_find_notices_by_recipient_email_and_by_emailed(client, superuser, notices):
    # given
    sent, waiting = notices
    client.force_login(superuser)
    # when
    found = client.get(URL, {"q": "waiting@"})
    not_emailed = client.get(URL, {"emailed": "no"})
    emailed = client.get(URL, {"emailed": "yes"})
    # then
    assert list(found.context["cl"].result_list) == [waiting]
    assert list(not_emailed.context["cl"].result_list) == [waiting]
    assert list(emailed.context["cl"].result_list) == [sent]


def test_notices_are_read_only_in_the_admin(client, superuser, notices):
    # given
    sent, _ = notices
    client.force_login(superuser)
    # when
    add = client.get(reverse("admin:notices_notice_add"))
    change = client.post(reverse("admin:notices_notice_change", args=[sent.pk]), {"subject": "Edited"})
    # then
    assert add.status_code == 403
    sent.refresh_from_db()
    assert sent.subject != "Edited"
    assert change.status_code == 403
