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


@pytest.fixture
def fresh_migration_check(monkeypatch):
    from bontang_aker.core import health

    monkeypatch.setattr(health, "_migrations_applied", False)


def test_readyz_ok_when_database_redis_and_migrations_are_ready(client, fresh_migration_check):
    # when
    response = client.get(reverse("readyz"))

    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_503_when_a_migration_is_not_applied(client, settings, fresh_migration_check):
    # given code with one migration more than the database has (the ops app's applied one plus one)
    settings.MIGRATION_MODULES = {"ops": "bontang_aker.ops.tests.pending_migrations"}

    # when
    response = client.get(reverse("readyz"))

    # then not ready, saying only that migrations are pending
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "redis": "ok", "migrations": "error: pending"},
    }


def test_readyz_503_when_redis_is_unreachable(client, settings, fresh_migration_check):
    # given nothing listens on port 1
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    # when
    response = client.get(reverse("readyz"))

    # then
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error: ")
    assert response.json()["checks"]["migrations"] == "ok"


def test_readyz_path_has_no_trailing_slash():
    assert reverse("readyz") == "/readyz"
