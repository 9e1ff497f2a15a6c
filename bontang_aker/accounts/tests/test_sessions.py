"""Staff sessions end at browser close and after STAFF_SESSION_AGE_SECONDS; others last two weeks."""

import datetime
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60
TWO_WEEKS = 14 * 24 * 60 * 60


def log_in(client, user, url=None):
    response = client.post(url or reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


def seconds_left_in_database(client) -> float:
    row = Session.objects.get(session_key=client.session.session_key)
    return (row.expire_date - timezone.now()).total_seconds()


def test_a_staff_session_is_short_and_ends_with_the_browser(client, petugas):
    # when
    response = log_in(client, petugas)

    # then: a browser-session cookie, and a database row that expires in eight hours
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == EIGHT_HOURS
    assert EIGHT_HOURS - 60 < seconds_left_in_database(client) <= EIGHT_HOURS


def test_a_jobseeker_session_lasts_two_weeks(client):
    # given
    user = UserFactory()

    # when
    response = log_in(client, user)

    # then
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == TWO_WEEKS
    assert not client.session.get_expire_at_browser_close()
    assert TWO_WEEKS - 60 < seconds_left_in_database(client) <= TWO_WEEKS


def test_the_admin_login_gives_the_short_session_too(client, kabid):
    # when
    log_in(client, kabid, reverse("admin:login"))

    # then
    assert client.session.get_expire_at_browser_close()
    assert EIGHT_HOURS - 60 < seconds_left_in_database(client) <= EIGHT_HOURS


def test_the_staff_age_comes_from_the_settings(client, settings, petugas):
    # given
    settings.STAFF_SESSION_AGE_SECONDS = 600

    # when
    log_in(client, petugas)

    # then
    assert 540 < seconds_left_in_database(client) <= 600


def test_a_staff_session_stays_short_when_it_is_saved_again(client, petugas):
    # given: a staff session, saved again later (any request that changes the session does)
    log_in(client, petugas)
    session = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=client.session.session_key)
    session["seen_notice"] = True

    # when
    session.save()

    # then: the row's expiry is counted from the save with the staff age, not two weeks
    assert EIGHT_HOURS - 60 < seconds_left_in_database(client) <= EIGHT_HOURS


def test_an_expired_staff_session_logs_out(client, petugas):
    # given: a staff session whose eight hours have passed
    log_in(client, petugas)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    # when
    response = client.get(reverse("portal:dashboard"))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_jobseeker_logging_in_after_staff_on_the_same_browser_gets_the_long_session(client, petugas):
    # given
    log_in(client, petugas)
    client.post(reverse("accounts:logout"))

    # when
    log_in(client, UserFactory())

    # then
    assert not client.session.get_expire_at_browser_close()
    assert TWO_WEEKS - 60 < seconds_left_in_database(client) <= TWO_WEEKS
