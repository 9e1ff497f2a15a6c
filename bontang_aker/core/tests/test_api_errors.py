"""Every error under /api/ is JSON in one shape, with a translated message; pages keep their HTML."""

import contextlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core import views
from bontang_aker.core.api import exception_handler

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL is unreachable."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def client() -> Client:
    client = APIClient()
    client.raise_request_exception = False  # answer as in production: through handler500
    return client


# 500 ----------------------------------------------------------------------------------------


def test_an_api_request_during_a_database_outage_is_answered_with_json(client):
    # given
    url = reverse("api:kelurahan-list")

    # when
    with database_down():
        response = client.get(url, **ENGLISH)

    # then: 503 (the database is unreachable, not a bug), with when to retry
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "A server error occurred. Please try again in a few minutes.",
        "code": "unavailable",
    }


def test_a_page_during_a_database_outage_still_gets_the_html_error_page(client):
    # when
    with database_down():
        response = client.get(reverse("home"), **ENGLISH)

    # then
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Something went wrong on our side" in response.content.decode()


# 404 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nonexistent/", "/api/v1/vacancies/1.5/", "/api/"])
def test_an_api_path_matching_no_route_is_a_json_404(client, path):
    # when
    response = client.get(path, **ENGLISH)

    # then
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_page_matching_no_route_is_still_the_html_404(client):
    # when
    response = client.get("/no-such-page/", **ENGLISH)

    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("pk", ["999999999", "99999999999999999999999999", "null,null"])
def test_a_missing_object_is_a_translated_not_found_that_names_no_model(client, pk):
    # when
    response = client.get(reverse("api:vacancy-detail", args=[pk]), **ENGLISH)

    # then: not Django's "No Vacancy matches the given query."
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_page_past_the_end_is_a_404_in_the_error_shape(client):
    # when
    response = client.get(reverse("api:vacancy-list"), {"page": "0"}, **ENGLISH)

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page.", "code": "not_found"}


def test_a_permission_error_outside_drf_is_json_under_the_api_and_html_elsewhere(rf):
    # when
    api = views.permission_denied(rf.get("/api/v1/anything/"), PermissionDenied())
    page = views.permission_denied(rf.get("/akun/dasbor/"), PermissionDenied())

    # then
    assert (api.status_code, api["Content-Type"]) == (403, "application/json")
    assert json.loads(api.content)["code"] == "permission_denied"
    assert (page.status_code, page["Content-Type"].split(";")[0]) == (403, "text/html")


# 401, 400 -----------------------------------------------------------------------------------


def test_a_missing_token_is_a_401_with_a_code(client):
    # when
    response = client.get(reverse("api:auth-me"), **ENGLISH)

    # then
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"}


def test_a_wrong_token_is_a_401_with_a_code(client):
    # given
    Token.objects.create(user=UserFactory())

    # when
    response = client.get(reverse("api:auth-me"), HTTP_AUTHORIZATION="Token not-a-real-token", **ENGLISH)

    # then
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_invalid_filters_still_name_each_parameter(client):
    # when
    response = client.get(reverse("api:vacancy-list"), {"company": "0"}, **ENGLISH)

    # then: the validation shape is unchanged, a list of messages per parameter
    assert response.status_code == 400
    assert response.json() == {"company": ["Ensure this value is greater than or equal to 1."]}


# 429 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wait", "detail", "retry_after"),
    [
        (52.3, "Too many requests. Please try again in 53 seconds.", "53"),
        (0.4, "Too many requests. Please try again in 1 second.", "1"),
        (None, "Too many requests. Please try again later.", None),
    ],
)
def test_a_throttled_request_gets_a_whole_translatable_sentence(wait, detail, retry_after):
    # when
    with translation.override("en"):
        response = exception_handler(Throttled(wait=wait), context={})

    # then: not DRF's "Expected available in 53 seconds.", which its catalogue never matches
    assert response.status_code == 429
    assert response.data == {"detail": detail, "code": "throttled"}
    assert response.get("Retry-After") == retry_after


# Indonesian (passes once the catalogue has this change's entries) ---------------------------


@pytest.mark.parametrize(
    ("path", "headers", "detail"),
    [
        ("/api/v1/vacancies/?page=0", {}, "Halaman tidak valid."),
        ("/api/v1/vacancies/999999999/", {}, "Data tidak ditemukan."),
        ("/api/v1/nonexistent/", {}, "Data tidak ditemukan."),
        ("/api/v1/auth/me/", {"HTTP_AUTHORIZATION": "Token not-a-real-token"}, "Token tidak valid."),
    ],
)
def test_api_errors_speak_indonesian_by_default(client, path, headers, detail):
    # when
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="id", **headers)

    # then: none of DRF's or Django's English messages
    assert response.json()["detail"] == detail


def test_format_json_in_the_url_wins_over_an_html_only_accept_header():
    # the browsable API's "json" link, opened by a client that asks only for HTML
    client = Client(headers={"accept": "text/html,application/xhtml+xml"})
    response = client.get("/api/v1/reference/education-levels/?format=json")
    assert response.status_code == 200
    assert response["content-type"].startswith("application/json")
    assert isinstance(json.loads(response.content), dict | list)
    # without the format the same client still gets the browsable page, and an unknown format is a 404
    assert client.get("/api/v1/reference/education-levels/")["content-type"].startswith("text/html")
    assert client.get("/api/v1/reference/education-levels/?format=yaml-ish").status_code == 404
