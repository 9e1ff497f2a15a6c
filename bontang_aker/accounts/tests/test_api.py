import socket
import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.settings import base as base_settings

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("api:auth-token")
ME_URL = reverse("api:auth-me")
BAD_CREDENTIALS = "Unable to log in with this email address and password."


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The token endpoint's throttle counts requests in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


# Token --------------------------------------------------------------------------------------


def test_good_credentials_return_a_token(client):
    # given
    user = UserFactory(email="pencaker@example.id")

    # when
    response = client.post(TOKEN_URL, {"email": "pencaker@example.id", "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_email_is_case_insensitive(client):
    # given
    UserFactory(email="pencaker@example.id")

    # when
    response = client.post(TOKEN_URL, {"email": "Pencaker@Example.ID", "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 200


def test_the_same_token_is_returned_each_time(client):
    # given
    user = UserFactory()
    credentials = {"email": user.email, "password": TEST_PASSWORD}

    # when
    first = client.post(TOKEN_URL, credentials, format="json").json()["token"]
    second = client.post(TOKEN_URL, credentials, format="json").json()["token"]

    # then
    assert first == second
    assert Token.objects.filter(user=user).count() == 1


def test_token_authenticates_later_requests(client):
    # given
    user = UserFactory(petugas=True)
    token = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json").json()["token"]
    other = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    # when
    other.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = other.get(ME_URL)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "role": "staff",
        "role_display": "Disnaker staff",
        "language": "id",
        "email_verified": True,
    }


def test_form_encoded_credentials_work_too(client):
    # given
    user = UserFactory()

    # when
    response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD})

    # then
    assert response.status_code == 200
    assert "token" in response.json()


@pytest.mark.parametrize(
    ("email", "password"),
    [("pencaker@example.id", "salah-sandi-999"), ("nobody@example.id", TEST_PASSWORD)],
    ids=["wrong_password", "unknown_email"],
)
def test_bad_credentials_are_400_with_one_message(client, email, password):
    # given
    UserFactory(email="pencaker@example.id")

    # when
    response = client.post(TOKEN_URL, {"email": email, "password": password}, format="json")

    # then
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [BAD_CREDENTIALS]}
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(client):
    # given
    user = UserFactory(is_active=False)

    # when
    response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json")

    # then: the same answer as a wrong password, so it tells nothing about the account
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [BAD_CREDENTIALS]}
    assert not Token.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "pencaker@example.id"}, {"password"}),
        ({"password": TEST_PASSWORD}, {"email"}),
        ({"email": "", "password": ""}, {"email", "password"}),
        ({"email": "not-an-email", "password": TEST_PASSWORD}, {"email"}),
    ],
    ids=["nothing", "no_password", "no_email", "blank", "malformed_email"],
)
def test_missing_or_malformed_fields_are_400_per_field(client, payload, fields):
    # given
    UserFactory(email="pencaker@example.id")

    # when
    response = client.post(TOKEN_URL, payload, format="json")

    # then
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_bad_credentials_message_follows_the_request_language():
    # given
    UserFactory(email="pencaker@example.id")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")

    # when
    response = client.post(TOKEN_URL, {"email": "pencaker@example.id", "password": "salah"}, format="json")

    # then: the message is looked up in the request's language (the English source text
    # until locale/id has its translation)
    with translation.override("id"):
        expected = translation.gettext(BAD_CREDENTIALS)
    assert response.status_code == 400
    assert response["Content-Language"] == "id"
    assert response.json() == {"non_field_errors": [expected]}


def test_token_endpoint_ignores_a_stale_token_header(client):
    # given: a client still sending a token that was deleted
    user = UserFactory()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    # when
    response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 200


def test_token_endpoint_needs_no_csrf_token_for_a_logged_in_browser():
    # given: a browser session, with Django's CSRF check switched on as in production
    user = UserFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    # when
    response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 200


def test_token_endpoint_is_throttled(client):
    # given: a client guessing passwords
    user = UserFactory()
    for _ in range(10):
        client.post(TOKEN_URL, {"email": user.email, "password": "tebakan"}, format="json")

    # when
    response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json")

    # then
    assert response.status_code == 429


def test_token_endpoint_accepts_only_post(client):
    # when
    response = client.get(TOKEN_URL)

    # then
    assert response.status_code == 405


# Me -----------------------------------------------------------------------------------------


def test_me_without_credentials_is_refused(client):
    # when
    response = client.get(ME_URL)

    # then: DRF answers 403 while session auth is listed first in the defaults, 401 otherwise
    assert response.status_code in {401, 403}


def test_me_with_an_unknown_token_is_refused(client):
    # given
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    # when
    response = client.get(ME_URL)

    # then
    assert response.status_code in {401, 403}
    assert "id" not in response.json()


def test_me_with_the_token_of_a_deactivated_user_is_refused(client):
    # given
    user = UserFactory()
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    # when
    response = client.get(ME_URL)

    # then
    assert response.status_code in {401, 403}
    assert "id" not in response.json()


def test_me_with_a_session_works(client):
    # given
    user = UserFactory(employer=True)
    client.force_login(user)

    # when
    response = client.get(ME_URL)

    # then
    assert response.status_code == 200
    assert response.json()["role"] == "employer"


# Client address and cache outages -------------------------------------------------------------


def test_rotating_x_forwarded_for_does_not_escape_the_token_throttle(client, settings):
    # given: no trusted proxy; a client with a new X-Forwarded-For on each request (right
    # passwords, so only the throttle, not the login lockout, is in play)
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    credentials = {"email": user.email, "password": TEST_PASSWORD}
    for n in range(10):
        response = client.post(TOKEN_URL, credentials, format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 200

    # when
    response = client.post(TOKEN_URL, credentials, format="json", HTTP_X_FORWARDED_FOR="198.51.100.99")

    # then
    assert response.status_code == 429
    assert response.json().get("code") != "locked_out"


def test_behind_one_proxy_the_token_throttle_counts_the_rightmost_address(client, settings):
    # given: one trusted proxy; ten requests from one client
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    credentials = {"email": user.email, "password": TEST_PASSWORD}
    for n in range(10):
        client.post(TOKEN_URL, credentials, format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")

    # when
    same_client = client.post(TOKEN_URL, credentials, format="json", HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.7")
    next_client = client.post(TOKEN_URL, credentials, format="json", HTTP_X_FORWARDED_FOR="203.0.113.7, 203.0.113.8")

    # then
    assert same_client.status_code == 429
    assert next_client.status_code == 200


@pytest.mark.parametrize(("password", "expected"), [(TEST_PASSWORD, 200), ("salah", 400)])
def test_token_endpoint_answers_json_while_redis_refuses_connections(client, password, expected):
    # given: the cache (which the throttle uses) points at a port where nothing listens
    user = UserFactory()
    refused = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    # when
    started = time.monotonic()
    with override_settings(CACHES=refused):
        response = client.post(TOKEN_URL, {"email": user.email, "password": password}, format="json")
    elapsed = time.monotonic() - started

    # then
    assert response.status_code == expected
    assert response["Content-Type"] == "application/json"
    assert elapsed < 2


def test_token_endpoint_answers_quickly_while_redis_hangs(client):
    # given: the production cache settings pointed at a port that accepts and never answers
    user = UserFactory()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    hanging = {
        "default": {**base_settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{server.getsockname()[1]}/0"}
    }

    # when
    started = time.monotonic()
    try:
        with override_settings(CACHES=hanging):
            response = client.post(TOKEN_URL, {"email": user.email, "password": TEST_PASSWORD}, format="json")
    finally:
        server.close()
    elapsed = time.monotonic() - started

    # then: well under the 5 s redis-py would wait by default
    assert response.status_code == 200
    assert "token" in response.json()
    assert elapsed < 2.5
