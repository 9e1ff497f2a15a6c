import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS, User

TEST_PASSWORD = "rahasia-uji-123"


def _join_group(name: str):
    def add(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.id")
    full_name = factory.Faker("name", locale="id_ID")
    role = User.Role.JOBSEEKER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)
    # Verified, as most tests are about what comes after; `unverified=True` for a fresh sign-up.
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        unverified = factory.Trait(email_verified_at=None)
        employer = factory.Trait(role=User.Role.EMPLOYER)
        petugas = factory.Trait(role=User.Role.STAFF, is_staff=True, staff_group=_join_group(GROUP_PETUGAS))
        kabid = factory.Trait(role=User.Role.STAFF, is_staff=True, staff_group=_join_group(GROUP_KEPALA_BIDANG))

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])
