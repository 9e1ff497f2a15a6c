"""Issue 8: sign-ups are rate-limited per address; staff register people at the counter, who take over later."""

import datetime

import pytest
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.reference.models import Kelurahan
from employers.tests.test_views import form_data as employer_form_data
from jobseekers import services
from jobseekers.models import ConsentMethod, JobseekerProfile, NikConflict
from jobseekers.tests.factories import JobseekerProfileFactory, nik_for
from jobseekers.tests.test_nik_claims import form_data, log_in

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
BIRTH = datetime.date(1999, 3, 14)
COUNTER = reverse("admin:jobseekers_jobseekerprofile_counter_register")
TAKE_OVER = reverse("jobseekers:take_over")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def nik(serial: int) -> str:
    return nik_for(serial, BIRTH, "M")


# Sign-up rate limit ----------------------------------------------------------------------------------------


def test_the_sixth_sign_up_from_one_address_is_refused_keeping_the_form(client, settings):
    settings.SIGNUP_RATE_LIMIT = 5
    for i in range(5):
        response = client.__class__().post(
            reverse("jobseekers:register"), form_data(account_email=f"p{i}@example.id", nik=nik(i)), **ENGLISH
        )
        assert response.status_code == 302
    # when
    response = client.post(
        reverse("jobseekers:register"), form_data(account_email="late@example.id", nik=nik(9)), **ENGLISH
    )
    # then a 429 with the form again, what was typed kept, nothing saved
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert 'value="late@example.id"' in page and 'value="Rudi Hartono"' in page
    assert not User.objects.filter(email="late@example.id").exists()
    # another address is not affected
    other = client.__class__(REMOTE_ADDR="10.1.2.3").post(
        reverse("jobseekers:register"), form_data(account_email="other@example.id", nik=nik(10))
    )
    assert other.status_code == 302


def test_invalid_forms_do_not_use_up_the_budget(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    for _i in range(3):
        assert client.post(reverse("jobseekers:register"), form_data(password2="x")).status_code == 200
    assert client.post(reverse("jobseekers:register"), form_data()).status_code == 302


def test_employer_sign_ups_share_the_budget(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    assert client.post(reverse("jobseekers:register"), form_data()).status_code == 302
    response = client.__class__().post(reverse("employers:register"), employer_form_data(), **ENGLISH)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_api_sign_up_counts_with_the_pages(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    assert client.post(reverse("jobseekers:register"), form_data()).status_code == 302
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").post(reverse("api:jobseeker-register"), {}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


# Counter registration -------------------------------------------------------------------------------------


def counter_data(**overrides):
    data = {
        "email": "",
        "nik": nik(40),
        "full_name": "Mariam Latif",
        "birth_place": "Bontang",
        "birth_date": "1999-03-14",
        "sex": "M",
        "phone": "0812 3456 7000",
        "ktp_address": "Jl. Pupuk Raya RT 9",
        "kelurahan": str(Kelurahan.objects.get(code="64.74.02.1001").pk),
        "outside_city": "",
        "consent_signed": "on",
    }
    data.update(overrides)
    return data


def register_at_counter(client, petugas, **overrides) -> tuple[JobseekerProfile, str]:
    client.force_login(petugas)
    response = client.post(COUNTER, counter_data(**overrides), **ENGLISH)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "no-store" in response["Cache-Control"]
    code = response.context["code"]
    client.logout()
    profile = JobseekerProfile.objects.select_related("user").get(
        nik=counter_data(**overrides)["nik"], registered_at_counter=True
    )
    return profile, code


def test_the_changelist_links_to_the_counter_page(client, petugas):
    client.force_login(petugas)
    page = client.get(reverse("admin:jobseekers_jobseekerprofile_changelist"), **ENGLISH).content.decode()
    assert COUNTER in page and "Register at the counter" in page
    assert client.get(COUNTER, **ENGLISH).status_code == 200


def test_counter_registration_records_consent_verifies_the_nik_and_prints_a_one_time_code(client, petugas):
    # when
    profile, code = register_at_counter(client, petugas)
    # then
    assert profile.registered_at_counter and profile.nik_verified_at is not None
    assert (profile.consent_method, profile.consent_recorded_by) == (ConsentMethod.COUNTER, petugas)
    assert profile.consent_at is not None
    assert services.is_counter_placeholder_email(profile.user.email)
    assert not profile.user.has_usable_password()
    assert code not in profile.takeover_code_hash and check_password(code.replace("-", ""), profile.takeover_code_hash)
    assert profile.takeover_code_expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()


def test_counter_registration_errors_stay_on_the_form(client, petugas):
    JobseekerProfileFactory(nik=nik(40), nik_verified_at=timezone.now())
    client.force_login(petugas)
    no_consent = client.post(COUNTER, counter_data(consent_signed=""), **ENGLISH)
    assert no_consent.status_code == 200 and "paper consent form" in no_consent.content.decode()
    verified = client.post(COUNTER, counter_data(), **ENGLISH)
    assert verified.status_code == 200 and "already verified" in verified.content.decode()
    assert JobseekerProfile.objects.filter(registered_at_counter=True).count() == 0


def test_counter_registration_of_a_claimed_nik_opens_a_conflict_with_the_verified_owner(client, petugas):
    online = JobseekerProfileFactory(nik=nik(40))
    profile, _code = register_at_counter(client, petugas)
    conflict = NikConflict.objects.get()
    assert set(conflict.claimants.all()) == {online, profile}


@pytest.mark.parametrize("who", ["anonymous", "jobseeker", "kabid"])
def test_only_card_verifiers_register_at_the_counter(client, who, kabid):
    user = {"anonymous": None, "jobseeker": JobseekerProfileFactory().user, "kabid": kabid}[who]
    if user:
        client.force_login(user)
    response = client.post(COUNTER, counter_data())
    assert response.status_code in (302, 403)
    assert not JobseekerProfile.objects.filter(registered_at_counter=True).exists()


def test_a_counter_user_may_request_the_card():
    profile = JobseekerProfileFactory(complete=True, registered_at_counter=True, nik_verified_at=timezone.now())
    card = services.aki_card_request(jobseeker=profile, by=profile.user)
    assert card.status == "requested"


# Take-over -------------------------------------------------------------------------------------------------


def take_over_data(profile, code, **overrides):
    data = {
        "nik": profile.nik,
        "code": code,
        "account_email": "mariam@example.id",
        "password1": "Milik-Saya-2026",
        "password2": "Milik-Saya-2026",
    }
    data.update(overrides)
    return data


def test_the_person_takes_the_account_over_once(client, petugas):
    profile, code = register_at_counter(client, petugas)
    # when, with the code typed in lower case and without dashes
    response = client.post(TAKE_OVER, take_over_data(profile, code.replace("-", "").lower()), **ENGLISH)
    # then the account is theirs
    assert response.status_code == 302 and response.url == reverse("portal:dashboard")
    profile.refresh_from_db()
    assert profile.user.email == "mariam@example.id" and profile.takeover_code_hash == ""
    client.logout()
    assert log_in(client, "mariam@example.id", "Milik-Saya-2026")
    # and the code is used up
    client.logout()
    again = client.post(TAKE_OVER, take_over_data(profile, code, account_email="thief@example.id"), **ENGLISH)
    assert again.status_code == 200 and "do not match" in again.content.decode()


def test_a_wrong_or_expired_code_gets_one_neutral_message(client, petugas):
    profile, code = register_at_counter(client, petugas)
    wrong = client.post(TAKE_OVER, take_over_data(profile, "AAAA-BBBB-CCCC"), **ENGLISH)
    unknown_nik = client.post(TAKE_OVER, take_over_data(profile, code, nik=nik(99)), **ENGLISH)
    JobseekerProfile.objects.filter(pk=profile.pk).update(
        takeover_code_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = client.post(TAKE_OVER, take_over_data(profile, code), **ENGLISH)
    errors = [r.context["form"].non_field_errors() for r in (wrong, unknown_nik, expired)]
    assert all(r.status_code == 200 for r in (wrong, unknown_nik, expired))
    assert errors[0] == errors[1] == errors[2] and "do not match" in str(errors[0])
    profile.refresh_from_db()
    assert services.is_counter_placeholder_email(profile.user.email)


def test_take_over_attempts_are_rate_limited(client, petugas, settings):
    settings.TAKEOVER_ATTEMPT_LIMIT = 2
    profile, code = register_at_counter(client, petugas)
    for _i in range(2):
        assert client.post(TAKE_OVER, take_over_data(profile, "WRONG-CODE-0000")).status_code == 200
    # even the right code waits now
    limited = client.post(TAKE_OVER, take_over_data(profile, code), **ENGLISH)
    assert limited.status_code == 429 and "Too many attempts" in limited.content.decode()
    profile.refresh_from_db()
    assert profile.takeover_code_hash


def test_staff_print_a_new_sheet_and_the_old_code_stops_working(client, petugas):
    profile, old_code = register_at_counter(client, petugas)
    client.force_login(petugas)
    url = reverse("admin:jobseekers_jobseekerprofile_takeover_sheet", args=[profile.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, **ENGLISH)
    assert response.status_code == 200
    new_code = response.context["code"]
    client.logout()
    assert client.post(TAKE_OVER, take_over_data(profile, old_code)).status_code == 200
    assert client.post(TAKE_OVER, take_over_data(profile, new_code)).status_code == 302


def test_the_take_over_page_renders_for_visitors_and_sends_users_home(client):
    assert client.get(TAKE_OVER).status_code == 200
    client.force_login(JobseekerProfileFactory().user)
    assert client.get(TAKE_OVER).status_code == 302
