import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan
from employers.models import Company, CompanyMember, Vacancy
from employers.search import vacancy_search_refresh


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"PT Bontang Industri {n}")
    legal_form = Company.LegalForm.PT
    nib = factory.Sequence(lambda n: f"{9120000000000 + n}")
    npwp = factory.Sequence(lambda n: f"{1000000000000000 + n}")
    kbli_code = "20112"
    kbli_category = factory.LazyFunction(lambda: KbliCategory.objects.get(code="C"))
    ownership = Company.Ownership.PRIVATE
    address = "Jl. Ir. H. Juanda No. 1"
    kelurahan = factory.LazyFunction(lambda: Kelurahan.objects.get(code="64.74.02.1001"))
    phone = "+62548123456"
    email = factory.Sequence(lambda n: f"hrd{n}@perusahaan.example.id")
    status = Company.Status.PENDING

    class Params:
        verified = factory.Trait(status=Company.Status.VERIFIED, verified_at=factory.LazyFunction(timezone.now))


class CompanyMemberFactory(DjangoModelFactory):
    class Meta:
        model = CompanyMember

    user = factory.SubFactory(UserFactory, employer=True)
    company = factory.SubFactory(CompanyFactory, verified=True)
    is_company_admin = True


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory, verified=True)
    title = factory.Sequence(lambda n: f"Operator Produksi {n}")
    occupation = factory.LazyFunction(lambda: KbjiGroup.objects.get(code="8"))
    employment_type = Vacancy.EmploymentType.CONTRACT
    description = "Mengoperasikan peralatan produksi sesuai SOP dan K3."
    openings = 3
    open_date = factory.LazyFunction(timezone.localdate)
    close_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    age_min = 18
    age_max = 35
    min_education = factory.LazyFunction(lambda: EducationLevel.objects.get(code="SMK"))
    majors = "Teknik Kimia, Teknik Mesin"
    experience_years_min = 0
    wage_min = 4_000_000
    wage_max = 5_500_000
    work_kelurahan = factory.LazyFunction(lambda: Kelurahan.objects.get(code="64.74.01.1003"))
    work_location = "Kawasan Industri Lok Tuan"
    status = Vacancy.Status.DRAFT

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        """`VacancyFactory(skills=[skill, ...])` sets the required skills."""
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        # Services refresh the stored vector; rows made by a factory need the same.
        if create:
            vacancy_search_refresh(vacancy_ids=[self.pk])

    class Params:
        in_review = factory.Trait(status=Vacancy.Status.IN_REVIEW, submitted_at=factory.LazyFunction(timezone.now))
        published = factory.Trait(
            status=Vacancy.Status.PUBLISHED,
            submitted_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )


def employer_sign_up_data(**overrides) -> dict:
    """What the employer sign-up form (/perusahaan/daftar/) takes, filled in for one company."""
    data = {
        "account_email": "hrd@tirta.example.id",
        "password1": "Perusahaan-Btg-26",
        "password2": "Perusahaan-Btg-26",
        "full_name": "Dewi Lestari",
        "position": "HR Manager",
        "name": "PT Tirta Kaltim Sejahtera",
        "legal_form": "pt",
        "ownership": "private",
        "nib": "9120012345678",
        "npwp": "01.234.567.8-901.000",
        "kbli_code": "36000",
        "address": "Jl. Letjen S. Parman 10",
        "kelurahan": str(Kelurahan.objects.get(code="64.74.01.1004").pk),
        "phone": "0548-41234",
        "email": "info@tirta.example.id",
        "website": "",
    }
    data.update(overrides)
    return data
