"""The API's email verification and password reset: the same services and limits as the pages."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bontang_aker.accounts import services
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ME_URL = reverse("api:auth-me")
RESEND_URL = reverse("api:auth-verify-email-resend")
VERIFY_URL = reverse("api:auth-verify-email")
RESET_URL = reverse("api:auth-password-reset")
RESET_CONFIRM_URL = reverse("api:auth-password-reset-confirm")
NEW_PASSWORD = "kopi-pagi-bontang-77"


@pytest.fixture
def api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def test_me_says_whether_the_address_is_verified(api):
    # given
    unverified, verified = UserFactory(unverified=True), UserFactory()
    # when
    api.force_authenticate(unverified)
    first = api.get(ME_URL).json()
    api.force_authenticate(verified)
    second = api.get(ME_URL).json()
    # then
    assert first["email_verified"] is False
    assert second["email_verified"] is True


# Resend --------------------------------------------------------------------------------------


def test_resend_needs_credentials(api):
    # when
    response = api.post(RESEND_URL)
    # then
    assert response.status_code == 401


def test_resend_mails_a_link_then_is_throttled(api, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks):
    # given
    user = UserFactory(unverified=True, email="kiki@example.id")
    api.force_authenticate(user)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post(RESEND_URL)
        second = api.post(RESEND_URL)
    # then
    assert first.status_code == 202
    assert first.json() == {"detail": "A new link is on its way to kiki@example.id."}
    assert second.status_code == 429
    assert second.json()["code"] == "throttled"
    assert 110 <= int(second["Retry-After"]) <= 120
    assert len(mailoutbox) == 1


def test_resend_for_a_verified_address_is_400(api):
    # given
    api.force_authenticate(UserFactory())
    # when
    response = api.post(RESEND_URL)
    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "Your email address is already verified.", "code": "already_verified"}


# Verify --------------------------------------------------------------------------------------


def test_verify_with_the_token_then_again(api):
    # given
    user = UserFactory(unverified=True)
    token = services.email_verification_token(user)
    # when
    first = api.post(VERIFY_URL, {"token": token}, format="json")
    second = api.post(VERIFY_URL, {"token": token}, format="json")
    # then
    assert first.status_code == second.status_code == 200
    assert first.json()["status"] == "verified"
    assert second.json()["status"] == "already_verified"
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_an_expired_or_broken_token_is_400_with_its_code(api):
    # given
    user = UserFactory(unverified=True)
    then = signing.b62_encode(int(time.time() - 49 * 3600))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        expired = services.email_verification_token(user)
    # when
    answers = [api.post(VERIFY_URL, {"token": token}, format="json") for token in (expired, "rusak")]
    missing = api.post(VERIFY_URL, {}, format="json")
    too_long = api.post(VERIFY_URL, {"token": "x" * 501}, format="json")
    # then
    assert [(a.status_code, a.json()["code"]) for a in answers] == [(400, "expired"), (400, "invalid")]
    assert missing.status_code == too_long.status_code == 400
    assert "token" in missing.json() and "token" in too_long.json()


# Password reset ------------------------------------------------------------------------------


def test_reset_answers_202_alike_for_known_and_unknown_addresses(
    api, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    UserFactory(email="lina@example.id")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        known = api.post(RESET_URL, {"email": "lina@example.id"}, format="json")
        unknown = api.post(RESET_URL, {"email": "tidak.ada@example.id"}, format="json")
    # then
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [message.to for message in mailoutbox] == [["lina@example.id"]]


def test_reset_is_throttled_per_address_and_rejects_bad_input(api):
    # when
    api.post(RESET_URL, {"email": "mira@example.id"}, format="json")
    again = api.post(RESET_URL, {"email": "MIRA@example.id"}, format="json")
    bad = api.post(RESET_URL, {"email": "bukan-email"}, format="json")
    # then
    assert again.status_code == 429
    assert "Retry-After" in again
    assert bad.status_code == 400
    assert "email" in bad.json()


def test_confirm_sets_the_password_and_the_token_then_stops_working(api):
    # given
    user = UserFactory()
    Token.objects.create(user=user)
    body = {"uid": uid(user), "token": default_token_generator.make_token(user), "new_password": NEW_PASSWORD}
    # when
    first = api.post(RESET_CONFIRM_URL, body, format="json")
    second = api.post(RESET_CONFIRM_URL, body, format="json")
    # then
    assert first.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=user).exists()
    assert second.status_code == 400
    assert "token" in second.json()
    login = api.post(reverse("api:auth-token"), {"email": user.email, "password": NEW_PASSWORD}, format="json")
    assert login.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"uid": "!!", "token": "x", "new_password": NEW_PASSWORD},
        {"uid": urlsafe_base64_encode(b"9" * 40), "token": "x", "new_password": NEW_PASSWORD},
        {"uid": urlsafe_base64_encode(b"\xff\xfe"), "token": "x", "new_password": NEW_PASSWORD},
        {"uid": urlsafe_base64_encode(b"-5"), "token": "x", "new_password": NEW_PASSWORD},
    ],
    ids=["not-base64", "huge-number", "not-utf8", "negative"],
)
def test_a_bad_uid_is_400_on_the_token(api, body):
    # when
    response = api.post(RESET_CONFIRM_URL, body, format="json")
    # then
    assert response.status_code == 400
    assert "token" in response.json()


def test_a_weak_password_is_400_on_new_password_and_changes_nothing(api):
    # given
    user = UserFactory()
    body = {"uid": uid(user), "token": default_token_generator.make_token(user), "new_password": "12345678"}
    # when
    response = api.post(RESET_CONFIRM_URL, body, format="json")
    # then
    assert response.status_code == 400
    assert set(response.json()) == {"new_password"}
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_the_endpoints_are_in_the_schema(api):
    # when
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    # then
    paths = schema["paths"]
    for url in (RESEND_URL, VERIFY_URL, RESET_URL, RESET_CONFIRM_URL):
        assert "post" in paths[url]
    assert "429" in paths[RESET_URL]["post"]["responses"]
    assert "email_verified" in schema["components"]["schemas"]["Me"]["properties"]
    assert re.search("same whether or not", paths[RESET_URL]["post"]["description"])
