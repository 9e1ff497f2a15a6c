"""Changing the address: the password asked, the link to the new address, the notice to the old one."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts import services
from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"https?://\S+(?P<path>/akun/email/konfirmasi/[^/\s]+/)")


def ask_change(client, new_email, django_capture_on_commit_callbacks, password=TEST_PASSWORD, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("accounts:email_change"),
            {"new_email": new_email, "password": password},
            HTTP_ACCEPT_LANGUAGE="en",
            **extra,
        )


def confirm_path(message) -> str:
    match = CONFIRM_LINK.search(message.body)
    assert match, message.body
    return match.group("path")


@pytest.fixture
def person(client):
    user = UserFactory(email="joko@example.id", full_name="Joko Susilo", language="en")
    client.force_login(user)
    return user


def test_the_change_happens_only_through_the_link_sent_to_the_new_address(
    client, person, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    response = ask_change(client, "Joko.Baru@Example.id", django_capture_on_commit_callbacks, follow=True)
    # then: a link to the new address, and nothing changed yet
    assert "We sent a link to joko.baru@example.id" in response.content.decode()
    assert "A change to joko.baru@example.id waits for you" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["joko.baru@example.id"]]
    assert mailoutbox[0].subject == "Confirm your new email address"
    person.refresh_from_db()
    assert person.email == "joko@example.id"

    # when the new address's owner opens the link, the page asks first
    path = confirm_path(mailoutbox[0])
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert "joko.baru@example.id" in page.content.decode()
    assert "Yes, change my email address" in page.content.decode()
    person.refresh_from_db()
    assert person.email == "joko@example.id"

    # and the change is made on the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    person.refresh_from_db()
    assert person.email == "joko.baru@example.id"
    assert person.email_verified_at is not None
    assert done.redirect_chain[-1][0] == reverse("accounts:account")
    content = done.content.decode()
    assert "Your email address is now joko.baru@example.id." in content
    assert "waits for you" not in content

    # the old address is told
    notice = mailoutbox[1]
    assert notice.to == ["joko@example.id"]
    assert notice.subject == "The email address of your account was changed"
    assert "was changed to joko.baru@example.id" in notice.body

    # and the link cannot be used again
    again = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert "Your email address was changed already." in again.content.decode()


def test_logging_in_works_with_the_new_address_only(client, person, django_capture_on_commit_callbacks):
    # given
    mail = services.email_change_request(user=person, new_email="joko.baru@example.id", password=TEST_PASSWORD)
    assert services.email_change_confirm(token=services.email_change_token(mail)).result is services.LinkResult.DONE
    client.logout()
    # when
    old = client.post(reverse("accounts:login"), {"username": "joko@example.id", "password": TEST_PASSWORD})
    new = client.post(reverse("accounts:login"), {"username": "joko.baru@example.id", "password": TEST_PASSWORD})
    # then
    assert old.status_code == 200
    assert new["Location"] == reverse("portal:dashboard")


def test_an_address_of_another_account_gets_a_notice_instead_and_the_answer_is_the_same(
    client, person, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    UserFactory(email="sudah.ada@example.id")
    # when
    taken = ask_change(client, "sudah.ada@example.id", django_capture_on_commit_callbacks, follow=True)
    # then: the same message and pending notice as for a free address
    content = taken.content.decode()
    assert "We sent a link to sudah.ada@example.id" in content
    assert "A change to sudah.ada@example.id waits for you" in content
    # the address's owner learns that someone tried, without the name of who, and gets no link to confirm
    (message,) = mailoutbox
    assert message.to == ["sudah.ada@example.id"]
    assert message.subject == "This email address already has an account"
    assert "Joko" not in message.body
    assert "joko@example.id" not in message.body
    assert "/akun/email/konfirmasi/" not in message.body
    assert reverse("accounts:password_reset") in message.body
    person.refresh_from_db()
    assert person.email == "joko@example.id"


def test_a_wrong_password_or_the_same_address_is_an_error_on_its_field(client, person, mailoutbox, run_mail_tasks):
    # when
    wrong = client.post(
        reverse("accounts:email_change"),
        {"new_email": "lain@example.id", "password": "salah"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    same = client.post(
        reverse("accounts:email_change"),
        {"new_email": "JOKO@example.id", "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    empty = client.post(reverse("accounts:email_change"), {}, HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert wrong.context["form"].errors == {"password": ["Your password is not correct."]}
    assert 'value="lain@example.id"' in wrong.content.decode()  # what was typed is kept
    assert same.context["form"].errors == {"new_email": ["This is already your email address."]}
    assert set(empty.context["form"].errors) == {"new_email", "password"}
    assert mailoutbox == []
    assert not AccountMail.objects.exists()


def test_two_requests_within_two_minutes_are_refused(client, person, django_capture_on_commit_callbacks):
    # given
    ask_change(client, "satu@example.id", django_capture_on_commit_callbacks)
    # when
    response = ask_change(client, "dua@example.id", django_capture_on_commit_callbacks)
    # then
    assert response.status_code == 200
    assert "Please try again in 2 minutes." in response.content.decode()
    assert AccountMail.objects.filter(user=person).count() == 1


def test_only_the_latest_request_of_the_last_48_hours_is_pending(person):
    # given
    mail = services.email_change_request(user=person, new_email="lama@example.id", password=TEST_PASSWORD)
    # then
    assert services.email_change_pending(user=person) == mail
    AccountMail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - datetime.timedelta(hours=49))
    assert services.email_change_pending(user=person) is None


def test_an_expired_confirmation_changes_nothing(client, person):
    # given
    mail = services.email_change_request(user=person, new_email="telat@example.id", password=TEST_PASSWORD)
    then = signing.b62_encode(int(time.time() - 49 * 3600))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        token = services.email_change_token(mail)
    # when
    page = client.get(reverse("accounts:email_change_confirm", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(reverse("accounts:email_change_confirm", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert "This link has expired; your address has not changed." in page.content.decode()
    assert "This link has expired; your address has not changed." in posted.content.decode()
    person.refresh_from_db()
    assert person.email == "joko@example.id"


def test_an_address_taken_after_the_request_is_refused_at_the_confirmation(client, person):
    # given
    mail = services.email_change_request(user=person, new_email="rebutan@example.id", password=TEST_PASSWORD)
    UserFactory(email="rebutan@example.id")
    # when
    response = client.post(
        reverse("accounts:email_change_confirm", args=[services.email_change_token(mail)]), HTTP_ACCEPT_LANGUAGE="en"
    )
    # then
    assert "it now belongs to another account" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "joko@example.id"


def test_the_unique_constraint_settles_a_race_at_the_confirmation(person):
    # given: the check sees a free address, but another account commits it first
    mail = services.email_change_request(user=person, new_email="balapan@example.id", password=TEST_PASSWORD)
    token = services.email_change_token(mail)
    other = UserFactory(email="lain@example.id")
    real_filter = User.objects.filter

    def filter_then_take(*args, **kwargs):
        if kwargs.get("email__iexact") == "balapan@example.id":
            User.objects.filter(pk=other.pk).update(email="balapan@example.id")
            return real_filter(pk=-1)
        return real_filter(*args, **kwargs)

    # when
    with mock.patch.object(User.objects, "filter", side_effect=filter_then_take):
        outcome = services.email_change_confirm(token=token)
    # then
    assert outcome.result is services.LinkResult.TAKEN
    person.refresh_from_db()
    assert person.email == "joko@example.id"


def test_a_link_for_an_address_changed_since_is_invalid(person):
    # given: two requests; the first one is confirmed
    first = services.email_change_request(user=person, new_email="pertama@example.id", password=TEST_PASSWORD)
    AccountMail.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    second = services.email_change_request(user=person, new_email="kedua@example.id", password=TEST_PASSWORD)
    second_token = services.email_change_token(second)
    services.email_change_confirm(token=services.email_change_token(first))
    # when
    outcome = services.email_change_confirm(token=second_token)
    # then
    assert outcome.result is services.LinkResult.INVALID
    person.refresh_from_db()
    assert person.email == "pertama@example.id"


@pytest.mark.parametrize("token", ["rusak", "a" * 300])
def test_a_broken_confirmation_link_is_a_page_not_an_error(client, token):
    # when
    response = client.post(reverse("accounts:email_change_confirm", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == 200
    assert "This link is not valid." in response.content.decode()


def test_the_change_form_needs_a_login(client):
    # when
    response = client.get(reverse("accounts:email_change"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
