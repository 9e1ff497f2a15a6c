import logging
import socket
import time

import pytest
from django.core.cache import cache
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from bontang_aker.core.throttling import AnonRateThrottle
from bontang_aker.settings import base as base_settings

REFUSED_REDIS = "redis://127.0.0.1:1/0"


class PingThrottle(AnonRateThrottle):
    scope = "test_ping"
    rate = "3/min"


class PingView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PingThrottle]

    def get(self, request):
        return Response({"ok": True})


ping = PingView.as_view()


def get_ping(remote_addr: str = "203.0.113.7", forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return ping(APIRequestFactory().get("/ping/", **headers))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Counts of earlier tests stay in the (local memory) cache. Cleared before only: after a
    # test, `settings` may still point the cache at an unreachable Redis.
    cache.clear()


@pytest.fixture
def hanging_redis():
    """A port that accepts connections and never answers, like a Redis stuck in a long command."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def production_cache_at(location: str) -> dict:
    """The CACHES of bontang_aker/settings/base.py (timeouts included), pointed elsewhere."""
    return {"default": {**base_settings.CACHES["default"], "LOCATION": location}}


# Client address -----------------------------------------------------------------------------


def test_rotating_x_forwarded_for_does_not_escape_the_throttle(settings):
    # given: no trusted proxy, a client inventing a new X-Forwarded-For for every request
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        assert get_ping(forwarded_for=f"198.51.100.{n}").status_code == 200

    # when
    response = get_ping(forwarded_for="198.51.100.99")

    # then
    assert response.status_code == 429


def test_behind_one_proxy_the_rightmost_address_is_counted(settings):
    # given: one proxy; the client varies the part it controls, the proxy appends the real address
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        assert get_ping("10.0.0.2", f"198.51.100.{n}, 203.0.113.7").status_code == 200

    # when
    same_client = get_ping("10.0.0.2", "198.51.100.99, 203.0.113.7")
    other_client = get_ping("10.0.0.2", "198.51.100.1, 203.0.113.8")

    # then: one client is throttled, the client behind the same proxy next to it is not
    assert same_client.status_code == 429
    assert other_client.status_code == 200


# Cache outage -------------------------------------------------------------------------------


def test_with_redis_refusing_connections_the_throttle_lets_requests_through(settings, caplog):
    # given
    settings.CACHES = production_cache_at(REFUSED_REDIS)
    caplog.set_level(logging.WARNING, logger="bontang_aker.core.throttling")

    # when
    started = time.monotonic()
    response = get_ping()
    elapsed = time.monotonic() - started

    # then
    assert response.status_code == 200
    assert elapsed < 2
    assert "cache unavailable" in caplog.text
    assert "203.0.113.7" in caplog.text


def test_with_redis_hanging_the_throttle_gives_up_quickly(settings, hanging_redis):
    # given: the production cache settings, whose socket timeouts are well under a second
    settings.CACHES = production_cache_at(hanging_redis)

    # when
    started = time.monotonic()
    response = get_ping()
    elapsed = time.monotonic() - started

    # then: redis-py's own default would wait 5 s or more
    assert response.status_code == 200
    assert elapsed < 2.5
