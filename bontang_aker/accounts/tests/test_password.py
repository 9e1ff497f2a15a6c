"""Password reset by e-mail (the same answer for every address, limited) and password change."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from bontang_aker.accounts import services
from bontang_aker.accounts.models import AccountMail
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+(?P<path>/akun/kata-sandi/atur/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "kopi-pagi-bontang-77"


def ask_reset(client, email, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:password_reset"), {"email": email}, HTTP_ACCEPT_LANGUAGE="en", **extra)


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def reset_path(message) -> str:
    match = RESET_LINK.search(message.body)
    assert match, message.body
    return match.group("path")


def test_the_login_page_links_to_the_password_reset(client):
    # when
    content = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert f'href="{reverse("accounts:password_reset")}"' in content
    assert "Forgot your password?" in content


def test_a_known_and_an_unknown_address_get_the_very_same_answer(
    client, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    UserFactory(email="dewi@example.id", language="en")
    # when
    known = ask_reset(client, "Dewi@Example.id", django_capture_on_commit_callbacks, follow=True)
    unknown = ask_reset(client, "nobody@example.id", django_capture_on_commit_callbacks, follow=True)
    # then: the same page; only the existing account gets a mail
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert without_csrf(known) == without_csrf(unknown)
    assert "If an account uses this address" in known.content.decode()
    assert [message.to for message in mailoutbox] == [["dewi@example.id"]]
    assert mailoutbox[0].subject == "Reset your password"


@pytest.mark.parametrize(
    "user_kwargs", [{"is_active": False}, {"password": None}], ids=["inactive", "no-usable-password"]
)
def test_accounts_that_cannot_log_in_get_no_reset_mail(
    client, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks, user_kwargs
):
    # given
    user = UserFactory(email="eko@example.id", **{k: v for k, v in user_kwargs.items() if k != "password"})
    if "password" in user_kwargs:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    # when
    response = ask_reset(client, "eko@example.id", django_capture_on_commit_callbacks)
    # then
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_the_link_sets_a_new_password_once_and_verifies_the_address(
    client, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    user = UserFactory(unverified=True, email="fajar@example.id")
    Token.objects.create(user=user)
    ask_reset(client, user.email, django_capture_on_commit_callbacks)
    path = reset_path(mailoutbox[0])
    # when
    form_page = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # then
    assert response.redirect_chain[-1][0] == reverse("accounts:password_reset_complete")
    assert "Your new password is saved." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified_at is not None
    assert not Token.objects.filter(user=user).exists()  # API clients log in again
    login = client.post(reverse("accounts:login"), {"username": "fajar@example.id", "password": NEW_PASSWORD})
    assert login["Location"] == reverse("portal:dashboard")
    # and the link does not work a second time
    client.logout()
    again = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This link does not work" in again.content.decode()


def test_a_weak_new_password_is_refused_on_its_field(client):
    # given
    user = UserFactory()
    path = reverse(
        "accounts:password_reset_confirm",
        args=[urlsafe_base64_encode(str(user.pk).encode()), default_token_generator.make_token(user)],
    )
    set_password = client.get(path, follow=True).redirect_chain[-1][0]
    # when
    response = client.post(set_password, {"new_password1": "12345678", "new_password2": "12345678"})
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_a_reset_link_expires_after_a_day(client):
    # given
    user = UserFactory()
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", args=[urlsafe_base64_encode(str(user.pk).encode()), token])
    later = default_token_generator._now() + datetime.timedelta(hours=24, minutes=1)
    # when
    with mock.patch.object(default_token_generator, "_now", return_value=later):
        response = client.get(path, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert "This link does not work" in response.content.decode()
    assert reverse("accounts:password_reset") in response.content.decode()


def test_a_reset_mail_is_not_sent_once_the_address_has_changed(mailoutbox):
    # given
    user = UserFactory(email="gita@example.id")
    services.password_reset_request(email="gita@example.id")
    user.email = "gita.baru@example.id"
    user.save(update_fields=["email"])
    # when
    sent = services.account_mail_send(mail_id=AccountMail.objects.get(user=user).pk)
    # then
    assert sent is False
    assert mailoutbox == []


# Limits --------------------------------------------------------------------------------------


def test_one_reset_per_address_every_two_minutes_known_or_not(
    client, run_mail_tasks, django_capture_on_commit_callbacks
):
    # given
    UserFactory(email="hadi@example.id")
    for email in ("hadi@example.id", "nobody@example.id"):
        ask_reset(client, email, django_capture_on_commit_callbacks)
        # when
        response = ask_reset(client, email, django_capture_on_commit_callbacks)
        # then: the same refusal for both, with the form kept
        assert response.status_code == 200
        content = response.content.decode()
        assert "You have asked for this too often. Please try again in" in content
        assert f'value="{email}"' in content
    assert AccountMail.objects.filter(kind=AccountMail.Kind.PASSWORD_RESET).count() == 1


def test_a_client_address_may_ask_for_twenty_resets_an_hour(client, django_capture_on_commit_callbacks):
    # when
    answers = [
        ask_reset(client, f"orang{n}@example.id", django_capture_on_commit_callbacks).status_code for n in range(21)
    ]
    # then
    assert answers[:20] == [302] * 20
    assert answers[20] == 200  # the form again, with the limit's message


def test_the_row_limit_holds_without_the_cache_and_says_nothing(mailoutbox, run_mail_tasks):
    # given: the cache is down, and five links went out today
    user = UserFactory(email="indah@example.id")
    for _ in range(5):
        AccountMail.objects.create(user=user, kind=AccountMail.Kind.PASSWORD_RESET, address=user.email)
    AccountMail.objects.update(created_at=services.timezone.now() - datetime.timedelta(hours=1))
    # when
    with mock.patch.object(services.cache, "add", side_effect=ConnectionError("redis down")):
        services.password_reset_request(email=user.email, client_ip="10.0.0.1")
    # then: no error, and no sixth mail
    assert AccountMail.objects.filter(user=user).count() == 5


# Password change -----------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_drops_api_tokens(client):
    # given
    user = UserFactory()
    Token.objects.create(user=user)
    client.force_login(user)
    # when
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # then
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    assert "Your password is changed." in response.content.decode()
    assert response.context["user"].is_authenticated
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not Token.objects.filter(user=user).exists()


def test_a_wrong_current_password_is_an_error_on_its_field(client):
    # given
    user = UserFactory()
    client.force_login(user)
    # when
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    assert 'class="error-summary"' in response.content.decode()


def test_the_password_change_needs_a_login(client):
    # when
    response = client.get(reverse("accounts:password_change"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
