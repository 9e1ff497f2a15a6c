import pytest
from django.urls import reverse

from bontang_aker.accounts.models import User
from employers.models import Company
from employers.tests.factories import CompanyFactory, employer_sign_up_data

pytestmark = pytest.mark.django_db

URL = reverse("employers:register")


def form_data(**overrides):
    return employer_sign_up_data(**overrides)


def test_registration_creates_a_pending_company_with_its_admin(client):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.status, company.kbli_category.code, company.npwp) == ("pending", "E", "012345678901000")
    member = company.members.get()
    assert member.is_company_admin and member.position == "HR Manager"
    assert member.user.role == User.Role.EMPLOYER


@pytest.mark.parametrize(
    ("overrides", "indonesian", "english"),
    [
        ({"nib": "12345"}, "harus terdiri dari tepat 13 digit", "exactly 13 digits"),
        ({"npwp": "1234"}, "format lama", "old format"),
        ({"kbli_code": "123"}, "kode kbli terdiri dari 5 digit", "a kbli code has 5 digits"),
        ({"kbli_code": "00001"}, "tidak termasuk kategori", "not in any kbli 2020 category"),
        ({"phone": "555"}, "nomor telepon indonesia", "indonesian phone number"),
    ],
)
def test_bad_company_ids_get_a_clear_message_in_indonesian_and_english(client, overrides, indonesian, english):
    response_id = client.post(URL, form_data(**overrides))
    response_en = client.post(URL, form_data(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response_id.status_code == 200
    assert indonesian.lower() in response_id.content.decode().lower()
    assert response_en.status_code == 200
    assert english.lower() in response_en.content.decode().lower()
    assert not Company.objects.exists()
    assert not User.objects.exists()


def test_a_nib_already_registered_is_refused(client):
    CompanyFactory(nib="9120012345678")
    response = client.post(URL, form_data())
    assert response.status_code == 200
    assert Company.objects.count() == 1
    assert not User.objects.filter(email="hrd@tirta.example.id").exists()
