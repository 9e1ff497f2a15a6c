import pytest
from django.urls import reverse

from bontang_aker.accounts.models import User
from bontang_aker.reference.models import Kelurahan
from jobseekers.models import JobseekerProfile
from jobseekers.tests.factories import JobseekerProfileFactory

pytestmark = pytest.mark.django_db

URL = reverse("jobseekers:register")


def form_data(**overrides):
    data = {
        "account_email": "rudi@example.id",
        "password1": "Pencaker-Bontang-26",
        "password2": "Pencaker-Bontang-26",
        "nik": "6474011403990001",
        "full_name": "Rudi Hartono",
        "birth_place": "Bontang",
        "birth_date": "1999-03-14",
        "sex": "M",
        "phone": "0812 3456 7890",
        "ktp_address": "Jl. Awang Long RT 3",
        "kelurahan": str(Kelurahan.objects.get(code="64.74.01.1002").pk),
        "outside_city": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_registration_creates_the_account_and_logs_in(client):
    # when
    response = client.post(URL, form_data())
    # then
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    profile = JobseekerProfile.objects.get()
    assert profile.user.email == "rudi@example.id"
    assert profile.is_local
    assert client.get(reverse("portal:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "indonesian", "english"),
    [
        ({"nik": "12345"}, "harus terdiri dari tepat 16 digit", "exactly 16 digits"),
        ({"nik": "6474013202990001"}, "bukan tanggal lahir yang valid", "not a valid birth date"),
        ({"sex": "F"}, "jenis kelamin tidak sesuai dengan nik", "sex does not match"),
        ({"birth_date": "1999-03-15"}, "tanggal lahir tidak sesuai dengan nik", "birth date does not match"),
        ({"consent": ""}, "harus menyetujui", "must agree"),
        ({"kelurahan": ""}, "pilih kelurahan", "choose your ktp kelurahan"),
    ],
)
def test_bad_identity_gets_a_clear_message_in_indonesian_and_english(client, overrides, indonesian, english):
    # when posted in the default language and again in English
    response_id = client.post(URL, form_data(**overrides))
    response_en = client.post(URL, form_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    # then the form comes back with the message, nothing is saved
    assert response_id.status_code == 200
    assert indonesian.lower() in response_id.content.decode().lower()
    assert response_en.status_code == 200
    assert english.lower() in response_en.content.decode().lower()
    assert not User.objects.exists()


def test_an_email_already_registered_is_refused_without_losing_the_first(client):
    # given
    existing = JobseekerProfileFactory(nik="6474011403990001", user__email="rudi@example.id")
    # when
    by_email = client.post(URL, form_data(nik="6474011403990009"))
    # then (a NIK already registered is answered like any other: jobseekers/tests/test_nik_claims.py)
    assert by_email.status_code == 200
    assert "aria-invalid" in by_email.content.decode()
    assert JobseekerProfile.objects.get() == existing


def test_garbage_input_never_causes_a_server_error(client):
    response = client.post(URL, {"birth_date": "31-31-2999", "kelurahan": "abc", "sex": "X", "nik": "💥" * 20})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_logged_in_users_are_sent_to_their_dashboard(client):
    client.force_login(JobseekerProfileFactory().user)
    assert client.get(URL).status_code == 302
