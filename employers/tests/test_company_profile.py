"""Company details changed by an admin (page and API), re-verification, and a second sign-up of a NIB."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.core.masking import mask_email
from employers import services
from employers.company_profile import company_update
from employers.models import Company, CompanyEvent, Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory, employer_sign_up_data

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("employers:company_profile")
REGISTER_URL = reverse("employers:register")
API_COMPANY = reverse("api:employer-company")
API_REGISTER = reverse("api:employer-register")
API_COMPLIANCE = reverse("api:employer-compliance")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _no_rate_limit_carry_over():
    cache.clear()  # sign-up counts per address live in the cache
    yield
    cache.clear()


@pytest.fixture
def admin():
    return CompanyMemberFactory(is_company_admin=True, user__email="ratna.sari@tirta.example.id")


@pytest.fixture
def colleague(admin):
    return CompanyMemberFactory(company=admin.company, is_company_admin=False)


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def profile_data(company: Company, **overrides) -> dict:
    """The page's form as it comes, filled with the company's current values."""
    data = {
        "name": company.name,
        "legal_form": company.legal_form,
        "ownership": company.ownership,
        "nib": company.nib,
        "npwp": company.npwp,
        "kbli_code": company.kbli_code,
        "other_kbli_codes": ",".join(company.other_kbli_codes),
        "main_contractor_nib": company.main_contractor.nib if company.main_contractor_id else "",
        "address": company.address,
        "kelurahan": str(company.kelurahan_id or ""),
        "phone": company.phone,
        "email": company.email,
        "website": company.website,
        "contact_name": company.contact_name,
        "contact_position": company.contact_position,
        "workforce_local": str(company.workforce_local),
        "workforce_non_local": str(company.workforce_non_local),
        "workforce_disabled": str(company.workforce_disabled),
    }
    data.update(overrides)
    return data


def sign_up_data(**overrides) -> dict:
    return employer_sign_up_data(**overrides)


def api_sign_up_data(**overrides) -> dict:
    data = sign_up_data()
    data["password"] = data.pop("password1")
    del data["password2"]
    data["kelurahan"] = "64.74.01.1004"
    data.update(overrides)
    return data


# The page ----------------------------------------------------------------------------------


def test_a_nib_of_12_digits_gets_a_clear_message_and_nothing_is_saved(client, admin):
    # given
    company = admin.company
    client.force_login(admin.user)
    # when the NIB is one digit short, and the address changes too
    response = client.post(PROFILE_URL, profile_data(company, nib="912001234567", address="Jl. Baru 5"), **ENGLISH)
    # then the NIB field says why, and nothing is stored
    assert response.status_code == 400
    assert "exactly 13 digits" in " ".join(response.context["form"].errors["nib"])
    company.refresh_from_db()
    assert company.address == "Jl. Ir. H. Juanda No. 1"
    assert company.status == Company.Status.VERIFIED
    assert not company.events.exists()


def test_an_address_change_applies_at_once_and_the_company_stays_verified(client, admin):
    # given
    company = admin.company
    client.force_login(admin.user)
    # when
    response = client.post(
        PROFILE_URL,
        profile_data(company, address="Jl. MT Haryono 12", contact_name="Ratna Sari", contact_position="HRD"),
        **ENGLISH,
    )
    # then
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.address, company.contact_name, company.contact_position) == (
        "Jl. MT Haryono 12",
        "Ratna Sari",
        "HRD",
    )
    assert company.status == Company.Status.VERIFIED
    assert not company.events.exists()


def test_an_ownership_change_goes_back_to_verification_and_doubles_the_disability_quota(client, admin):
    # given a verified private company with a published vacancy and a reported workforce
    company = admin.company
    vacancy = VacancyFactory(company=company, published=True)
    company_update(company_id=company.pk, by=admin.user, workforce_local=150, workforce_non_local=50)
    before = api(admin.user).get(API_COMPLIANCE).json()
    assert before["disability_min_percent"] == 1
    client.force_login(admin.user)
    # when the admin says it is a BUMD
    response = client.post(PROFILE_URL, profile_data(Company.objects.get(pk=company.pk), ownership="bumd"), **ENGLISH)
    # then it is pending again, with an event row saying what changed
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    event = company.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("verified", "pending", admin.user)
    assert "Private → Region-owned (BUMD)" in event.note
    # staff find it in the admin's pending queue
    assert company in Company.objects.filter(status="pending")
    # the members are told what this means
    page = client.get(PROFILE_URL, **ENGLISH).content.decode()
    assert "verifies it again" in page
    assert "Vacancies already published stay published." in page
    # the published vacancy stays published; the quota is 2% now
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert api(admin.user).get(API_COMPLIANCE).json()["disability_min_percent"] == 2


def test_a_company_back_in_verification_cannot_send_new_vacancy_reports_until_verified(admin, petugas):
    # given
    draft = VacancyFactory(company=admin.company)
    company_update(company_id=admin.company.pk, by=admin.user, name="PT Tirta Kaltim Baru")
    # when / then
    with pytest.raises(services.CompanyNotVerifiedError):
        services.vacancy_submit(vacancy_id=draft.pk, by=admin.user)
    services.company_verify(company_id=admin.company.pk, by=petugas)
    assert services.vacancy_submit(vacancy_id=draft.pk, by=admin.user).status == Vacancy.Status.IN_REVIEW


def test_a_workforce_change_sets_the_reported_date_and_a_share_above_the_total_is_refused(admin):
    # when
    company = company_update(
        company_id=admin.company.pk, by=admin.user, workforce_local=30, workforce_non_local=10, workforce_disabled=1
    ).company
    # then
    assert company.workforce_reported_at == timezone.localdate()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        company_update(company_id=company.pk, by=admin.user, workforce_disabled=41)
    assert "workforce_disabled" in error.value.message_dict
    company.refresh_from_db()
    assert company.workforce_disabled == 1


def test_the_main_contractor_is_a_verified_company_by_nib_never_itself(admin):
    # given
    main = CompanyFactory(verified=True, name="PT Pupuk Kaltim")
    unverified = CompanyFactory()
    # when / then
    with translation.override("en"):
        with pytest.raises(ValidationError) as itself:
            company_update(company_id=admin.company.pk, by=admin.user, main_contractor_nib=admin.company.nib)
        with pytest.raises(ValidationError) as not_verified:
            company_update(company_id=admin.company.pk, by=admin.user, main_contractor_nib=unverified.nib)
    assert "its own main contractor" in itself.value.message_dict["main_contractor_nib"][0]
    assert "verified" in not_verified.value.message_dict["main_contractor_nib"][0]
    result = company_update(company_id=admin.company.pk, by=admin.user, main_contractor_nib=main.nib)
    assert result.company.main_contractor == main
    assert result.company.status == Company.Status.VERIFIED


def test_other_kbli_codes_are_checked_and_kept_without_the_main_code(admin):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        company_update(company_id=admin.company.pk, by=admin.user, other_kbli_codes=["46100", "123"])
    assert "5 digits" in error.value.message_dict["other_kbli_codes"][0]
    company = company_update(
        company_id=admin.company.pk, by=admin.user, other_kbli_codes=["46.100", "20112", "46100"]
    ).company
    assert company.other_kbli_codes == ["46100"]  # 20112 is the main code


def test_a_member_who_is_not_an_admin_reads_the_details_but_cannot_change_them(client, colleague):
    # given
    client.force_login(colleague.user)
    # when
    page = client.get(PROFILE_URL, **ENGLISH)
    posted = client.post(PROFILE_URL, profile_data(colleague.company, address="Jl. Lain 1"), **ENGLISH)
    patched = api(colleague.user).patch(API_COMPANY, {"address": "Jl. Lain 1"}, format="json")
    # then
    assert page.status_code == 200
    assert page.context["form"] is None
    assert colleague.company.nib in page.content.decode()
    assert "Only an administrator" in page.content.decode()
    assert posted.status_code == 403
    assert patched.status_code == 403
    assert api(colleague.user).get(API_COMPANY).json()["nib"] == colleague.company.nib
    with pytest.raises(PermissionDenied):
        company_update(company_id=colleague.company.pk, by=colleague.user, address="Jl. Lain 1")
    colleague.company.refresh_from_db()
    assert colleague.company.address == "Jl. Ir. H. Juanda No. 1"


def test_another_companys_details_are_unreachable(client, admin):
    # given
    other = CompanyMemberFactory(is_company_admin=True)
    client.force_login(admin.user)
    # when
    page = client.get(PROFILE_URL, **ENGLISH)
    client.post(PROFILE_URL, {**profile_data(admin.company), "id": other.company.pk})
    got = api(admin.user).get(API_COMPANY).json()
    # then only the own company is shown and changed
    assert other.company.nib not in page.content.decode()
    assert got["id"] == admin.company.pk
    with pytest.raises(PermissionDenied):
        company_update(company_id=other.company.pk, by=admin.user, address="Jl. Diambil 1")
    other.company.refresh_from_db()
    assert other.company.address == "Jl. Ir. H. Juanda No. 1"


def test_a_nib_taken_by_another_company_is_a_field_error(admin):
    taken = CompanyFactory()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        company_update(company_id=admin.company.pk, by=admin.user, nib=taken.nib)
    assert "already registered" in error.value.message_dict["nib"][0]
    admin.company.refresh_from_db()
    assert admin.company.status == Company.Status.VERIFIED


def test_a_suspended_company_cannot_change_its_identity(admin, kabid):
    services.company_suspend(company_id=admin.company.pk, by=kabid, reason="Tidak melapor")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        company_update(company_id=admin.company.pk, by=admin.user, ownership="bumn")
    assert "suspended" in error.value.message_dict["ownership"][0]


def test_a_rejected_company_that_corrects_its_details_goes_back_to_verification(admin, petugas):
    company = CompanyFactory()
    member = CompanyMemberFactory(company=company)
    services.company_reject(company_id=company.pk, by=petugas, reason="Alamat tidak sesuai")
    result = company_update(company_id=company.pk, by=member.user, address="Jl. Benar 1")
    assert result.sent_for_verification
    assert Company.objects.get(pk=company.pk).status == Company.Status.PENDING


# A second sign-up of a NIB -----------------------------------------------------------------


def test_a_second_sign_up_with_the_nib_names_the_company_and_its_masked_admin(client, admin):
    # given
    admin.company.nib = "9120012345678"
    admin.company.save()
    # when
    response = client.post(REGISTER_URL, sign_up_data(), **ENGLISH)
    # then
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["nib"])
    assert f"{admin.company.name} is already registered with this NIB" in message
    assert "Ask its administrator (r***@tirta.example.id) to invite you" in message
    assert "ratna.sari" not in message
    assert not User.objects.filter(email="hrd@tirta.example.id").exists()


def test_mask_email_keeps_the_first_letter_and_the_domain():
    assert mask_email("ratna.sari@ptx.co.id") == "r***@ptx.co.id"
    assert mask_email("") == ""
    assert mask_email("no-at-sign") == "***"


# The API -----------------------------------------------------------------------------------


def test_the_register_api_creates_the_account_and_company_and_mails_the_verification():
    # when
    response = api().post(API_REGISTER, api_sign_up_data(), format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    company = Company.objects.get()
    assert body == {
        "id": company.pk,
        "name": "PT Tirta Kaltim Sejahtera",
        "nib": "9120012345678",
        "status": "pending",
        "status_display": "Awaiting verification",
    }
    assert "token" not in body and "password" not in body
    member = company.members.get()
    assert member.is_company_admin and member.user.email == "hrd@tirta.example.id"
    assert member.user.check_password("Perusahaan-Btg-26")
    assert company.contact_name == "Dewi Lestari"
    assert AccountMail.objects.filter(user=member.user, kind=AccountMail.Kind.VERIFY).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"nib": "912001234567"}, "nib", "exactly 13 digits"),
        ({"kbli_code": "00001"}, "kbli_code", "not in any KBLI 2020 category"),
        ({"password": "12345678"}, "password", "entirely numeric"),
        ({"kelurahan": "99.99"}, "kelurahan", "does not exist"),
        ({"legal_form": "llc"}, "legal_form", "not a valid choice"),
        ({"name": ["PT"]}, "name", "valid string"),
        ({"website": "not a url"}, "website", "valid URL"),
    ],
)
def test_the_register_api_refuses_bad_input_on_the_field(overrides, field, text):
    response = api().post(API_REGISTER, api_sign_up_data(**overrides), format="json")
    assert response.status_code == 400
    assert text in " ".join(response.json()[field])
    assert not Company.objects.exists()
    assert not User.objects.exists()


def test_the_register_api_refuses_a_body_that_is_not_an_object():
    assert api().post(API_REGISTER, [1, 2], format="json").status_code == 400
    assert api().post(API_REGISTER, "x", content_type="application/json").status_code == 400


def test_the_register_api_names_whom_to_ask_for_a_registered_nib(admin):
    admin.company.nib = "9120012345678"
    admin.company.save()
    response = api().post(API_REGISTER, api_sign_up_data(), format="json")
    assert response.status_code == 400
    message = " ".join(response.json()["nib"])
    assert f"{admin.company.name} is already registered with this NIB" in message
    assert "r***@tirta.example.id" in message


def test_the_register_api_shares_the_sign_up_budget_with_the_page(client, settings):
    settings.SIGNUP_RATE_LIMIT = 1
    client.post(REGISTER_URL, sign_up_data(), **ENGLISH)
    response = api().post(API_REGISTER, api_sign_up_data(account_email="lain@tirta.example.id"), format="json")
    assert response.status_code == 429


def test_the_company_api_patch_by_an_admin_sends_an_nib_change_to_verification(admin):
    # when
    response = api(admin.user).patch(API_COMPANY, {"nib": "9120099999999", "phone": "0548 41234"}, format="json")
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["nib"], body["phone"], body["status"], body["awaiting_reverification"]) == (
        "9120099999999",
        "+6254841234",
        "pending",
        True,
    )
    event = CompanyEvent.objects.get(company=admin.company)
    assert "→ 9120099999999" in event.note


def test_the_company_api_patch_reports_bad_fields_and_saves_nothing(admin):
    response = api(admin.user).patch(
        API_COMPANY, {"nib": "912001234567", "address": "Jl. Baru 5", "workforce_local": -1}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"workforce_local"}
    response = api(admin.user).patch(API_COMPANY, {"nib": "912001234567", "address": "Jl. Baru 5"}, format="json")
    assert response.status_code == 400
    assert "exactly 13 digits" in " ".join(response.json()["nib"])
    admin.company.refresh_from_db()
    assert admin.company.address == "Jl. Ir. H. Juanda No. 1"


def test_the_company_api_is_for_company_members_only():
    assert api().get(API_COMPANY).status_code == 401
    jobseeker = User.objects.create_user(email="pencaker@example.id", password="x", full_name="A")
    assert api(jobseeker).get(API_COMPANY).status_code == 403


def test_the_schema_describes_the_new_operations(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    register = schema["paths"]["/api/v1/employers/register/"]["post"]
    company = schema["paths"]["/api/v1/employer/company/"]
    assert {"201", "400", "429"} <= set(register["responses"])
    assert "content" in register["responses"]["400"]
    assert {"200", "400", "401", "403"} <= set(company["patch"]["responses"])
    assert "content" in company["patch"]["responses"]["403"]


@pytest.mark.parametrize(
    ("decide", "text"),
    [
        (services.company_reject, "Correct the details below and save"),
        (services.company_suspend, "Your company is suspended by Disnaker"),
    ],
)
def test_the_page_says_what_happens_next_with_disnakers_reason(client, admin, kabid, decide, text):
    # given a company as Disnaker left it (a rejection is of a pending registration)
    if decide is services.company_reject:
        Company.objects.filter(pk=admin.company.pk).update(status=Company.Status.PENDING)
    decide(company_id=admin.company.pk, by=kabid, reason="NIB tidak cocok dengan OSS")
    client.force_login(admin.user)
    page = client.get(PROFILE_URL, **ENGLISH).content.decode()
    assert text in page
    assert "NIB tidak cocok dengan OSS" in page
