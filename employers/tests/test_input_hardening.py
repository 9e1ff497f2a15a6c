"""Input hardening (issue 5, defects 3 and 6): digits of other scripts, field limits, control characters."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.tests.admin_helpers import change_form_data, confirm_action
from bontang_aker.core.validators import validate_no_control_characters, validate_no_control_characters_multiline
from bontang_aker.reference.models import EducationLevel, KbjiGroup
from employers import services
from employers.forms import VacancyForm
from employers.models import Company, Vacancy
from employers.tests.factories import CompanyFactory, VacancyFactory, employer_sign_up_data

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("employers:register")
VACANCY_API = reverse("api:vacancy-list")
COMPANIES_ADMIN = reverse("admin:employers_company_changelist")
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def sign_up_data(**overrides):
    return employer_sign_up_data(**overrides)


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# Defect 3: digits of other scripts ----------------------------------------------------------


def test_a_nib_typed_in_fullwidth_digits_is_the_registered_nib_and_refused_as_a_duplicate(client):
    # given a company registered with NIB 9120012345678
    CompanyFactory(nib="9120012345678")
    # when another sign-up types the same NIB in fullwidth digits
    response = client.post(REGISTER_URL, sign_up_data(nib="9120012345678".translate(FULLWIDTH)), **ENGLISH)
    # then it is refused on the NIB field as a duplicate, and nothing is stored
    assert response.status_code == 200
    assert "already registered" in " ".join(response.context["form"].errors["nib"])
    assert Company.objects.count() == 1
    assert not User.objects.filter(email="hrd@tirta.example.id").exists()


def test_identifiers_typed_in_other_digits_are_stored_in_ascii(client):
    # given every number of the company typed in Arabic-Indic, fullwidth or Extended Arabic-Indic digits
    data = sign_up_data(
        nib="9120012345678".translate(ARABIC_INDIC),
        npwp="01.234.567.8-901.000".translate(FULLWIDTH),
        kbli_code="۳۶۰۰۰",  # 36000 on a Persian/Urdu keyboard
        phone="0548-41234".translate(ARABIC_INDIC),
    )
    # when
    response = client.post(REGISTER_URL, data)
    # then the company is registered with ASCII digits, and its KBLI category derived from them
    assert response.status_code == 302
    company = Company.objects.get()
    assert (company.nib, company.npwp, company.kbli_code, company.phone) == (
        "9120012345678",
        "012345678901000",
        "36000",
        "+6254841234",
    )
    assert company.kbli_category.code == "E"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("nib", "９１２００１２３４５６７８Ａ", "exactly 13 digits"),
        ("nib", "٩١٢٠٠١٢٣٤٥٦٧", "exactly 13 digits"),  # 12 digits
        ("npwp", "０１２３４５６７８９０１\u200b０００", "old format"),  # a zero-width space inside
        ("kbli_code", "٣٦٠٠", "a kbli code has 5 digits"),
        ("kbli_code", "3600Ⅰ", "a kbli code has 5 digits"),
        ("phone", "٥٥٥", "indonesian phone number"),
    ],
)
def test_what_is_not_a_digit_after_normalising_gets_the_fields_own_message(client, field, typed, message):
    # when
    response = client.post(REGISTER_URL, sign_up_data(**{field: typed}), **ENGLISH)
    # then
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field]).lower()
    assert not Company.objects.exists()


def test_the_admin_refuses_a_nib_or_kbli_code_in_other_digits_instead_of_storing_it(client, superuser):
    # given a company, edited in the admin with the NIB and the KBLI code typed in other digits
    company = CompanyFactory(nib="9120012345678", kbli_code="20112")
    client.force_login(superuser)
    url = reverse("admin:employers_company_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data["nib"] = "9120012345679".translate(FULLWIDTH)
    data["kbli_code"] = "36000".translate(ARABIC_INDIC)
    # when
    response = client.post(url, data, **ENGLISH)
    # then each is refused with its field's message, and nothing changed
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "exactly 13 digits" in " ".join(errors["nib"])
    assert "5 digits" in " ".join(errors["kbli_code"])
    company.refresh_from_db()
    assert (company.nib, company.kbli_code) == ("9120012345678", "20112")


@pytest.mark.parametrize("kbli_code", ["ab123", "٣x٠٠٠"])
def test_a_malformed_kbli_code_in_the_admin_is_a_field_error_not_a_server_error(client, superuser, kbli_code):
    # given
    company = CompanyFactory(kbli_code="20112")
    client.force_login(superuser)
    url = reverse("admin:employers_company_change", args=[company.pk])
    data = {**change_form_data(client.get(url)), "kbli_code": kbli_code}
    # when
    response = client.post(url, data, **ENGLISH)
    # then
    assert response.status_code == 200
    assert "5 digits" in " ".join(response.context["adminform"].form.errors["kbli_code"])


def test_api_filter_company_in_arabic_indic_digits_means_the_same_company():
    # given two published vacancies of different companies
    mine = VacancyFactory(published=True)
    VacancyFactory(published=True)
    client = APIClient()
    # when the company id is typed in Arabic-Indic or fullwidth digits
    arabic = client.get(VACANCY_API, {"company": str(mine.company_id).translate(ARABIC_INDIC)})
    fullwidth = client.get(VACANCY_API, {"company": str(mine.company_id).translate(FULLWIDTH)})
    # then it is read as the ASCII number (the documented policy of employers/api/filters.py)
    assert arabic.status_code == fullwidth.status_code == 200
    assert ids(arabic) == ids(fullwidth) == {mine.pk}


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("company", "1_0"),
        ("company", "٤_٠"),
        ("wage_min_gte", "½"),
        ("closing_before", "٢٠٢٦-١٣-٠١"),
        ("q", "las\x1b[2J"),
    ],
)
def test_api_filter_refuses_what_is_not_a_plain_number_or_date_naming_the_parameter(param, value):
    # when
    response = APIClient().get(VACANCY_API, {param: value})
    # then
    assert response.status_code == 400
    assert param in response.json()


def test_api_filter_dates_and_codes_in_other_digits_are_read_as_ascii():
    # given a vacancy closing soon and one closing late
    today = timezone.localdate()
    soon = VacancyFactory(published=True, close_date=today + datetime.timedelta(days=3))
    VacancyFactory(published=True, close_date=today + datetime.timedelta(days=40))
    limit = (today + datetime.timedelta(days=10)).isoformat()
    client = APIClient()
    # when the date and the KBJI code are typed in other digits
    by_date = client.get(VACANCY_API, {"closing_before": limit.translate(ARABIC_INDIC)})
    by_code = client.get(VACANCY_API, {"occupation": "８"})
    # then
    assert by_date.status_code == 200 and ids(by_date) == {soon.pk}
    assert by_code.status_code == 200 and soon.pk in ids(by_code)


def test_the_vacancy_form_reads_numbers_and_dates_in_other_digits_and_refuses_the_rest():
    # given the conditions step typed with Arabic-Indic and fullwidth digits
    data = {
        "openings": "٣",
        "wage_min": "４５０００００",
        "wage_period": "month",
        "work_location": "Lok Tuan",
        "open_date": "2026-02-01".translate(ARABIC_INDIC),
        "close_date": "2026-03-01".translate(FULLWIDTH),
    }
    # when
    form = VacancyForm(data=data, step=3)
    refused = VacancyForm(data={**data, "openings_male": "1_0"}, step=3)
    # then
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["openings"], form.cleaned_data["wage_min"]) == (3, 4_500_000)
    assert form.cleaned_data["close_date"] == datetime.date(2026, 3, 1)
    assert not refused.is_valid() and "openings_male" in refused.errors


# Defect 6: field limits and control characters ----------------------------------------------

# Text fields that are not free text: identifiers with their own validators, values the
# system writes (numbers, status names, the language code), and the audit trail's note,
# written by services from input that is validated where it is typed (e.g. the admin's ReasonForm).
NOT_FREE_TEXT = {
    "accounts.User": {"password", "email", "language"},
    "employers.Company": {"nib", "npwp", "kbli_code", "phone", "email"},
    "jobseekers.JobseekerProfile": {"nik", "phone"},
    "jobseekers.AkiCard": {"number"},
    "placements.Referral": {"letter_number"},
    "placements.CallUp": {"letter_number"},
    "employers.SanctionStep": {"letter_number"},
    # Written by the system: the address a mail went to, the viewer's name at the time, an error text.
    "accounts.AccountMail": {"address"},
    "jobseekers.ProfileAccess": {"viewer_label"},
    "jobseekers.DeletionRequest": {"last_error"},
    "jobseekers.NikConflict": {"nik"},
    "employers.CompanyInvitation": {"email"},
    # Like the event notes: written by the service from the reviewer's reason, validated where it is typed.
    "employers.VacancyRevision": {"reason"},
}


def free_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in {"accounts", "employers", "jobseekers", "placements"}:
            continue
        label = model._meta.label
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.choices or not field.editable:
                continue
            if field.name in NOT_FREE_TEXT.get(label, set()) or field.name in {"from_status", "to_status", "note"}:
                continue
            yield pytest.param(field, id=f"{label}.{field.name}")


@pytest.mark.parametrize("field", free_text_fields())
def test_every_free_text_field_has_a_maximum_and_refuses_control_characters(field):
    assert validate_no_control_characters in field.validators or (
        isinstance(field, models.TextField) and validate_no_control_characters_multiline in field.validators
    )
    assert field.max_length is not None
    if isinstance(field, models.TextField):  # a TextField's max_length binds forms only; full_clean needs the validator
        assert any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators)


def test_a_10000_character_address_is_refused_on_the_sign_up_form(client):
    # when
    response = client.post(REGISTER_URL, sign_up_data(address="Jl. Panjang " * 834), **ENGLISH)
    # then the address field says why, and nothing is stored
    assert response.status_code == 200
    assert "at most 500 characters" in " ".join(response.context["form"].errors["address"])
    assert not Company.objects.exists()
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["full_name", "position", "name"])
@pytest.mark.parametrize("control", ["\x01", "\x1b[31m"])
def test_a_name_with_a_control_character_is_refused_on_its_field(client, field, control):
    # when
    response = client.post(REGISTER_URL, sign_up_data(**{field: f"Dewi{control}Lestari"}), **ENGLISH)
    # then
    assert response.status_code == 200
    assert "invisible control character" in " ".join(response.context["form"].errors[field])
    assert not Company.objects.exists()
    assert not User.objects.exists()


def test_the_sign_up_form_tells_the_browser_each_limit(client):
    # when
    form = client.get(REGISTER_URL).context["form"]
    # then the widgets carry the maxima
    limits = {name: form[name].field.widget.attrs.get("maxlength") for name in form.fields}
    assert limits["address"] == "500"
    assert limits["full_name"] == "150"
    assert limits["position"] == "100"
    assert limits["name"] == "200"
    assert limits["account_email"] == "254"
    assert limits["website"] == "200"


def test_an_overlong_email_is_refused_on_the_form_not_by_the_database(client):
    # when
    response = client.post(REGISTER_URL, sign_up_data(account_email="a" * 250 + "@tirta.example.id"), **ENGLISH)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["account_email"]
    assert not User.objects.exists()


def vacancy_fields(**overrides) -> dict:
    today = timezone.localdate()
    fields = {
        "title": "Operator Produksi",
        "occupation": KbjiGroup.objects.get(code="8"),
        "description": "Tugas:\n- mengoperasikan mesin\r\n- menjaga K3\n\n\tShift 12 jam.",
        "openings": 2,
        "open_date": today,
        "close_date": today + datetime.timedelta(days=30),
        "min_education": EducationLevel.objects.get(code="SMK"),
        "wage_min": 4_000_000,
        "work_location": "Kawasan Industri Lok Tuan",
    }
    fields.update(overrides)
    return fields


def test_a_vacancy_description_with_newlines_and_tabs_is_fine():
    # given
    company = CompanyFactory(verified=True)
    # when
    vacancy = services.vacancy_create(company=company, by=UserFactory(employer=True), **vacancy_fields())
    # then
    assert Vacancy.objects.get(pk=vacancy.pk).description.startswith("Tugas:\n- mengoperasikan")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Operator\x1b[2J"),
        ("title", "Operator\nProduksi"),  # single-line
        ("description", "Tugas\x00"),
        ("description", "Tugas \u202e"),
        ("description", "x" * 5001),
        ("other_information", "y" * 2001),
        ("work_location", "Lok\tTuan"),
    ],
)
def test_vacancy_text_with_control_characters_or_over_its_limit_is_refused(field, value):
    # given
    company = CompanyFactory(verified=True)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_create(company=company, by=UserFactory(employer=True), **vacancy_fields(**{field: value}))
    # then on the field itself
    assert field in excinfo.value.message_dict
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("reason", ["x" * 2001, "Tidak lengkap\x1b"])
def test_the_admin_reason_is_limited_and_free_of_control_characters(client, petugas, reason):
    # given a pending company
    company = CompanyFactory()
    client.force_login(petugas)
    # when it is rejected with an overlong reason or one with a control character
    response = confirm_action(client, COMPANIES_ADMIN, "reject", [company], reason=reason)
    # then the reason page asks again, and the company is unchanged
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


def test_an_admin_reason_on_several_lines_is_fine(client, petugas):
    company = CompanyFactory()
    client.force_login(petugas)
    response = confirm_action(client, COMPANIES_ADMIN, "reject", [company], reason="NIB tidak aktif.\r\nCek OSS.")
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.REJECTED
