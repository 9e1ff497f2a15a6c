import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.workflow import TransitionError
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan
from employers import services
from employers.models import Company, Vacancy
from employers.tests.factories import CompanyFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def company_fields(**overrides):
    fields = {
        "name": "PT Kaltim Konstruksi Mandiri",
        "legal_form": Company.LegalForm.PT,
        "nib": "9120 0012 3456 7",
        "npwp": "01.234.567.8-901.000",
        "kbli_code": "42911",
        "ownership": Company.Ownership.PRIVATE,
        "address": "Jl. Bhayangkara No. 5",
        "kelurahan": Kelurahan.objects.get(code="64.74.02.1002"),
        "phone": "0548 21234",
        "email": "hrd@kkm.example.id",
    }
    return {**fields, **overrides}


def vacancy_fields(**overrides):
    today = timezone.localdate()
    fields = {
        "title": "Welder SMAW",
        "occupation": KbjiGroup.objects.get(code="7"),
        "description": "Pengelasan pipa proyek turn-around.",
        "openings": 5,
        "open_date": today,
        "close_date": today + datetime.timedelta(days=14),
        "min_education": EducationLevel.objects.get(code="SMK"),
        "wage_min": 4_500_000,
        "work_location": "Lok Tuan",
    }
    return {**fields, **overrides}


def test_company_register_normalizes_ids_derives_kbli_category_and_makes_user_admin():
    # given a jobseeker-role user starting a company account
    user = UserFactory()
    # when
    company = services.company_register(user=user, **company_fields())
    # then
    company.refresh_from_db()
    assert company.nib == "9120001234567"
    assert company.npwp == "012345678901000"
    assert company.phone == "+6254821234"
    assert company.kbli_category.code == "F"
    assert company.status == Company.Status.PENDING
    assert user.company_membership.is_company_admin
    assert User.objects.get(pk=user.pk).role == User.Role.EMPLOYER
    assert list(company.events.values_list("to_status", flat=True)) == ["pending"]


def test_company_register_with_bad_nib_saves_nothing():
    # given
    user = UserFactory()
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.company_register(user=user, **company_fields(nib="123"))
    # then
    assert "nib" in excinfo.value.message_dict
    assert not Company.objects.exists()
    assert User.objects.get(pk=user.pk).role == User.Role.JOBSEEKER


def test_company_register_rejects_a_duplicate_nib():
    CompanyFactory(nib="9120001234567")
    with pytest.raises(ValidationError) as excinfo:
        services.company_register(user=UserFactory(), **company_fields())
    assert "nib" in excinfo.value.message_dict


def test_company_verify_records_who_and_when(petugas):
    # given
    company = CompanyFactory()
    # when
    services.company_verify(company_id=company.pk, by=petugas, note="Dokumen lengkap")
    # then
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert company.verified_at is not None
    event = company.events.get()
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        petugas,
        "pending",
        "verified",
        "Dokumen lengkap",
    )


def test_company_reject_needs_a_reason_and_can_be_resubmitted(petugas):
    company = CompanyFactory()
    with pytest.raises(ValidationError):
        services.company_reject(company_id=company.pk, by=petugas, reason="  ")
    services.company_reject(company_id=company.pk, by=petugas, reason="NIB tidak terdaftar di OSS")
    company.refresh_from_db()
    assert company.status == Company.Status.REJECTED
    assert company.can_become(Company.Status.PENDING)
    assert not company.can_become(Company.Status.VERIFIED)


def test_a_verified_company_cannot_be_verified_again(petugas):
    company = CompanyFactory(verified=True)
    with pytest.raises(TransitionError):
        services.company_verify(company_id=company.pk, by=petugas)
    assert not company.events.exists()


def test_vacancy_lifecycle_from_draft_to_filled_records_every_step(petugas):
    # given a verified company's member
    company = CompanyFactory(verified=True)
    employer = UserFactory(employer=True)
    # when
    vacancy = services.vacancy_create(company=company, by=employer, **vacancy_fields())
    services.vacancy_submit(vacancy_id=vacancy.pk, by=employer)
    services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    services.vacancy_mark_filled(vacancy_id=vacancy.pk, by=employer, note="5 orang diterima")
    # then
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert vacancy.submitted_at and vacancy.published_at and vacancy.closed_at
    steps = list(vacancy.events.values_list("from_status", "to_status", "actor"))
    assert steps == [
        ("", "draft", employer.pk),
        ("draft", "in_review", employer.pk),
        ("in_review", "published", petugas.pk),
        ("published", "filled", employer.pk),
    ]


def test_vacancy_of_an_unverified_company_cannot_be_submitted():
    vacancy = VacancyFactory(company=CompanyFactory())
    with pytest.raises(ValidationError):
        services.vacancy_submit(vacancy_id=vacancy.pk, by=UserFactory(employer=True))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_a_draft_cannot_be_published_directly(petugas):
    vacancy = VacancyFactory()
    with pytest.raises(TransitionError):
        services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.published_at is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sex_requirement": "M"}, "sex_justification"),
        ({"age_min": 30, "age_max": 25}, "age_max"),
        ({"wage_min": 5_000_000, "wage_max": 4_000_000}, "wage_max"),
        ({"openings": 2, "openings_male": 2, "openings_female": 1}, "openings_female"),
        ({"openings": 0}, "openings"),
    ],
)
def test_vacancy_create_rejects_inconsistent_requirements(overrides, field):
    company = CompanyFactory(verified=True)
    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_create(company=company, by=UserFactory(employer=True), **vacancy_fields(**overrides))
    assert field in excinfo.value.message_dict
    assert not Vacancy.objects.exists()


def test_close_date_before_open_date_is_rejected():
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.vacancy_create(
            company=CompanyFactory(verified=True),
            by=UserFactory(employer=True),
            **vacancy_fields(open_date=today, close_date=today - datetime.timedelta(days=1)),
        )
    assert "close_date" in excinfo.value.message_dict


def test_vacancies_close_expired_closes_only_published_past_close_date():
    # given
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = VacancyFactory(published=True, open_date=yesterday - datetime.timedelta(days=10), close_date=yesterday)
    still_open = VacancyFactory(published=True)
    draft_expired = VacancyFactory(open_date=yesterday - datetime.timedelta(days=10), close_date=yesterday)
    # when
    closed = services.vacancies_close_expired()
    again = services.vacancies_close_expired()
    # then
    assert (closed, again) == (1, 0)
    statuses = dict(Vacancy.objects.values_list("pk", "status"))
    assert statuses == {expired.pk: "closed", still_open.pk: "published", draft_expired.pk: "draft"}
    assert expired.events.get().actor is None


def test_a_company_that_loses_a_race_for_the_same_nib_gets_a_field_message(monkeypatch):
    # given the NIB was registered by a concurrent request after our uniqueness check ran
    CompanyFactory(nib="9120001234567")
    monkeypatch.setattr(Company, "validate_unique", lambda self, exclude=None: None)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.employer_register(account_email="baru@example.id", password="x", full_name="Baru", **company_fields())
    # then
    assert "nib" in excinfo.value.message_dict
    assert not User.objects.filter(email="baru@example.id").exists()
