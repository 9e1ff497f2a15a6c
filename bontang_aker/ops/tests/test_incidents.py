"""Failed and retried tasks become TaskIncident rows, one per task, exception class and day."""

import time
import uuid
from datetime import timedelta

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone

from bontang_aker.celery import app
from bontang_aker.ops.incidents import failures_since, short_message, summarise_arguments
from bontang_aker.ops.models import TaskIncident


class FlakyServiceError(Exception):
    pass


@shared_task(name="ops.tests.always_fails")
def always_fails_task(vacancy_id, *, email=None, kind="value"):
    if kind == "lookup":
        raise LookupError(f"no vacancy {vacancy_id}")
    raise ValueError(f"vacancy {vacancy_id} of {email}, NIK 6474011203900001, failed")


@shared_task(
    name="ops.tests.retries_then_fails",
    autoretry_for=(FlakyServiceError,),
    max_retries=2,
    default_retry_delay=0,
)
def retries_then_fails_task(application_id):
    raise FlakyServiceError("mail server said no")


@pytest.mark.django_db
def test_a_failed_task_is_recorded_without_personal_data():
    # when a task fails (run eagerly: the same signal path as in the worker)
    result = always_fails_task.apply(args=[42], kwargs={"email": "siti@example.com"})
    # then one incident names the task, the exception and the ids only
    assert result.failed()
    incident = TaskIncident.objects.get()
    assert incident.task_name == "ops.tests.always_fails"
    assert incident.state == TaskIncident.State.FAILED
    assert incident.exception_class == "ValueError"
    assert incident.count == 1
    assert incident.args_summary == "42, email=<str>"
    assert incident.last_task_id == result.id
    assert incident.day == timezone.localdate()
    assert "siti@example.com" not in incident.message
    assert "6474011203900001" not in incident.message
    assert incident.message == "vacancy 42 of <email>, NIK <number>, failed"


@pytest.mark.django_db
def test_repeated_failures_add_to_one_row_per_exception_class():
    # when the same task fails five times with one error and twice with another
    for vacancy_id in range(5):
        always_fails_task.apply(args=[vacancy_id])
    for vacancy_id in range(2):
        always_fails_task.apply(args=[vacancy_id], kwargs={"kind": "lookup"})
    # then two rows count them
    counts = dict(TaskIncident.objects.values_list("exception_class", "count"))
    assert counts == {"ValueError": 5, "LookupError": 2}
    incident = TaskIncident.objects.get(exception_class="ValueError")
    assert incident.first_seen <= incident.last_seen
    assert incident.args_summary == "4"  # the last ValueError run


@pytest.mark.django_db
def test_retries_are_counted_and_the_final_failure_recorded():
    # when a task with two retries keeps failing
    retries_then_fails_task.apply(args=[7])
    # then the retries are counted, and the last attempt is a failure
    incidents = {incident.state: incident for incident in TaskIncident.objects.all()}
    assert incidents["retried"].count == 2
    assert incidents["retried"].exception_class.endswith("FlakyServiceError")
    assert incidents["retried"].message == "mail server said no"
    assert incidents["failed"].count == 1


@pytest.mark.django_db
def test_failures_of_the_last_day_are_summed():
    # given failures today and one incident seen two days ago
    always_fails_task.apply(args=[1])
    always_fails_task.apply(args=[2])
    old = timezone.now() - timedelta(days=2)
    TaskIncident.objects.create(
        task_name="old", state="failed", exception_class="X", day=old.date(), count=9, first_seen=old, last_seen=old
    )
    # then only the recent ones count
    assert failures_since(timezone.now() - timedelta(hours=24)) == 2


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1, "Budi Santoso"), {}, "1, <str>"),
        ((), {"jobseeker_ids": [1, 2, 3]}, "jobseeker_ids=[1, 2, 3]"),
        ((list(range(50)),), {"force": True}, "[50 ids], force=True"),
        (None, None, ""),
    ],
)
def test_arguments_are_summarised_by_ids(args, kwargs, expected):
    assert summarise_arguments(args, kwargs) == expected


def test_short_message_is_the_first_line():
    assert short_message(Exception("first\nDETAIL: Key (nik)=(6474011203900001)")) == "first"
    assert short_message(Exception()) == ""


@pytest.mark.django_db
def test_staff_see_incidents_read_only_and_the_count_on_the_home_page(client, petugas, kabid):
    # given two failures today
    always_fails_task.apply(args=[1])
    always_fails_task.apply(args=[2])
    incident = TaskIncident.objects.get()
    for staff in (petugas, kabid):
        client.force_login(staff)
        # when a staff member opens the admin
        home = client.get(reverse("admin:index"))
        listing = client.get(reverse("admin:ops_taskincident_changelist"))
        detail = client.get(reverse("admin:ops_taskincident_change", args=[incident.pk]))
        # then the home page counts the failures and links to them; the list and record open read-only
        assert home.status_code == 200
        assert "task-failures" in home.content.decode()
        assert "?state__exact=failed" in home.content.decode()
        assert listing.status_code == 200
        assert "ops.tests.always_fails" in listing.content.decode()
        assert detail.status_code == 200
        assert client.post(reverse("admin:ops_taskincident_delete", args=[incident.pk])).status_code == 403
        assert client.get(reverse("admin:ops_taskincident_add")).status_code == 403
    assert TaskIncident.objects.get().count == 2


@pytest.mark.django_db
def test_people_without_the_permission_do_not_see_the_count(client):
    from bontang_aker.accounts.tests.factories import UserFactory

    # given a staff account without any group
    user = UserFactory(is_staff=True)
    client.force_login(user)
    # when it opens the admin home page
    response = client.get(reverse("admin:index"))
    # then no failure count is shown
    assert "task-failures" not in response.content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_failing_in_a_real_worker_is_recorded():
    # given a real worker on a queue of its own
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        # when a task fails in it twice
        always_fails_task.apply_async(args=[5], queue=queue)
        always_fails_task.apply_async(args=[6], queue=queue)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if TaskIncident.objects.filter(count=2).exists():
                break
            time.sleep(0.1)
    # then one incident counts both
    incident = TaskIncident.objects.get()
    assert (incident.task_name, incident.exception_class, incident.count) == ("ops.tests.always_fails", "ValueError", 2)
    assert incident.args_summary == "6"
