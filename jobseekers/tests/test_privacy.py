"""Personal-data rights (UU 27/2022): masking for staff lists, the access log, the privacy page, consent, deletion."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.masking import mask_nik
from employers.tests.factories import CompanyMemberFactory
from jobseekers import privacy
from jobseekers.models import ConsentAcceptance, ConsentText, DeletionRequest, JobseekerProfile, ProfileAccess
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, EducationEntryFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

PRIVACY = reverse("jobseekers:privacy")
CONSENT = reverse("jobseekers:consent")
DELETE = reverse("jobseekers:deletion_request")
DATA_ACCESS_API = reverse("api:my-data-access")
CONSENT_API = reverse("api:my-consent")
DELETE_API = reverse("api:my-deletion-request")


def english(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def consent_v1():
    """Version 1 as the data migration publishes it (a transactional test's flush may have removed it)."""
    text, _created = ConsentText.objects.get_or_create(
        version=1,
        language="en",
        defaults={"title": "Consent v1", "body": "Disnaker processes your data.", "published_at": timezone.now()},
    )
    ConsentText.objects.filter(version__gt=1).delete()
    return text


def publish(version: int, **extra) -> ConsentText:
    return ConsentText.objects.create(
        version=version,
        language="en",
        title=f"Consent v{version}",
        body=f"Text of version {version}: kept while the account exists.",
        published_at=extra.pop("published_at", timezone.now() - datetime.timedelta(minutes=1)),
        **extra,
    )


# Masking in the admin --------------------------------------------------------------------------------------


def test_admin_lists_show_the_nik_masked_and_the_profile_page_shows_it_in_full(client, petugas):
    # given a jobseeker with a card and an education entry
    profile = JobseekerProfileFactory(has_disability=True, disability_note="Tunarungu")
    card = AkiCardFactory(jobseeker=profile)
    EducationEntryFactory(jobseeker=profile)
    client.force_login(petugas)
    # when the lists are opened
    for name in ("jobseekerprofile", "akicard", "educationentry"):
        content = client.get(reverse(f"admin:jobseekers_{name}_changelist")).content.decode()
        # then each shows only the masked NIK, and never the disability note
        assert profile.nik not in content, name
        assert mask_nik(profile.nik) in content, name
        assert "Tunarungu" not in content
    # and the card's own page masks it too, linking to the person's page
    assert profile.nik not in client.get(reverse("admin:jobseekers_akicard_change", args=[card.pk])).content.decode()
    # while the profile's own page has it in full
    page = client.get(reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk]))
    assert page.status_code == 200 and profile.nik in page.content.decode()


def test_staff_still_find_a_jobseeker_by_the_full_nik(client, petugas):
    wanted, _other = JobseekerProfileFactory(), JobseekerProfileFactory()
    client.force_login(petugas)
    response = client.get(reverse("admin:jobseekers_jobseekerprofile_changelist"), {"q": wanted.nik})
    assert list(response.context["cl"].result_list) == [wanted]


# The access log ---------------------------------------------------------------------------------------------


def test_opening_the_admin_profile_page_is_logged_for_the_person(client, petugas):
    profile = JobseekerProfileFactory()
    client.force_login(petugas)
    client.get(reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk]))
    access = ProfileAccess.objects.get(profile=profile)
    assert (access.viewer, access.viewer_role, access.what) == (petugas, "staff", "profile")
    assert access.viewer_label == petugas.get_full_name()
    # the list page logs nothing (the NIK is masked there)
    client.get(reverse("admin:jobseekers_jobseekerprofile_changelist"))
    assert ProfileAccess.objects.count() == 1


def test_the_staff_api_detail_gives_the_full_nik_and_is_logged(petugas):
    profile = JobseekerProfileFactory(has_disability=True, disability_note="Tunadaksa")
    response = api(petugas).get(reverse("api:staff-jobseeker-detail", args=[profile.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["nik"] == profile.nik and body["disability_note"] == "Tunadaksa"
    assert ProfileAccess.objects.filter(profile=profile, viewer=petugas, what="profile").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "jobseeker", "employer"])
def test_only_staff_reach_the_staff_jobseeker_detail(who):
    profile = JobseekerProfileFactory()
    user = {
        "anonymous": lambda: None,
        "jobseeker": lambda: JobseekerProfileFactory().user,
        "employer": lambda: CompanyMemberFactory().user,
    }[who]()
    response = api(user).get(reverse("api:staff-jobseeker-detail", args=[profile.pk]))
    assert response.status_code in (401, 403)
    assert profile.nik not in response.content.decode()
    assert not ProfileAccess.objects.exists()


def test_the_staff_card_api_masks_the_nik():
    card = AkiCardFactory()
    response = api(UserFactory(petugas=True)).get(reverse("api:staff-card-list"))
    content = response.content.decode()
    assert mask_nik(card.jobseeker.nik) in content and card.jobseeker.nik not in content


def test_a_document_opened_by_staff_is_logged_and_by_its_owner_is_not(petugas):
    document = DocumentFactory()
    owner = document.jobseeker.user
    url = reverse("jobseekers:document_download", args=[document.pk])
    assert english(owner).get(url).status_code == 200
    assert not ProfileAccess.objects.exists()
    assert english(petugas).get(url).status_code == 200
    access = ProfileAccess.objects.get()
    assert (access.profile, access.what, access.document, access.document_kind) == (
        document.jobseeker,
        "document",
        document,
        "ktp",
    )


def test_the_owner_is_never_logged_even_through_the_service():
    profile = JobseekerProfileFactory()
    written = privacy.profile_access_log(viewer=profile.user, what="profile", profiles=[profile])
    assert written == 0 and not ProfileAccess.objects.exists()


# The privacy page and API -----------------------------------------------------------------------------------


def test_the_privacy_page_has_an_empty_state():
    profile = JobseekerProfileFactory()
    response = english(profile.user).get(PRIVACY)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nobody but you has opened your data yet." in content
    assert reverse("portal:data_export") in content and DELETE in content


def test_the_privacy_page_lists_who_saw_my_data_and_only_mine():
    # given a staff view and a company view of my data, and a staff view of someone else's
    profile, other = JobseekerProfileFactory(), JobseekerProfileFactory()
    staff = UserFactory(petugas=True, full_name="Budi Petugas")
    member = CompanyMemberFactory().user
    privacy.profile_access_log(viewer=staff, what="profile", profiles=[profile])
    privacy.profile_access_log(viewer=member, what="cv", profiles=[profile], viewer_label="PT Pupuk Contoh")
    privacy.profile_access_log(viewer=staff, what="profile", profiles=[other])
    # when I open my privacy page
    content = english(profile.user).get(PRIVACY).content.decode()
    # then both entries are there, the viewer named as the person should read it, the time in WITA
    assert "Disnaker staff Budi Petugas" in content
    assert "PT Pupuk Contoh" in content
    assert "Candidate profile (CV)" in content
    assert "WITA" in content
    assert "Nobody but you" not in content
    # and the API lists the same two, not the other person's
    body = api(profile.user).get(DATA_ACCESS_API).json()
    assert body["count"] == 2
    assert {row["viewer"] for row in body["results"]} == {"Disnaker staff Budi Petugas", "PT Pupuk Contoh"}
    assert api(other.user).get(DATA_ACCESS_API).json()["count"] == 1


@pytest.mark.parametrize("who", ["anonymous", "employer", "staff"])
def test_the_privacy_page_and_api_are_for_jobseekers_only(who):
    user = {
        "anonymous": lambda: None,
        "employer": lambda: CompanyMemberFactory().user,
        "staff": lambda: UserFactory(petugas=True),
    }[who]()
    page = english(user).get(PRIVACY)
    assert page.status_code == (302 if user is None else 403)
    assert api(user).get(DATA_ACCESS_API).status_code in (401, 403)


# Consent versions -------------------------------------------------------------------------------------------


def test_sign_up_records_the_current_consent_version(consent_v1):
    from jobseekers import services
    from jobseekers.tests.test_services import registration

    profile = services.jobseeker_register(**registration())
    profile.refresh_from_db()
    assert profile.consent_version == 1 and profile.consent_at is not None
    assert list(ConsentAcceptance.objects.filter(jobseeker=profile).values_list("version", flat=True)) == [1]


def test_the_sign_up_page_shows_the_consent_text(consent_v1):
    content = english().get(reverse("jobseekers:register")).content.decode()
    assert consent_v1.body.split("\n")[0][:60] in content and CONSENT in content


def test_a_new_version_is_asked_for_on_the_next_visit_and_accepted(consent_v1):
    # given a jobseeker who accepted version 1, and version 2 published since
    profile = JobseekerProfileFactory(consent_version=1)
    publish(2)
    client = english(profile.user)
    # when they open their dashboard, they are sent to the consent page
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302 and response.url.startswith(CONSENT)
    page = client.get(response.url)
    assert "Text of version 2" in page.content.decode() and 'name="agree"' in page.content.decode()
    # without acceptance they can still see the privacy page, download their data and reach the deletion form
    assert client.get(PRIVACY).status_code == 200
    assert client.get(reverse("portal:data_export")).status_code == 200
    assert client.get(DELETE).status_code == 200
    # not ticking the box is an error on the field, nothing recorded
    refused = client.post(CONSENT, {"version": 2})
    assert refused.status_code == 200 and refused.context["form"].errors["agree"]
    # when they accept
    accepted = client.post(CONSENT, {"version": 2, "agree": "on", "next": "/akun/dasbor/"})
    assert accepted.status_code == 302 and accepted.url == "/akun/dasbor/"
    profile.refresh_from_db()
    assert profile.consent_version == 2
    assert ConsentAcceptance.objects.filter(jobseeker=profile, version=2).exists()
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_accepting_a_version_that_is_no_longer_current_is_refused(consent_v1):
    profile = JobseekerProfileFactory(consent_version=1)
    publish(2)
    publish(3)
    response = english(profile.user).post(CONSENT, {"version": 2, "agree": "on"})
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.consent_version == 1
    assert "Text of version 3" in response.content.decode()


def test_a_version_not_yet_published_is_not_asked_for(consent_v1):
    profile = JobseekerProfileFactory(consent_version=1)
    publish(2, published_at=timezone.now() + datetime.timedelta(days=1))
    assert english(profile.user).get(reverse("portal:dashboard")).status_code == 200


def test_profiles_from_before_versions_count_as_version_1(consent_v1):
    profile = JobseekerProfileFactory(consent_version=None)
    assert not privacy.consent_needs_acceptance(user=profile.user)
    publish(2)
    assert privacy.consent_needs_acceptance(user=profile.user)


def test_employers_and_staff_are_never_asked(consent_v1):
    publish(2)
    assert english(CompanyMemberFactory().user).get(reverse("portal:dashboard")).status_code == 200
    assert english(UserFactory(petugas=True)).get(reverse("portal:dashboard")).status_code == 200


def test_the_consent_api_gives_the_text_in_my_language_and_accepts_the_current_version(consent_v1):
    # given a jobseeker who accepted version 1, and version 2 published since in both languages
    profile = JobseekerProfileFactory(consent_version=1)
    publish(2)
    ConsentText.objects.create(
        version=2, language="id", title="Persetujuan v2", body="Teks versi 2.", published_at=timezone.now()
    )
    client = api(profile.user)
    # the text comes in the request's language, with the version I accepted
    body = client.get(CONSENT_API).json()
    assert body["version"] == 2 and body["language"] == "en" and body["title"] == "Consent v2"
    assert body["accepted_version"] == 1 and body["needs_acceptance"] is True
    indonesian = APIClient(headers={"accept-language": "id"})
    indonesian.force_authenticate(profile.user)
    assert indonesian.get(CONSENT_API).json()["body"] == "Teks versi 2."
    # when I accept version 2, it is recorded as on the page
    accepted = client.post(CONSENT_API, {"version": 2}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["accepted_version"] == 2 and accepted.json()["needs_acceptance"] is False
    profile.refresh_from_db()
    assert profile.consent_version == 2
    assert ConsentAcceptance.objects.filter(jobseeker=profile, version=2).exists()
    # accepting it twice (a retried request) changes nothing
    assert client.post(CONSENT_API, {"version": 2}, format="json").status_code == 200
    assert ConsentAcceptance.objects.filter(jobseeker=profile, version=2).count() == 1


def test_the_consent_api_refuses_a_version_that_is_no_longer_current(consent_v1):
    profile = JobseekerProfileFactory(consent_version=1)
    publish(2)
    publish(3)
    response = api(profile.user).post(CONSENT_API, {"version": 2}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The consent text has changed meanwhile; read the new version and accept it.",
        "code": "consent_changed",
    }
    profile.refresh_from_db()
    assert profile.consent_version == 1


@pytest.mark.parametrize("body", [{}, {"version": 0}, {"version": "two"}, {"version": None}, {"version": 2**31}])
def test_the_consent_api_names_a_bad_version(consent_v1, body):
    profile = JobseekerProfileFactory(consent_version=1)
    response = api(profile.user).post(CONSENT_API, body, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_the_consent_api_without_a_published_text(consent_v1):
    ConsentText.objects.all().delete()
    profile = JobseekerProfileFactory(consent_version=None)
    client = api(profile.user)
    body = client.get(CONSENT_API).json()
    assert body["version"] is None and body["title"] is None and body["needs_acceptance"] is False
    assert client.post(CONSENT_API, {"version": 1}, format="json").status_code == 409


@pytest.mark.parametrize("who", ["anonymous", "employer", "staff"])
def test_the_consent_and_deletion_api_are_for_jobseekers_only(consent_v1, who):
    user = {
        "anonymous": lambda: None,
        "employer": lambda: CompanyMemberFactory().user,
        "staff": lambda: UserFactory(petugas=True),
    }[who]()
    client = api(user)
    expected = 401 if user is None else 403
    assert client.get(CONSENT_API).status_code == expected
    assert client.post(CONSENT_API, {"version": 1}, format="json").status_code == expected
    assert client.post(DELETE_API, {"password": "x", "confirm": True}, format="json").status_code == expected
    assert not DeletionRequest.objects.exists()


# Deletion requests ------------------------------------------------------------------------------------------


def test_a_wrong_password_is_an_error_on_the_field_and_nothing_happens():
    profile = JobseekerProfileFactory()
    response = english(profile.user).post(DELETE, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["The password is not correct."]
    profile.user.refresh_from_db()
    assert profile.user.is_active and not DeletionRequest.objects.exists()


def test_the_confirmation_box_is_required():
    profile = JobseekerProfileFactory()
    response = english(profile.user).post(DELETE, {"password": "bontang2026"})
    assert response.context["form"].errors["confirm"]
    assert not DeletionRequest.objects.exists()


def test_asking_for_deletion_closes_the_account_at_once(settings):
    # given a jobseeker logged in on the site and with an API token
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    profile = JobseekerProfileFactory()
    user = profile.user
    user.set_password("rahasia-123")
    user.save()
    client, other_session = english(user), english(user)
    token = Token.objects.create(user=user)
    # when they confirm with their password
    response = client.post(DELETE, {"password": "rahasia-123", "confirm": "on"})
    # then they are logged out, the account inactive, the token gone, every session ended
    assert response.status_code == 302 and response.url == reverse("home")
    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(key=token.key).exists()
    assert client.get(PRIVACY).status_code == 302  # to the login page
    assert other_session.get(PRIVACY).status_code == 302
    login = english().post(reverse("accounts:login"), {"username": user.email, "password": "rahasia-123"})
    assert login.status_code == 200 and not login.wsgi_request.user.is_authenticated
    # and the request waits for the retention period; the data is still there
    request = DeletionRequest.objects.get(jobseeker=profile)
    assert request.erased_at is None
    assert abs((request.erase_after - request.requested_at) - datetime.timedelta(days=30)) < datetime.timedelta(
        seconds=1
    )
    assert JobseekerProfile.objects.get(pk=profile.pk).nik == profile.nik


def test_staff_see_deletion_requests_and_can_reopen_an_account(client, petugas):
    profile = JobseekerProfileFactory()
    profile.user.set_password("x-pass-123")
    profile.user.save()
    privacy.deletion_request_create(profile=profile, password="x-pass-123")
    client.force_login(petugas)
    listing = client.get(reverse("admin:jobseekers_deletionrequest_changelist"))
    assert listing.status_code == 200 and str(profile) in listing.content.decode()
    request = DeletionRequest.objects.get()
    client.post(
        reverse("admin:jobseekers_deletionrequest_changelist"),
        {"action": "cancel", "_selected_action": [request.pk]},
    )
    profile.user.refresh_from_db()
    assert profile.user.is_active and not DeletionRequest.objects.exists()


def test_the_access_log_is_in_the_admin_with_the_nik_masked(client, petugas):
    profile = JobseekerProfileFactory()
    privacy.profile_access_log(viewer=petugas, what="profile", profiles=[profile])
    client.force_login(petugas)
    content = client.get(reverse("admin:jobseekers_profileaccess_changelist")).content.decode()
    assert mask_nik(profile.nik) in content
    assert not re.search(r"\b" + profile.nik + r"\b", content)


def test_the_deletion_api_closes_the_account_and_answers_when_the_data_goes(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    profile = JobseekerProfileFactory()
    user = profile.user
    user.set_password("rahasia-123")
    user.save()
    token = Token.objects.create(user=user)
    client = APIClient(headers={"accept-language": "en"})
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(DELETE_API, {"password": "rahasia-123", "confirm": True}, format="json")
    assert response.status_code == 202, response.json()
    request = DeletionRequest.objects.get(jobseeker=profile)
    body = response.json()
    assert body["retention_days"] == 30
    assert datetime.datetime.fromisoformat(body["erase_after"]) == request.erase_after
    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(user=user).exists()
    assert client.get(CONSENT_API).status_code == 401  # the token is gone
    assert JobseekerProfile.objects.get(pk=profile.pk).nik == profile.nik  # erased only later


def test_the_deletion_api_logs_a_session_out():
    profile = JobseekerProfileFactory()
    user = profile.user
    user.set_password("rahasia-123")
    user.save()
    client = APIClient(headers={"accept-language": "en"})
    client.force_login(user)
    assert client.post(DELETE_API, {"password": "rahasia-123", "confirm": True}, format="json").status_code == 202
    assert client.get(CONSENT_API).status_code in (401, 403)
    assert english(user).get(PRIVACY).status_code == 302


@pytest.mark.parametrize(
    "body, field",
    [
        ({"password": "wrong", "confirm": True}, "password"),
        ({"password": "", "confirm": True}, "password"),
        ({"confirm": True}, "password"),
        ({"password": "x" * 129, "confirm": True}, "password"),
        ({"password": "rahasia-123", "confirm": False}, "confirm"),
        ({"password": "rahasia-123"}, "confirm"),
        ({"password": "rahasia-123", "confirm": "maybe"}, "confirm"),
        ({"password": ["rahasia-123"], "confirm": True}, "password"),
    ],
)
def test_the_deletion_api_refuses_naming_the_field_and_nothing_happens(body, field):
    profile = JobseekerProfileFactory()
    profile.user.set_password("rahasia-123")
    profile.user.save()
    response = api(profile.user).post(DELETE_API, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    if body.get("password") == "wrong":
        assert response.json()["password"] == ["The password is not correct."]
    profile.user.refresh_from_db()
    assert profile.user.is_active and not DeletionRequest.objects.exists()
