import factory
from factory.django import DjangoModelFactory

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice


class NoticeFactory(DjangoModelFactory):
    """A stored notice, as `notice_send` leaves it; tests of sending call the service instead."""

    class Meta:
        model = Notice

    recipient = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = factory.Sequence(lambda n: f"Notice {n}")
    body = "Something changed."
    url = "/akun/dasbor/"
