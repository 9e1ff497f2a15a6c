"""The API answers only what its OpenAPI schema says, checked by Schemathesis on every operation.

Schemathesis reads /api/schema/ and sends each operation requests built from it: valid ones and,
in negative mode, ones that break the schema (a number below its minimum, a value outside its
enum, a wrong type). Each answer must be no server error, with a documented status code,
content type, headers and body. It runs twice: anonymously and with a token. In process
(WSGI, the test's own transaction), and bounded so the whole file takes seconds, not minutes.

Not checked: that every valid-looking request is accepted (positive_data_acceptance). A filter
takes codes from the reference lists, so a well-formed but unknown code is rightly a 400.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
BOUNDED = settings(
    max_examples=8,  # per operation and run, in the random (fuzzing) phase
    deadline=None,
    derandomize=True,  # the same requests on every run: a failure in CI reproduces locally
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# The coverage phase sends every boundary case the schema defines (each minimum - 1, each enum's
# neighbours, empty values, wrong types, unexpected methods). It is kept for the public reads,
# whose parameters anyone may send; for the rest, which need a signed-in user, the random phase
# suffices and keeps the run short.
ANONYMOUS = """
[phases.coverage]
enabled = false
[phases.stateful]
enabled = false

[[operations]]
include-path-regex = "^/api/v1/(vacancies|reference|cards|transparency)/|^/api/v1/auth/token/$"
phases.coverage.enabled = true
"""
WITH_TOKEN = """
[phases.coverage]
enabled = false
[phases.stateful]
enabled = false
"""


def load_schema(config: str):
    """The schema as the API serves it, read when the tests are collected (no database needed)."""
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), config=schemathesis.Config.from_str(config)
    )


anonymous_schema = load_schema(ANONYMOUS)
token_schema = load_schema(WITH_TOKEN)


@pytest.fixture(autouse=True)
def in_process_requests():
    """Requests handled in this thread and this test's transaction, like Django's test client.

    A real request ends by closing the database connection; inside a test that would end the
    test's transaction, so the handler is kept from doing it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()  # throttle counts from other tests
    yield
    cache.clear()  # and ours, for the tests after
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def published_vacancies():
    return VacancyFactory.create_batch(3, published=True)


@anonymous_schema.parametrize()
@BOUNDED
def test_anonymous_requests_get_documented_answers(case):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def token() -> str:
    return Token.objects.create(user=UserFactory()).key


@token_schema.parametrize()
@BOUNDED
def test_requests_with_a_token_get_documented_answers(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
