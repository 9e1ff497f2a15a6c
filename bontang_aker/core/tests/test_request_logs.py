"""The request id: from X-Request-ID or new, in the response, on every log line and in the tasks enqueued."""

import io
import json
import logging
import time
import uuid

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from bontang_aker.celery import app
from bontang_aker.core import logs
from bontang_aker.core.middleware import RequestIdMiddleware

SEEN_BY_TASK = []


@shared_task(name="core.tests.remember_request_id")
def remember_request_id_task(marker):
    SEEN_BY_TASK.append((marker, logs.current_request_id(), logs.task_name_var.get(), logs.task_id_var.get()))
    logging.getLogger("core.tests").info("task ran")


def json_lines(records) -> list[dict]:
    formatter, context = logs.JsonFormatter(), logs.RequestContextFilter()
    lines = []
    for record in records:
        context.filter(record)
        lines.append(json.loads(formatter.format(record)))
    return lines


@pytest.mark.django_db
def test_a_valid_client_request_id_is_kept_and_returned(client):
    # when
    response = client.get(reverse("healthz"), headers={"X-Request-ID": "lb-7f3a.42"})
    # then
    assert response["X-Request-ID"] == "lb-7f3a.42"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "x" * 65, "a b", "abc\r\nSet-Cookie: x=1", "<script>", "ü"])
def test_an_unsafe_or_long_request_id_is_replaced_by_a_new_one(client, sent):
    # when
    response = client.get(reverse("healthz"), headers={"X-Request-ID": sent} if sent.isprintable() else {})
    # then a fresh 32-hex id is returned instead
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32
    int(response["X-Request-ID"], 16)


@pytest.mark.django_db
def test_one_json_line_per_request_without_query_string(client, caplog, petugas):
    # given a signed-in staff member
    client.force_login(petugas)
    # when a page is opened with a token in the query string
    with caplog.at_level(logging.INFO, logger="bontang_aker.request"):
        response = client.get("/healthz?token=s3cret-value", headers={"X-Request-ID": "req-1"})
    # then one line describes the request, with the id, the user's id and no query string
    [line] = json_lines(r for r in caplog.records if r.name == "bontang_aker.request")
    assert line["request_id"] == "req-1"
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == response.status_code == 200
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert line["logger"] == "bontang_aker.request"
    assert line["time"].endswith("+00:00")
    assert "s3cret" not in json.dumps(line)
    assert petugas.email not in json.dumps(line)
    assert line["user_id"] in (None, petugas.pk)  # only when the request itself looked the user up


@pytest.mark.django_db
def test_secret_url_arguments_are_not_logged(client, caplog):
    # when an e-mail confirmation link is opened
    url = reverse("accounts:email_verify", kwargs={"token": "tok-abcdef123456"})
    with caplog.at_level(logging.INFO, logger="bontang_aker.request"):
        client.get(url)
    # then the log names the argument, not its value
    [line] = json_lines(r for r in caplog.records if r.name == "bontang_aker.request")
    assert "tok-abcdef123456" not in json.dumps(line)
    assert "<token>" in line["path"]


def test_json_formatter_writes_extras_and_exceptions_on_one_line():
    # given a logger writing through the configured filter and formatter
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestContextFilter())
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger(f"test.{uuid.uuid4().hex}")
    logger.addHandler(handler)
    logger.propagate = False
    token = logs.request_id_var.set("abc")
    try:
        # when a line with extra fields and an exception is written
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed %s", "here", extra={"vacancy_id": 7})
    finally:
        logs.request_id_var.reset(token)
    # then it is one JSON object with all of them
    [raw] = stream.getvalue().splitlines()
    line = json.loads(raw)
    assert line["message"] == "failed here"
    assert line["level"] == "ERROR"
    assert line["request_id"] == "abc"
    assert line["vacancy_id"] == 7
    assert "ValueError: boom" in line["exception"]


def test_settings_choose_the_format(settings):
    # then tests write plain text lines (production's default is JSON: DJANGO_LOG_FORMAT)
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert set(settings.LOGGING["formatters"]) == {"json", "text"}


def test_a_task_run_eagerly_in_a_request_logs_with_its_id():
    # given a request whose view runs a task in its own thread
    SEEN_BY_TASK.clear()
    middleware = RequestIdMiddleware(
        lambda request: (remember_request_id_task.apply(args=["eager"]), HttpResponse())[1]
    )
    # when
    response = middleware(RequestFactory().get("/", headers={"X-Request-ID": "eager-1"}))
    # then the task saw the request id, its own name and id; and nothing is left set afterwards
    [(marker, request_id, task_name, task_id)] = SEEN_BY_TASK
    assert (marker, request_id, task_name) == ("eager", "eager-1", "core.tests.remember_request_id")
    assert task_id
    assert response["X-Request-ID"] == "eager-1"
    assert logs.current_request_id() is None
    assert logs.task_name_var.get() is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_during_a_request_carries_its_id_to_the_worker():
    # given a real worker on a queue of its own
    queue = f"test-{uuid.uuid4().hex[:8]}"
    SEEN_BY_TASK.clear()
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
        # when a request enqueues the task through Redis
        middleware = RequestIdMiddleware(
            lambda request: (remember_request_id_task.apply_async(args=["worker"], queue=queue), HttpResponse())[1]
        )
        middleware(RequestFactory().get("/", headers={"X-Request-ID": "web-to-worker-1"}))
        deadline = time.monotonic() + 15
        while not SEEN_BY_TASK and time.monotonic() < deadline:
            time.sleep(0.1)
    # then the worker ran it with the request's id
    [(marker, request_id, task_name, task_id)] = SEEN_BY_TASK
    assert (marker, request_id, task_name) == ("worker", "web-to-worker-1", "core.tests.remember_request_id")
    assert task_id


def test_celery_task_arguments_are_not_written(caplog):
    # when a task fails (Celery logs it with the arguments in extra={"data": …})
    with caplog.at_level(logging.INFO, logger="celery.app.trace"):
        remember_request_id_task.apply(args=["x"], kwargs={"unexpected": "siti@example.com"})
    # then the JSON line keeps the task's name and id but not the arguments
    [line] = json_lines(r for r in caplog.records if r.name == "celery.app.trace")
    assert line["data"]["name"] == "core.tests.remember_request_id"
    assert "siti@example.com" not in json.dumps(line)
