"""Tasks travel through the real Redis broker to a real Celery worker and change the real database.

The worker runs in a thread of the test process (celery.contrib.testing), consuming a queue
of its own so that a development worker on the same Redis never takes these messages.
"""

import datetime
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from bontang_aker.celery import app
from employers.models import Vacancy
from employers.tasks import close_expired_vacancies_task
from employers.tests.factories import VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tasks import lapse_overdue_aki_cards_task
from jobseekers.tests.factories import AkiCardFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        yield queue


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_closes_expired_vacancies(worker_queue):
    # given a published vacancy whose closing date passed yesterday, and one still open
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = VacancyFactory(published=True, open_date=yesterday - datetime.timedelta(days=7), close_date=yesterday)
    open_one = VacancyFactory(published=True)
    # when the nightly task goes through the broker
    close_expired_vacancies_task.apply_async(queue=worker_queue)
    # then the worker closes only the expired one
    assert wait_for(lambda: Vacancy.objects.get(pk=expired.pk).status == Vacancy.Status.CLOSED)
    assert Vacancy.objects.get(pk=open_one.pk).status == Vacancy.Status.PUBLISHED


def test_worker_lapses_overdue_cards_once_even_if_delivered_twice(worker_queue):
    # given an expired card
    card = AkiCardFactory(active=True, expires_on=timezone.localdate() - datetime.timedelta(days=1))
    # when the task is delivered twice
    lapse_overdue_aki_cards_task.apply_async(queue=worker_queue)
    lapse_overdue_aki_cards_task.apply_async(queue=worker_queue)
    # then the card lapses with exactly one event
    assert wait_for(lambda: AkiCard.objects.get(pk=card.pk).status == AkiCard.Status.LAPSED)
    time.sleep(0.5)  # let the second delivery run too
    assert card.events.filter(to_status="lapsed").count() == 1
