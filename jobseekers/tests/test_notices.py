"""The AK/I card decisions tell the jobseeker, in the portal and by e-mail."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from bontang_aker.notices.models import Notice
from jobseekers import services
from jobseekers.tests.factories import AkiCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delay():
    with mock.patch("bontang_aker.notices.services.send_notice_email_task.delay") as delay:
        yield delay


def test_issuing_a_card_tells_the_jobseeker_its_number_and_validity(petugas, delay, django_capture_on_commit_callbacks):
    # given
    card = AkiCardFactory()
    user = card.jobseeker.user
    user.language = "en"
    user.save(update_fields=["language"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        card = services.aki_card_issue(card_id=card.pk, by=petugas)
    # then
    notice = Notice.objects.get(recipient=user)
    assert notice.subject == "Your AK/I card has been issued"
    assert card.number in notice.body
    assert f"{card.expires_on:%-d %B %Y}" in notice.body
    assert "every 6 months" in notice.body
    assert notice.url == "/pencaker/kartu/"  # the card page: the next step is there
    delay.assert_called_once_with(notice.pk)


def test_the_card_notice_names_the_months_in_indonesian(petugas, delay):
    # given
    card = AkiCardFactory()
    # when
    with mock.patch("jobseekers.services.timezone.localdate", return_value=datetime.date(2026, 1, 10)):
        services.aki_card_issue(card_id=card.pk, by=petugas)
    # then: 24 months of validity end in January, "Januari" in Indonesian
    assert "10 Januari 2028" in Notice.objects.get(recipient=card.jobseeker.user).body


def test_returning_a_card_request_tells_the_jobseeker_why(petugas, delay):
    # given
    card = AkiCardFactory()
    user = card.jobseeker.user
    user.language = "en"
    user.save(update_fields=["language"])
    # when
    services.aki_card_reject(card_id=card.pk, by=petugas, reason="Foto KTP buram")
    # then
    notice = Notice.objects.get(recipient=user)
    assert notice.subject == "Your AK/I card request was returned"
    assert "Reason: Foto KTP buram" in notice.body


def test_a_refused_issue_sends_nothing(petugas, delay):
    # given a card already active
    card = AkiCardFactory(active=True, issued_at=timezone.now())
    # when
    with pytest.raises(services.TransitionError):
        services.aki_card_issue(card_id=card.pk, by=petugas)
    # then
    assert not Notice.objects.exists()
