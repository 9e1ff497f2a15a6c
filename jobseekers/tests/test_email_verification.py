"""A jobseeker verifies the address before the AK/I card request (issue 8): sign-up mail, service, page, API."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override
from rest_framework.test import APIClient

from bontang_aker.accounts import services as account_services
from bontang_aker.accounts.models import AccountMail
from bontang_aker.accounts.tests.conftest import run_mail_tasks  # noqa: F401 (a fixture)
from jobseekers import services
from jobseekers.models import AkiCard
from jobseekers.tests.factories import JobseekerProfileFactory
from jobseekers.tests.test_services import registration
from jobseekers.tests.test_views import URL as REGISTER_URL
from jobseekers.tests.test_views import form_data

pytestmark = pytest.mark.django_db

VERIFY_LINK = re.compile(r"/akun/verifikasi-email/(?P<token>[^/\s]+)/")


def unverified_complete_profile():
    profile = JobseekerProfileFactory(complete=True, user__email_verified_at=None)
    assert not account_services.user_email_verified(profile.user)
    return profile


def test_signing_up_mails_the_verification_link_after_commit(
    run_mail_tasks,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        profile = services.jobseeker_register(**registration())
    # then
    user = profile.user
    assert user.email_verified_at is None
    (message,) = mailoutbox
    assert message.to == ["siti.aminah@example.id"]
    token = VERIFY_LINK.search(message.body).group("token")
    assert account_services.email_verify(token=token).result is account_services.LinkResult.DONE


def test_the_sign_up_page_queues_the_mail_too(client, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(REGISTER_URL, form_data())
    # then
    assert response.status_code == 302
    assert AccountMail.objects.filter(kind=AccountMail.Kind.VERIFY, address="rudi@example.id").count() == 1
    assert callbacks  # the task is sent once the sign-up commits


def test_a_card_request_is_refused_until_the_address_is_verified():
    # given
    profile = unverified_complete_profile()
    # when
    with pytest.raises(ValidationError) as refused, override("en"):
        services.aki_card_request(jobseeker=profile, by=profile.user)
    # then
    assert refused.value.code == "email_unverified"
    assert "Verify your email address before requesting the card" in refused.value.messages[0]
    assert not AkiCard.objects.filter(jobseeker=profile).exists()
    # and once verified, the request goes through
    account_services.email_verify(token=account_services.email_verification_token(profile.user))
    profile.user.refresh_from_db()
    card = services.aki_card_request(jobseeker=profile, by=profile.user)
    assert card.status == AkiCard.Status.REQUESTED


def test_the_card_page_shows_the_notice_and_resend_instead_of_the_request_button(client):
    # given
    profile = unverified_complete_profile()
    client.force_login(profile.user)
    # when
    content = client.get(reverse("jobseekers:card"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "Verify your email address" in content
    assert "Until then you cannot request the AK/I card." in content
    assert reverse("accounts:email_verification_resend") in content
    assert f'name="next" value="{reverse("jobseekers:card")}"' in content
    assert reverse("jobseekers:card_request") not in content


def test_a_verified_jobseeker_sees_the_request_button_and_no_notice(client):
    # given
    profile = JobseekerProfileFactory(complete=True)
    client.force_login(profile.user)
    # when
    content = client.get(reverse("jobseekers:card"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert reverse("jobseekers:card_request") in content
    assert reverse("accounts:email_verification_resend") not in content


def test_posting_the_request_anyway_shows_why_it_is_refused(client):
    # given
    profile = unverified_complete_profile()
    client.force_login(profile.user)
    # when
    response = client.post(reverse("jobseekers:card_request"), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    # then
    assert "Verify your email address before requesting the card" in response.content.decode()
    assert not AkiCard.objects.exists()


def test_the_dashboard_names_verification_as_the_next_step(client):
    # given
    profile = unverified_complete_profile()
    client.force_login(profile.user)
    # when
    content = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "Your next step" in content
    assert f'href="{reverse("accounts:account")}">Verify your email address' in content


def test_the_api_card_request_is_400_email_unverified():
    # given
    profile = unverified_complete_profile()
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(profile.user)
    # when
    response = api.post(reverse("api:my-card-request"))
    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "email_unverified"
    assert body["missing"] == []


def test_an_incomplete_profile_also_hears_about_verification_on_the_dashboard(client):
    # given an unverified person whose profile is not complete yet
    profile = unverified_complete_profile()
    profile.documents.all().delete()
    client.force_login(profile.user)
    # when
    content = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then the next step is the profile, and the explanation names the address to verify
    assert "Complete your profile" in content
    assert f"Also verify your email address: open the link we sent to {profile.user.email}." in content
