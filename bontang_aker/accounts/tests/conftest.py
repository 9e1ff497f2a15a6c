"""Fixtures for the account e-mail tests: the task run in-process, and limits that start at zero."""

from unittest import mock

import pytest
from django.core.cache import cache

from bontang_aker.accounts.tasks import send_account_mail_task


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The password reset limits count in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_broker():
    """A test that lets on_commit callbacks run queues nothing on the real broker, unless it runs the tasks."""
    with mock.patch.object(send_account_mail_task, "delay") as delay:
        yield delay


@pytest.fixture
def run_mail_tasks():
    """Queued account mails are sent at once, by the task's own code, when the transaction commits.

    Yields the mock of `delay`, to see what was queued.
    """
    with mock.patch.object(
        send_account_mail_task, "delay", side_effect=lambda mail_id: send_account_mail_task(mail_id)
    ) as delay:
        yield delay
