"""An account e-mail through the real Redis broker and a real Celery worker, as the notices' (test_worker there)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from bontang_aker.accounts.models import AccountMail
from bontang_aker.accounts.tasks import send_account_mail_task
from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_sends_the_verification_mail_once_even_if_the_task_is_delivered_twice(mailoutbox):
    # given: the row a sign-up commits (made directly, so nothing goes to the default queue)
    user = UserFactory(unverified=True, language="en")
    mail = AccountMail.objects.create(user=user, kind=AccountMail.Kind.VERIFY, address=user.email)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        # when the same task reaches the worker twice
        send_account_mail_task.apply_async(args=[mail.pk], queue=queue)
        send_account_mail_task.apply_async(args=[mail.pk], queue=queue)
        # then one message goes out and the row is marked sent
        assert wait_for(lambda: AccountMail.objects.get(pk=mail.pk).sent_at is not None)
        time.sleep(0.5)  # let the second delivery run too
    assert [message.subject for message in mailoutbox] == ["Verify your email address"]
