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
from jobseekers.tasks import lapse_overdue_aki_cards_task, send_aki_card_report_reminders_task
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from portal.models import SavedSearch, SavedSearchDigest
from portal.tasks import send_saved_search_digest_task

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


def test_worker_sends_each_report_reminder_once_even_if_delivered_twice(worker_queue):
    from dateutil.relativedelta import relativedelta

    from bontang_aker.notices.models import Notice

    # given a card whose report (lapor) is due in three days
    card = AkiCardFactory(
        active=True,
        last_reported_at=timezone.now() - relativedelta(months=6) + datetime.timedelta(days=3),
        expires_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    reminders = Notice.objects.filter(recipient=card.jobseeker.user, key__startswith=f"akicard:{card.pk}:report:")
    # when the morning task is delivered twice
    send_aki_card_report_reminders_task.apply_async(queue=worker_queue)
    send_aki_card_report_reminders_task.apply_async(queue=worker_queue)
    # then exactly one reminder exists, the one before the due date
    assert wait_for(lambda: reminders.exists())
    time.sleep(0.5)  # let the second delivery run too
    assert reminders.count() == 1
    assert reminders.get().key.endswith(":before")


def test_worker_sends_the_saved_search_digest_once_even_if_delivered_twice(worker_queue, mailoutbox):
    # given a saved search checked two hours ago and a matching vacancy published since
    user = JobseekerProfileFactory().user
    SavedSearch.objects.create(
        user=user, name="las", query="q=las", last_checked_at=timezone.now() - datetime.timedelta(hours=2)
    )
    VacancyFactory(published=True, title="Juru Las SMAW")
    # when the day's digest task is delivered twice
    day = timezone.localdate().isoformat()
    send_saved_search_digest_task.apply_async((user.pk, day), queue=worker_queue)
    send_saved_search_digest_task.apply_async((user.pk, day), queue=worker_queue)
    # then one mail goes out, recorded once
    assert wait_for(lambda: SavedSearchDigest.objects.filter(user=user, sent_at__isnull=False).exists())
    time.sleep(0.5)  # let the second delivery run too
    assert SavedSearchDigest.objects.filter(user=user).count() == 1
    assert len(mailoutbox) == 1 and "Juru Las SMAW" in mailoutbox[0].body
