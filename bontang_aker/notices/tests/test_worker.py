"""A notice e-mail through the real Redis broker and a real Celery worker (see tests/test_celery_worker.py)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from bontang_aker.celery import app
from bontang_aker.notices.models import Notice
from bontang_aker.notices.tasks import send_notice_email_task
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_sends_the_email_once_even_if_the_task_is_delivered_twice(mailoutbox):
    # given
    notice = NoticeFactory(subject="Your AK/I card has been issued")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        # when the same task reaches the worker twice
        send_notice_email_task.apply_async(args=[notice.pk], queue=queue)
        send_notice_email_task.apply_async(args=[notice.pk], queue=queue)
        # then one message goes out and the notice is marked e-mailed
        assert wait_for(lambda: Notice.objects.get(pk=notice.pk).emailed_at is not None)
        time.sleep(0.5)  # let the second delivery run too
    assert [message.subject for message in mailoutbox] == ["Your AK/I card has been issued"]
