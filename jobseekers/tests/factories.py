import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, Kelurahan, Skill
from jobseekers.models import AkiCard, Document, EducationEntry, ExperienceEntry, JobseekerProfile


def nik_for(serial: int, birth_date: datetime.date, sex: str, region: str = "647401") -> str:
    """A valid NIK for the given birth date and sex (day + 40 for women)."""
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{region}{day:02d}{birth_date:%m%y}{serial % 9999 + 1:04d}"


class JobseekerProfileFactory(DjangoModelFactory):
    class Meta:
        model = JobseekerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Faker("name", locale="id_ID")
    birth_place = "Bontang"
    birth_date = datetime.date(1999, 3, 14)
    sex = "M"
    nik = factory.LazyAttributeSequence(
        lambda o, n: nik_for(n, o.birth_date, o.sex, region=f"6474{n // 9999 % 3 + 1:02d}")
    )
    ktp_address = "Jl. MT Haryono RT 12"
    kelurahan = factory.LazyFunction(lambda: Kelurahan.objects.get(code="64.74.01.1002"))
    phone = "+6281234567890"
    consent_at = factory.LazyFunction(timezone.now)

    class Params:
        outside = factory.Trait(kelurahan=None, outside_city="Kutai Timur")
        # An active AK/I card, as every applicant holds (placements' ApplicationFactory uses it).
        card_holder = factory.Trait(
            active_card=factory.RelatedFactory("jobseekers.tests.factories.AkiCardFactory", "jobseeker", active=True)
        )
        # Educated to SMK level: enough for the factory vacancies' minimum education.
        educated = factory.Trait(
            education=factory.RelatedFactory("jobseekers.tests.factories.EducationEntryFactory", "jobseeker")
        )
        # Everything the AK/I card request needs: personal data, education, a skill and the three documents.
        complete = factory.Trait(
            religion="Islam",
            educated=True,
            complete_extras=factory.PostGeneration(lambda profile, create, extracted, **kw: _complete(profile, create)),
        )


class EducationEntryFactory(DjangoModelFactory):
    class Meta:
        model = EducationEntry

    jobseeker = factory.SubFactory(JobseekerProfileFactory)
    level = factory.LazyFunction(lambda: EducationLevel.objects.get(code="SMK"))
    institution = "SMK Negeri 1 Bontang"
    major = "Kimia Industri"
    graduation_year = 2017


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    jobseeker = factory.SubFactory(JobseekerProfileFactory)
    kind = Document.Kind.KTP
    file = factory.django.FileField(filename="dokumen.pdf", data=b"%PDF-1.4 demo")


class AkiCardFactory(DjangoModelFactory):
    class Meta:
        model = AkiCard

    jobseeker = factory.SubFactory(JobseekerProfileFactory)
    status = AkiCard.Status.REQUESTED

    class Params:
        active = factory.Trait(
            status=AkiCard.Status.ACTIVE,
            number=factory.Sequence(lambda n: f"6474-TEST-{n:07d}"),
            issued_at=factory.LazyFunction(timezone.now),
            last_reported_at=factory.LazyFunction(timezone.now),
            expires_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=730)),
        )


def _complete(profile, create) -> None:
    if not create:
        return
    profile.skills.add(Skill.objects.get(code="operator-proses"))
    for kind in (Document.Kind.KTP, Document.Kind.DIPLOMA, Document.Kind.PHOTO):
        DocumentFactory(jobseeker=profile, kind=kind)


class ExperienceEntryFactory(DjangoModelFactory):
    class Meta:
        model = ExperienceEntry

    jobseeker = factory.SubFactory(JobseekerProfileFactory)
    employer_name = "PT Kaltim Industri"
    position = "Operator"
    start_date = datetime.date(2019, 1, 1)
    end_date = datetime.date(2021, 6, 30)
