import factory
from factory.django import DjangoModelFactory

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Application, Referral


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    jobseeker = factory.SubFactory(JobseekerProfileFactory, card_holder=True)  # applying needs an active card
    vacancy = factory.SubFactory(VacancyFactory, published=True)
    status = Application.Status.SUBMITTED


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.REFERRED)
    letter_number = factory.Sequence(lambda n: f"AK.V/TEST/{n:06d}")
    referred_by = factory.SubFactory(UserFactory, petugas=True)
