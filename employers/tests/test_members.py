"""Company members: invitations by mail, accepting them, roles and removal, only within one's own company."""

import datetime
import re
from unittest import mock

import pytest
import yaml
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from employers import members
from employers.members import INVITATION_SALT, InvitationResult, invitation_token
from employers.models import CompanyInvitation, CompanyMember
from employers.tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.django_db

MEMBERS_URL = reverse("employers:member_list")
API_URL = reverse("api:employer-member-list")


@pytest.fixture
def send_now():
    """The task runs at once (after commit), as the worker would."""
    with mock.patch(
        "employers.tasks.send_company_invitation_task.delay",
        side_effect=lambda pk: members.invitation_mail_send(invitation_id=pk),
    ) as delay:
        yield delay


@pytest.fixture
def admin():
    return CompanyMemberFactory(is_company_admin=True, user__language="en")


def web(client, user=None):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def link_in(message) -> str:
    return re.search(r"https?://\S+/perusahaan/undangan/(\S+?)/", message.body).group(1)


def invite(admin, email="rekan@pupuk.example.id") -> CompanyInvitation:
    return members.invitation_create(company=admin.company, by=admin.user, email=email)


# Inviting ----------------------------------------------------------------------------------


def test_an_admin_invites_a_colleague_and_the_mail_goes_out_once(
    client, admin, send_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = web(client, admin.user).post(MEMBERS_URL, {"email": "Rekan@Pupuk.example.id"})
    assert response.status_code == 302
    invitation = CompanyInvitation.objects.get()
    assert (invitation.company, invitation.email, invitation.invited_by) == (
        admin.company,
        "rekan@pupuk.example.id",
        admin.user,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rekan@pupuk.example.id"]
    assert admin.company.name in mail.outbox[0].subject  # the inviter's language (en)
    assert "7 days" in mail.outbox[0].body
    # a second delivery of the task sends nothing
    assert members.invitation_mail_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1
    page = web(client, admin.user).get(MEMBERS_URL)
    assert "rekan@pupuk.example.id" in page.content.decode()


def test_the_mail_is_in_the_invitees_language_when_they_have_an_account(
    admin, send_now, django_capture_on_commit_callbacks
):
    UserFactory(email="rekan@pupuk.example.id", employer=True, language="id")  # the inviter reads English
    with mock.patch("employers.members.translation.override", wraps=members.translation.override) as override:
        with django_capture_on_commit_callbacks(execute=True):
            invite(admin)
    override.assert_called_once_with("id")
    assert len(mail.outbox) == 1


def test_an_address_of_another_companys_member_is_refused_with_a_message_and_nothing_is_lost(client, admin, send_now):
    other = CompanyMemberFactory(user__email="hrd@lain.example.id")
    response = web(client, admin.user).post(MEMBERS_URL, {"email": "HRD@lain.example.id"})
    assert response.status_code == 400
    assert "belongs to a member of another company" in response.content.decode()
    assert 'value="HRD@lain.example.id"' in response.content.decode()  # what was typed is still there
    assert not CompanyInvitation.objects.exists()
    assert CompanyMember.objects.get(pk=other.pk).company == other.company
    api_response = api(admin.user).post(API_URL, {"email": "hrd@lain.example.id"}, format="json")
    assert api_response.status_code == 400
    assert "another company" in api_response.json()["email"][0]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda admin: UserFactory(email="x@pupuk.example.id"), "jobseeker"),
        (lambda admin: CompanyMemberFactory(company=admin.company, user__email="x@pupuk.example.id"), "your company"),
        (lambda admin: invite(admin, "x@pupuk.example.id"), "already waiting"),
    ],
)
def test_other_refused_addresses(admin, send_now, make, message):
    make(admin)
    response = api(admin.user).post(API_URL, {"email": "x@pupuk.example.id"}, format="json")
    assert response.status_code == 400
    assert message in response.json()["email"][0]


def test_resend_replaces_the_link_and_cancel_kills_it(client, admin, send_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = invite(admin)
    old_token = link_in(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = web(client, admin.user).post(reverse("employers:invitation_resend", args=[first.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert members.invitation_check(token=old_token).result == InvitationResult.INVALID
    new = CompanyInvitation.objects.get(cancelled_at__isnull=True)
    assert members.invitation_check(token=link_in(mail.outbox[1])).result == InvitationResult.VALID
    web(client, admin.user).post(reverse("employers:invitation_cancel", args=[new.pk]))
    assert members.invitation_check(token=link_in(mail.outbox[1])).result == InvitationResult.INVALID


# Accepting ---------------------------------------------------------------------------------


def test_a_logged_in_employer_without_a_company_accepts(client, admin, send_now, django_capture_on_commit_callbacks):
    colleague = UserFactory(email="rekan@pupuk.example.id", employer=True)
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    url = reverse("employers:invitation_accept", args=[link_in(mail.outbox[0])])
    assert web(client, colleague).get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    member = CompanyMember.objects.get(user=colleague)
    assert (member.company, member.is_company_admin) == (admin.company, False)
    assert CompanyInvitation.objects.get().accepted_by == colleague
    # the same link again: used
    again = client.get(url)
    assert again.status_code == 410
    assert "already been accepted" in again.content.decode()


def test_a_new_visitor_signs_up_with_the_short_form(client, admin, send_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    url = reverse("employers:invitation_accept", args=[link_in(mail.outbox[0])])
    page = web(client).get(url)
    assert 'value="rekan@pupuk.example.id"' in page.content.decode()
    # errors on the fields, nothing typed lost
    bad = client.post(url, {"full_name": "Rina Wati", "password1": "a-long-passphrase", "password2": "other"})
    assert bad.status_code == 400
    assert "not the same" in bad.content.decode()
    assert 'value="Rina Wati"' in bad.content.decode()
    # the e-mail field is the invitation's whatever is posted
    response = client.post(
        url,
        {
            "email": "evil@x.example",
            "full_name": "Rina Wati",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="rekan@pupuk.example.id")
    assert (user.role, user.full_name, user.email_verified_at is not None) == (User.Role.EMPLOYER, "Rina Wati", True)
    assert user.company_membership.company == admin.company
    assert not User.objects.filter(email="evil@x.example").exists()
    assert client.get(reverse("employers:vacancy_list")).status_code == 200  # logged in, acting for the company


def test_an_expired_link_is_refused(client, admin, send_now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin)
    mailed = link_in(mail.outbox[0])
    # the signature of the mailed link is older than the limit
    with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() + 8 * 86400):
        assert members.invitation_check(token=mailed).result == InvitationResult.EXPIRED
    # and an invitation older than the limit is expired whatever its signature
    CompanyInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    invitation.refresh_from_db()
    token = invitation_token(invitation)
    url = reverse("employers:invitation_accept", args=[token])
    response = web(client).get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    response = client.post(
        url, {"full_name": "Rina", "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="rekan@pupuk.example.id").exists()
    assert "Expired" in web(client, admin.user).get(MEMBERS_URL).content.decode()


def test_a_tampered_link_is_invalid(client):
    token = signing.dumps({"i": 1, "h": "x"}, salt="another-salt")
    response = web(client).get(reverse("employers:invitation_accept", args=[token]))
    assert response.status_code == 404
    assert (
        members.invitation_check(token=signing.dumps({"i": "x"}, salt=INVITATION_SALT)).result
        == InvitationResult.INVALID
    )


@pytest.mark.parametrize("who", ["jobseeker", "other_member"])
def test_a_jobseeker_or_another_companys_member_cannot_accept(
    client, admin, send_now, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin)
    # the address joins elsewhere (or turns out to be a jobseeker) after the invitation went out
    if who == "jobseeker":
        user = UserFactory(email=invitation.email)
        expected = "jobseeker"
    else:
        user = CompanyMemberFactory(user__email=invitation.email).user
        expected = "another company"
    url = reverse("employers:invitation_accept", args=[link_in(mail.outbox[0])])
    assert expected in web(client, user).get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not CompanyMember.objects.filter(user=user, company=admin.company).exists()


def test_a_logged_in_account_with_another_address_cannot_accept(
    client, admin, send_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin)
    stranger = UserFactory(employer=True)
    response = web(client, stranger).post(reverse("employers:invitation_accept", args=[link_in(mail.outbox[0])]))
    assert response.status_code == 400
    assert "Log in with that address" in response.content.decode()
    assert not CompanyMember.objects.filter(user=stranger).exists()


# Roles and removal -------------------------------------------------------------------------


def test_the_last_admin_cannot_be_demoted_or_removed(client, admin):
    regular = CompanyMemberFactory(company=admin.company, is_company_admin=False)
    response = web(client, admin.user).post(
        reverse("employers:member_role", args=[admin.pk]), {"is_admin": "0"}, follow=True
    )
    assert "at least one administrator" in response.content.decode()
    response = client.post(reverse("employers:member_remove", args=[admin.pk]), follow=True)
    assert "last administrator cannot be removed" in response.content.decode()
    api_response = api(admin.user).delete(reverse("api:employer-member-detail", args=[admin.pk]))
    assert api_response.status_code == 400
    assert CompanyMember.objects.get(pk=admin.pk).is_company_admin
    # with a second admin, the first may step down and be removed
    client.post(reverse("employers:member_role", args=[regular.pk]), {"is_admin": "1"})
    assert CompanyMember.objects.get(pk=regular.pk).is_company_admin
    assert api(admin.user).delete(reverse("api:employer-member-detail", args=[admin.pk])).status_code == 204
    assert not CompanyMember.objects.filter(pk=admin.pk).exists()
    assert User.objects.filter(pk=admin.user.pk).exists()  # the account stays


def test_a_regular_member_sees_the_list_but_cannot_invite_or_remove(client, admin):
    regular = CompanyMemberFactory(company=admin.company, is_company_admin=False)
    page = web(client, regular.user).get(MEMBERS_URL)
    assert page.status_code == 200
    assert admin.user.email in page.content.decode()
    assert "Send the invitation" not in page.content.decode()
    assert client.post(MEMBERS_URL, {"email": "a@b.example.id"}).status_code == 403
    assert client.post(reverse("employers:member_remove", args=[admin.pk])).status_code == 403
    assert client.post(reverse("employers:member_role", args=[regular.pk]), {"is_admin": "1"}).status_code == 403
    assert api(regular.user).post(API_URL, {"email": "a@b.example.id"}, format="json").status_code == 403
    assert api(regular.user).delete(reverse("api:employer-member-detail", args=[admin.pk])).status_code == 403
    assert not CompanyInvitation.objects.exists()
    assert CompanyMember.objects.filter(pk=admin.pk, is_company_admin=True).exists()
    assert not CompanyMember.objects.get(pk=regular.pk).is_company_admin


def test_company_a_reaches_nothing_of_company_b(client, admin, send_now):
    other_admin = CompanyMemberFactory(is_company_admin=True)
    other_invitation = invite(other_admin, "calon@lain.example.id")
    page = web(client, admin.user).get(MEMBERS_URL)
    assert other_admin.user.email not in page.content.decode()
    assert "calon@lain.example.id" not in page.content.decode()
    for name, pk in (
        ("employers:member_remove", other_admin.pk),
        ("employers:member_role", other_admin.pk),
        ("employers:invitation_resend", other_invitation.pk),
        ("employers:invitation_cancel", other_invitation.pk),
    ):
        assert client.post(reverse(name, args=[pk]), {"is_admin": "0"}).status_code == 404, name
    listed = api(admin.user).get(API_URL).json()
    assert [row["id"] for row in listed] == [admin.pk]
    assert api(admin.user).delete(reverse("api:employer-member-detail", args=[other_admin.pk])).status_code == 404
    assert CompanyMember.objects.filter(pk=other_admin.pk, is_company_admin=True).exists()
    assert CompanyInvitation.objects.get(pk=other_invitation.pk).is_pending


@pytest.mark.parametrize("who", ["anonymous", "jobseeker", "staff"])
def test_the_members_pages_and_api_are_for_company_accounts(client, who, admin):
    user = {"anonymous": None, "jobseeker": UserFactory(), "staff": UserFactory(petugas=True)}[who]
    response = web(client, user).get(MEMBERS_URL)
    assert response.status_code == (302 if user is None else 403)
    assert api(user).get(API_URL).status_code == (401 if user is None else 403)


def test_bad_api_input_is_a_400(admin):
    assert api(admin.user).post(API_URL, {"email": "not-an-address"}, format="json").status_code == 400
    assert api(admin.user).post(API_URL, {}, format="json").status_code == 400
    assert api(admin.user).delete(f"{API_URL}99999999999999999999/").status_code == 404


def test_the_schema_documents_the_members_endpoints():
    document = yaml.safe_load(api().get(reverse("api:schema")).content)
    collection = document["paths"]["/api/v1/employer/members/"]
    assert {"get", "post"} <= set(collection)
    assert {"201", "400", "401", "403"} <= set(collection["post"]["responses"])
    assert {"204", "400", "403", "404"} <= set(
        document["paths"]["/api/v1/employer/members/{id}/"]["delete"]["responses"]
    )
