"""Input hardening (issue 5, defects 3 and 6): digits of other scripts, field limits, control characters."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from bontang_aker.accounts.models import User
from bontang_aker.core.tests.admin_helpers import change_form_data
from bontang_aker.reference.models import Kelurahan
from jobseekers.models import ExperienceEntry, JobseekerProfile, NikConflict
from jobseekers.tests.factories import DocumentFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("jobseekers:register")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NIK = "6474011403990001"
CONSTRAINT_NAME = "jobseeker_nik_16_digits"


def sign_up_data(**overrides):
    data = {
        "account_email": "rudi@example.id",
        "password1": "Pencaker-Bontang-26",
        "password2": "Pencaker-Bontang-26",
        "nik": NIK,
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


# Defect 3: digits of other scripts ----------------------------------------------------------


def test_a_nik_phone_and_birth_date_in_arabic_indic_digits_are_stored_in_ascii(client):
    # when a jobseeker signs up typing the numbers in Arabic-Indic digits
    data = sign_up_data(
        nik="6474 0114 0399 0001".translate(ARABIC_INDIC),
        phone="0812 3456 7890".translate(ARABIC_INDIC),
        birth_date="1999-03-14".translate(ARABIC_INDIC),
    )
    response = client.post(REGISTER_URL, data, **ENGLISH)
    # then the account is made and every number is stored in ASCII digits
    assert response.status_code == 302, response.context["form"].errors
    profile = JobseekerProfile.objects.get()
    assert (profile.nik, profile.phone, profile.birth_date) == (NIK, "+6281234567890", datetime.date(1999, 3, 14))


def test_a_registered_nik_typed_in_arabic_indic_digits_is_the_same_nik_and_a_conflict(client):
    # given
    existing = JobseekerProfileFactory(nik=NIK)
    # when
    response = client.post(REGISTER_URL, sign_up_data(nik=NIK.translate(ARABIC_INDIC)), **ENGLISH)
    # then the sign-up answers as for any NIK (issue 8), and staff see both claims on the same NIK
    assert response.status_code == 302
    second = JobseekerProfile.objects.exclude(pk=existing.pk).get()
    assert second.nik == NIK
    conflict = NikConflict.objects.get()
    assert set(conflict.claimants.all()) == {existing, second}


@pytest.mark.parametrize("nik", [NIK[:15].translate(ARABIC_INDIC), NIK.translate(ARABIC_INDIC) + "\u200b"])
def test_a_bad_nik_in_arabic_indic_digits_gets_the_nik_message(client, nik):
    # when
    response = client.post(REGISTER_URL, sign_up_data(nik=nik), **ENGLISH)
    # then
    assert response.status_code == 200
    assert "exactly 16 digits" in " ".join(response.context["form"].errors["nik"])
    assert CONSTRAINT_NAME not in response.content.decode()
    assert not User.objects.exists()


def test_a_nik_in_arabic_indic_digits_that_reaches_the_model_gets_the_nik_message_not_the_constraint():
    # given a profile whose NIK was not normalised (as the admin saves it)
    profile = JobseekerProfileFactory()
    profile.nik = NIK.translate(ARABIC_INDIC)
    # when the model validates it
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        profile.full_clean()
    # then the NIK field has its own message, and the database constraint never speaks
    with translation.override("en"):
        assert "exactly 16 digits" in " ".join(excinfo.value.message_dict["nik"])
        assert CONSTRAINT_NAME not in str(excinfo.value.message_dict)


def test_the_admin_refuses_a_nik_in_arabic_indic_digits_with_the_nik_message(client, superuser):
    # given
    profile = JobseekerProfileFactory(nik=NIK)
    client.force_login(superuser)
    url = reverse("admin:jobseekers_jobseekerprofile_change", args=[profile.pk])
    data = change_form_data(client.get(url))
    data["nik"] = "6474011403990002".translate(ARABIC_INDIC)
    # when
    response = client.post(url, data, **ENGLISH)
    # then
    assert response.status_code == 200
    assert "exactly 16 digits" in " ".join(response.context["adminform"].form.errors["nik"])
    assert CONSTRAINT_NAME not in response.content.decode()
    profile.refresh_from_db()
    assert profile.nik == NIK


# Defect 6: field limits and control characters ----------------------------------------------


def test_a_10000_character_ktp_address_is_refused_on_the_sign_up_form(client):
    # when
    response = client.post(REGISTER_URL, sign_up_data(ktp_address="Jl. Panjang " * 834), **ENGLISH)
    # then
    assert response.status_code == 200
    assert "at most 500 characters" in " ".join(response.context["form"].errors["ktp_address"])
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["full_name", "birth_place"])
@pytest.mark.parametrize("control", ["\x01", "\x1b"])
def test_a_name_with_a_control_character_is_refused_on_its_field(client, field, control):
    # when
    response = client.post(REGISTER_URL, sign_up_data(**{field: f"Rudi{control}Hartono"}), **ENGLISH)
    # then
    assert response.status_code == 200
    assert "invisible control character" in " ".join(response.context["form"].errors[field])
    assert not User.objects.exists()


def test_an_address_on_several_lines_is_fine(client):
    # when
    response = client.post(REGISTER_URL, sign_up_data(ktp_address="Jl. Awang Long\r\nRT 3, Gg. Melati"))
    # then
    assert response.status_code == 302
    assert JobseekerProfile.objects.get().ktp_address == "Jl. Awang Long\r\nRT 3, Gg. Melati"


def test_the_sign_up_form_tells_the_browser_each_limit(client):
    form = client.get(REGISTER_URL).context["form"]
    assert form["ktp_address"].field.widget.attrs["maxlength"] == "500"
    assert form["full_name"].field.widget.attrs["maxlength"] == "150"
    assert form["account_email"].field.widget.attrs["maxlength"] == "254"


def test_an_experience_description_with_newlines_is_fine_but_not_with_control_characters():
    # given
    profile = JobseekerProfileFactory()

    def entry(description):
        return ExperienceEntry(
            jobseeker=profile,
            employer_name="PT Pupuk Kaltim",
            position="Operator",
            start_date=datetime.date(2020, 1, 1),
            description=description,
        )

    # then newlines and tabs pass, ESC and an over-long text do not
    entry("Tugas:\n- mengelas pipa\r\n\t- K3").full_clean()
    for bad in ("Tugas \x1b[1m", "x" * 5001):
        with pytest.raises(ValidationError) as excinfo:
            entry(bad).full_clean()
        assert "description" in excinfo.value.message_dict


def test_a_document_description_with_a_control_character_is_refused():
    document = DocumentFactory.build(jobseeker=JobseekerProfileFactory(), description="KTP\x01")
    with pytest.raises(ValidationError) as excinfo:
        document.full_clean()
    assert "description" in excinfo.value.message_dict
