"""Verifying the address: the mailed link, its expiry, the resend button and its limits, the account page."""

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
from bontang_aker.accounts.tasks import send_account_mail_task
from bontang_aker.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/akun/verifikasi-email/(?P<token>[^/\s]+)/")


def verification_link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def token_of(message) -> str:
    return LINK.search(message.body).group("token")


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def old_token(user, *, hours: float) -> str:
    """A verification token as if mailed `hours` ago (TimestampSigner dates it when signing)."""
    then = signing.b62_encode(int(time.time() - hours * 3600))
    with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=then):
        return services.email_verification_token(user)


def ask_for_verification(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.email_verification_request(user=user)


# The mail ------------------------------------------------------------------------------------


def test_the_verification_mail_goes_to_the_address_once_in_the_users_language(
    run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks, settings
):
    # given
    settings.SITE_URL = "https://aker.bontang.example"
    user = UserFactory(unverified=True, email="ana@example.id", full_name="Ana Lestari", language="en")
    # when
    mail = ask_for_verification(user, django_capture_on_commit_callbacks)
    again = send_account_mail_task(mail.pk)  # a second delivery of the task
    # then
    assert again is False
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.id"]
    assert message.subject == "Verify your email address"
    assert "Hello Ana," in message.body
    assert "The link works for 48 hours." in message.body
    assert verification_link(message).startswith("https://aker.bontang.example/akun/verifikasi-email/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert verification_link(message) in html
    mail.refresh_from_db()
    assert mail.sent_at is not None


@pytest.mark.parametrize(("language", "expected"), [("", "id"), ("id", "id"), ("en", "en"), ("fr", "id")])
def test_the_mail_is_in_the_users_language_else_indonesian(
    run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks, language, expected
):
    # given
    user = UserFactory(unverified=True, language=language)
    # when
    ask_for_verification(user, django_capture_on_commit_callbacks)
    # then
    html, _mimetype = mailoutbox[0].alternatives[0]
    assert f'<html lang="{expected}">' in html


def test_nothing_is_queued_before_the_transaction_commits(run_mail_tasks, django_capture_on_commit_callbacks):
    # given
    user = UserFactory(unverified=True)
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.email_verification_request(user=user)
        # then
        run_mail_tasks.assert_not_called()
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    "user_kwargs", [{"petugas": True, "email_verified_at": None}, {}, {"email": "", "email_verified_at": None}]
)
def test_staff_verified_users_and_users_without_an_address_get_no_mail(user_kwargs, run_mail_tasks):
    # given
    user = UserFactory(**user_kwargs)
    # when
    mail = services.email_verification_request(user=user)
    # then
    assert mail is None
    assert not AccountMail.objects.exists()


def test_staff_count_as_verified_without_a_link_and_others_do_not(petugas):
    # given
    petugas.email_verified_at = None
    jobseeker = UserFactory(unverified=True)
    # then
    assert services.user_email_verified(petugas)
    assert not services.user_email_verified(jobseeker)
    assert services.user_email_verified(UserFactory())


def test_a_mail_asked_for_before_the_address_was_verified_is_not_sent_afterwards(
    mailoutbox, django_capture_on_commit_callbacks
):
    # given: the link is queued, then the person verifies with an earlier link
    user = UserFactory(unverified=True)
    mail = services.email_verification_request(user=user)
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    # when
    sent = send_account_mail_task(mail.pk)
    # then
    assert sent is False
    assert mailoutbox == []


# The link ------------------------------------------------------------------------------------


def test_the_link_shows_a_button_and_only_the_post_verifies(
    client, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    user = UserFactory(unverified=True)
    ask_for_verification(user, django_capture_on_commit_callbacks)
    path = path_of(verification_link(mailoutbox[0]))
    # when a mail scanner or the person opens the link
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    # then nothing changes yet
    assert page.status_code == 200
    assert "Yes, verify my email address" in page.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None
    # when the person confirms
    response = client.post(path, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    # then (not logged in: the login page, with the message)
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Thank you: your email address is verified." in response.content.decode()


def test_a_logged_in_person_lands_on_the_account_page_marked_verified(client):
    # given
    user = UserFactory(unverified=True)
    client.force_login(user)
    token = services.email_verification_token(user)
    # when
    response = client.post(reverse("accounts:email_verify", args=[token]), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    # then
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    content = response.content.decode()
    assert "Verified on" in content
    assert "Send me a new link" not in content


def test_using_the_link_again_says_it_is_done_already(client):
    # given
    user = UserFactory(unverified=True)
    token = services.email_verification_token(user)
    assert services.email_verify(token=token).result is services.LinkResult.DONE
    # when
    page = client.get(reverse("accounts:email_verify", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    again = services.email_verify(token=token)
    # then
    assert "already verified" in page.content.decode()
    assert again.result is services.LinkResult.ALREADY_DONE


def test_a_link_older_than_48_hours_has_expired_and_offers_a_new_one(client):
    # given
    user = UserFactory(unverified=True)
    client.force_login(user)
    token = old_token(user, hours=48.1)
    url = reverse("accounts:email_verify", args=[token])
    # when
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    # then
    for response in (page, posted):
        content = response.content.decode()
        assert "This link has expired." in content
        assert reverse("accounts:email_verification_resend") in content
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_just_under_48_hours_old_still_works(settings):
    # given
    user = UserFactory(unverified=True)
    token = old_token(user, hours=47.9)
    # when
    outcome = services.email_verify(token=token)
    # then
    assert outcome.result is services.LinkResult.DONE


def test_the_validity_is_a_setting(settings):
    # given
    settings.EMAIL_VERIFICATION_HOURS = 2
    user = UserFactory(unverified=True)
    # then
    assert services.email_verify(token=old_token(user, hours=3)).result is services.LinkResult.EXPIRED


def test_an_expired_link_seen_logged_out_asks_to_log_in(client):
    # given
    user = UserFactory(unverified=True)
    # when
    content = client.get(
        reverse("accounts:email_verify", args=[old_token(user, hours=50)]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    # then
    assert "This link has expired." in content
    assert reverse("accounts:login") in content


@pytest.mark.parametrize("token", ["garbage", "a:b:c", "x" * 400])
def test_a_broken_link_is_invalid_not_an_error(client, token):
    # when
    response = client.get(reverse("accounts:email_verify", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(reverse("accounts:email_verify", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == posted.status_code == 200
    assert "This link is not valid." in response.content.decode()


def test_a_link_made_for_an_earlier_address_is_invalid():
    # given: the address changed after the link was mailed
    user = UserFactory(unverified=True, email="lama@example.id")
    token = services.email_verification_token(user)
    user.email = "baru@example.id"
    user.save(update_fields=["email"])
    # when
    outcome = services.email_verify(token=token)
    # then
    assert outcome.result is services.LinkResult.INVALID
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_token_signed_for_a_change_of_address_does_not_verify():
    # given: a valid signature, with another purpose (salt)
    user = UserFactory(unverified=True)
    token = signing.dumps({"u": user.pk, "h": "x"}, salt=services.CHANGE_SALT)
    # then
    assert services.email_verify(token=token).result is services.LinkResult.INVALID


def test_a_deactivated_account_cannot_be_verified():
    # given
    user = UserFactory(unverified=True, is_active=False)
    # then
    assert services.email_verify(token=services.email_verification_token(user)).result is services.LinkResult.INVALID


# Resend --------------------------------------------------------------------------------------


def resend(client, **extra):
    return client.post(reverse("accounts:email_verification_resend"), HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_resend_mails_a_new_link_then_waits_two_minutes(
    client, run_mail_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    user = UserFactory(unverified=True, email="budi@example.id")
    client.force_login(user)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = resend(client, follow=True)
        second = resend(client, follow=True)
    # then
    assert "We sent a new link to budi@example.id" in first.content.decode()
    assert "Please try again in 2 minutes." in second.content.decode()
    assert len(mailoutbox) == 1
    assert AccountMail.objects.filter(user=user, kind=AccountMail.Kind.VERIFY).count() == 1


def test_resend_works_again_after_two_minutes_and_five_times_a_day(run_mail_tasks):
    # given
    user = UserFactory(unverified=True)
    now = timezone.now()
    for minutes in (400, 300, 200, 100):
        created_at = now - datetime.timedelta(minutes=minutes)
        AccountMail.objects.create(user=user, kind=AccountMail.Kind.VERIFY, address=user.email, created_at=created_at)
    # when: the fifth of the day, the last one 100 minutes ago
    services.email_verification_resend(user=user)
    # then, once two minutes have passed, the sixth is refused until the oldest is a day old
    AccountMail.objects.filter(user=user, created_at__gt=now).update(created_at=now - datetime.timedelta(minutes=3))
    with pytest.raises(services.RateLimited) as limited:
        services.email_verification_resend(user=user)
    # the oldest of the five was 400 minutes ago: 24 h - 400 min = 1040 min
    assert abs(limited.value.retry_after - 1040 * 60) <= 5


def test_the_wait_counts_from_the_last_mail():
    # given
    user = UserFactory(unverified=True)
    AccountMail.objects.create(
        user=user,
        kind=AccountMail.Kind.VERIFY,
        address=user.email,
        created_at=timezone.now() - datetime.timedelta(seconds=90),
    )
    # when
    with pytest.raises(services.RateLimited) as limited:
        services.email_verification_resend(user=user)
    # then
    assert 25 <= limited.value.retry_after <= 31
    assert limited.value.message == "You have asked for this too often. Please try again in 1 minute."


def test_resend_for_a_verified_address_sends_nothing(client, run_mail_tasks, mailoutbox):
    # given
    client.force_login(UserFactory())
    # when
    response = resend(client, follow=True)
    # then
    assert "Your email address is already verified." in response.content.decode()
    assert mailoutbox == []


def test_resend_goes_back_to_a_safe_next_only(client):
    # given
    client.force_login(UserFactory(unverified=True))
    # when
    inside = resend(client, data={"next": "/pencaker/kartu/"})
    outside = resend(client, data={"next": "https://evil.example/"})
    # then
    assert inside["Location"] == "/pencaker/kartu/"
    assert outside["Location"] == reverse("accounts:account")


def test_resend_needs_a_login_and_a_post(client):
    # when
    anonymous = resend(client)
    client.force_login(UserFactory(unverified=True))
    get = client.get(reverse("accounts:email_verification_resend"))
    # then
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert get.status_code == 405


# The account page ----------------------------------------------------------------------------


def test_the_account_page_shows_the_address_its_status_and_the_next_steps(client):
    # given
    user = UserFactory(unverified=True, email="citra@example.id", role="employer")
    client.force_login(user)
    # when
    content = client.get(reverse("accounts:account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "citra@example.id" in content
    assert "Not verified yet" in content
    assert "Send me a new link" in content
    assert "Until then you cannot request the AK/I card." not in content  # an employer has no card
    assert reverse("accounts:email_change") in content
    assert reverse("accounts:password_change") in content
    assert reverse("portal:dashboard") in content


def test_the_account_page_of_staff_needs_no_verification(client, petugas):
    # given
    petugas.email_verified_at = None
    petugas.save(update_fields=["email_verified_at"])
    client.force_login(petugas)
    # when
    content = client.get(reverse("accounts:account"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "No verification needed for staff accounts" in content
    assert "Send me a new link" not in content


def test_the_account_page_is_only_for_the_logged_in(client):
    # when
    response = client.get(reverse("accounts:account"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_dashboard_links_to_the_account_page(client):
    # given
    client.force_login(UserFactory(role="employer"))
    # when
    content = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert reverse("accounts:account") in content


def test_the_language_of_sign_up_and_of_the_switch_is_kept_on_the_account(client):
    # given a person signing up while the site speaks English
    from django.utils.translation import override

    with override("en"):
        user = User.objects.create_user(email="english@example.id", password="Pencaker-Bontang-26")
    assert user.language == "en"
    # when they switch to Indonesian with the site's switcher, signed in
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"})
    # then the page answers as Django's switch does and the account keeps the choice for the mail
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "id"
