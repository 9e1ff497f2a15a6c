"""Login lockout (django-axes): the site login, the admin login and the token endpoint alike."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
ADMIN_LOGIN_URL = reverse("admin:login")
TOKEN_URL = reverse("api:auth-token")
WRONG = "salah-sandi-999"
LOCKED_TEXT = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint's throttle counts in the cache, which outlives a test (lockout counts
    # are database rows, rolled back with each test).
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def log_in(client, email, password, *, url=LOGIN_URL, **extra):
    return client.post(url, {"username": email, "password": password}, **extra)


def fail(client, email, times, *, url=LOGIN_URL, **extra):
    return [log_in(client, email, WRONG, url=url, **extra).status_code for _ in range(times)]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["jobseeker", "employer"])
def test_a_portal_account_is_locked_at_the_tenth_failure(client, trait):
    # given
    user = UserFactory(employer=True) if trait == "employer" else UserFactory()

    # when
    statuses = fail(client, user.email, 10)
    eleventh = log_in(client, user.email, TEST_PASSWORD)

    # then: nine ordinary form errors, the tenth failure locks, the right password is refused after
    assert statuses == [200] * 9 + [429]
    assert eleventh.status_code == 429
    assert not is_logged_in(client)


def test_a_portal_account_still_logs_in_after_nine_failures(client):
    # given
    user = UserFactory()
    fail(client, user.email, 9)

    # when
    response = log_in(client, user.email, TEST_PASSWORD)

    # then
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_staff_account_is_locked_at_the_fifth_failure(client, petugas):
    # when
    statuses = fail(client, petugas.email, 5)
    sixth = log_in(client, petugas.email, TEST_PASSWORD)

    # then
    assert statuses == [200] * 4 + [429]
    assert sixth.status_code == 429
    assert not is_logged_in(client)


def test_a_staff_account_still_logs_in_after_four_failures(client, petugas):
    # given
    fail(client, petugas.email, 4)

    # when
    response = log_in(client, petugas.email, TEST_PASSWORD)

    # then
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_limits_come_from_the_settings(client, settings, petugas):
    # given
    settings.AXES_FAILURE_LIMIT_STAFF = 2
    settings.AXES_FAILURE_LIMIT_DEFAULT = 3
    jobseeker = UserFactory()

    # when / then
    assert fail(client, petugas.email, 2) == [200, 429]
    assert fail(Client(REMOTE_ADDR="203.0.113.9"), jobseeker.email, 3) == [200, 200, 429]


def test_the_address_spelled_differently_counts_as_the_same_account(client, petugas):
    # given: the login compares e-mail addresses without case
    spellings = [petugas.email.upper(), petugas.email.title(), f"  {petugas.email}", petugas.email.capitalize()]
    for spelling in spellings:
        log_in(client, spelling, WRONG)

    # when
    response = log_in(client, petugas.email, WRONG)

    # then
    assert response.status_code == 429


# By account and by address ------------------------------------------------------------------


def test_an_account_is_locked_whatever_address_the_attempts_come_from(petugas):
    # given: five failures, each from another address
    for n in range(5):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), petugas.email, WRONG)

    # when
    response = log_in(Client(REMOTE_ADDR="203.0.113.50"), petugas.email, TEST_PASSWORD)

    # then
    assert response.status_code == 429


def test_an_address_guessing_many_accounts_is_locked(client):
    # given: one address, one wrong password for each of ten accounts
    for user in UserFactory.create_batch(10):
        log_in(client, user.email, WRONG)
    untouched = UserFactory()

    # when
    from_there = log_in(client, untouched.email, TEST_PASSWORD)
    from_elsewhere = log_in(Client(REMOTE_ADDR="203.0.113.50"), untouched.email, TEST_PASSWORD)

    # then: that address is locked, the account itself is not
    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302


def test_forged_x_forwarded_for_does_not_unlock_an_address(client, settings):
    # given: no trusted proxy; ten accounts guessed from one address
    settings.TRUSTED_PROXY_COUNT = 0
    for n, user in enumerate(UserFactory.create_batch(10)):
        log_in(client, user.email, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    # when
    response = log_in(client, UserFactory().email, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200")

    # then
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(client, settings, petugas):
    # given
    settings.TRUSTED_PROXY_COUNT = 1

    # when
    log_in(client, petugas.email, WRONG, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")

    # then
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address == "203.0.113.7"
    assert attempt.username == petugas.email


# Cool-off -----------------------------------------------------------------------------------


def test_the_lock_lifts_after_the_cool_off(client, settings, petugas):
    # given: a locked staff account, its last failure longer ago than the cool-off
    fail(client, petugas.email, 5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )

    # when
    response = log_in(client, petugas.email, TEST_PASSWORD)

    # then
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_lock_holds_just_before_the_end_of_the_cool_off(client, settings, petugas):
    # given
    fail(client, petugas.email, 5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    )

    # when
    response = log_in(client, petugas.email, TEST_PASSWORD)

    # then
    assert response.status_code == 429


# The lockout page ---------------------------------------------------------------------------


def test_the_lockout_page_says_when_to_try_again(client, petugas):
    # given
    fail(client, petugas.email, 4)

    # when
    before = timezone.now()
    response = log_in(client, petugas.email, WRONG)

    # then: a page of the site, with the time in WITA and the minutes left
    content = response.content.decode()
    until = timezone.localtime(before + datetime.timedelta(minutes=30))
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 'id="main"' in content and 'class="site-header"' in content
    assert "<title>Login temporarily blocked" in content
    assert LOCKED_TEXT in content
    # (after 23:30 WITA the lockout ends tomorrow, and the page names the date before the time)
    match = re.search(r"blocked until (?:\d{1,2} \w+ \d{4} )?(\d\d:\d\d) WITA \(in (\d+) minutes\)", content)
    assert match, content
    assert match[1] in {until.strftime("%H:%M"), (until + datetime.timedelta(minutes=1)).strftime("%H:%M")}
    assert match[2] == "30"
    assert 1790 <= int(response["Retry-After"]) <= 1800


def test_the_lockout_page_is_in_indonesian_by_default(petugas):
    # given: a browser asking for no particular language
    client = Client()
    fail(client, petugas.email, 4)

    # when
    response = log_in(client, petugas.email, WRONG)

    # then (the wording itself comes with the Indonesian catalogue)
    assert response.status_code == 429
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()
    assert "WITA" in response.content.decode()


def test_the_admin_login_is_locked_too_and_shares_the_count(client, petugas):
    # given: failures on the admin login
    statuses = fail(client, petugas.email, 5, url=ADMIN_LOGIN_URL)

    # when
    on_the_site = log_in(client, petugas.email, TEST_PASSWORD)

    # then
    assert statuses == [200] * 4 + [429]
    assert on_the_site.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


# Token endpoint -----------------------------------------------------------------------------


def api_client(**extra) -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_the_token_endpoint_locks_with_a_json_answer(petugas):
    # given: a client that rotates X-Forwarded-For on every request
    client = api_client()
    statuses = [
        client.post(
            TOKEN_URL,
            {"email": petugas.email, "password": WRONG},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]

    # when
    response = client.post(
        TOKEN_URL, {"email": petugas.email, "password": TEST_PASSWORD}, format="json", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )

    # then
    assert statuses == [400] * 4 + [429]
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert body["detail"].startswith(LOCKED_TEXT)
    assert "WITA" in body["detail"]
    assert int(response["Retry-After"]) > 0
    assert "token" not in body


def test_the_token_endpoint_records_the_email_as_the_username(petugas):
    # when
    api_client().post(TOKEN_URL, {"email": petugas.email.upper(), "password": WRONG}, format="json")

    # then
    assert list(AccessAttempt.objects.values_list("username", "path_info")) == [(petugas.email, TOKEN_URL)]


def test_a_lock_from_the_site_login_holds_on_the_token_endpoint(client, petugas):
    # given
    fail(client, petugas.email, 5)

    # when
    response = api_client().post(TOKEN_URL, {"email": petugas.email, "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_an_overlong_email_on_the_token_endpoint_is_a_400_not_a_500():
    # given: a valid address longer than the lockout's username column (255)
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".id"

    # when
    response = api_client().post(TOKEN_URL, {"email": email, "password": WRONG}, format="json")

    # then
    assert response.status_code == 400
    assert len(AccessAttempt.objects.get().username) == 255


# Admin view of the locks --------------------------------------------------------------------


def test_the_admin_lists_failed_logins_with_their_lock(client, superuser, petugas):
    # given: a locked staff account and a jobseeker with two failures
    jobseeker = UserFactory()
    fail(client, petugas.email, 5)
    fail(client, jobseeker.email, 2)
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(superuser)

    # when
    response = admin.get(reverse("admin:axes_accessattempt_changelist"))

    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert petugas.email in content and jobseeker.email in content
    assert "locked until" in content
    assert "2 of 10 failures" in content


def test_deleting_the_attempts_in_the_admin_unlocks(client, superuser, petugas):
    # given
    fail(client, petugas.email, 5)
    admin = Client()
    admin.force_login(superuser)

    # when
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    # then
    assert not AccessAttempt.objects.exists()
    assert log_in(client, petugas.email, TEST_PASSWORD).status_code == 302


def test_a_staff_limit_applies_to_superusers_and_staff_roles(client):
    # given: accounts counted as staff by each of the three marks
    superuser = UserFactory(is_superuser=True)
    staff_role = UserFactory(role=User.Role.STAFF)
    admin_access = UserFactory(is_staff=True)

    # when / then
    for n, user in enumerate([superuser, staff_role, admin_access]):
        assert fail(Client(REMOTE_ADDR=f"203.0.113.{n}"), user.email, 5)[-1] == 429, user
