import pytest
from django.urls import reverse

from bontang_aker.core.health import redis_py_url

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_database_and_redis_answer(client):
    # when
    response = client.get(reverse("healthz"))

    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_503_when_redis_is_unreachable(client, settings):
    # given: nothing listens on port 1
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    # when
    response = client.get(reverse("healthz"))

    # then
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")


def test_healthz_path_has_no_trailing_slash():
    assert reverse("healthz") == "/healthz"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis+socket:///var/run/redis.sock", "unix:///var/run/redis.sock"),
        ("socket:///tmp/r.sock?virtual_host=1", "unix:///tmp/r.sock?db=1"),
        ("unix:///tmp/r.sock", "unix:///tmp/r.sock"),
    ],
)
def test_redis_socket_urls_are_converted_for_redis_py(url, expected):
    assert redis_py_url(url) == expected
