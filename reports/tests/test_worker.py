"""A real Celery worker on the real Redis broker generates a requested report version."""

import datetime

import pytest
from django.test import override_settings

from reports import services
from reports.models import Report
from reports.tests import scenario
from tests.test_celery_worker import wait_for, worker_queue  # noqa: F401, F811 (a fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_requested_report_is_generated_by_the_worker(worker_queue, kabid):  # noqa: F811
    scenario.build()
    # when the head requests March (the commit hands it to the worker through Redis)
    with override_settings(REPORT_TASK_QUEUE=worker_queue):
        report = services.report_request(start=datetime.date(2026, 3, 1), by=kabid)
    # then the worker makes it ready, with its files
    assert wait_for(lambda: Report.objects.get(pk=report.pk).status == Report.Status.READY, timeout=60)
    report.refresh_from_db()
    assert report.progress == 100 and report.files.filter(format="xlsx").exists()
