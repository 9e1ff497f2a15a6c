import pytest
from django.test import RequestFactory

from bontang_aker.core.client_address import client_ip


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    # given: the portal is reached directly, and a client sends a header of its own
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.7", "198.51.100.1")

    # when / then
    assert client_ip(request) == "203.0.113.7"


def test_with_one_proxy_the_rightmost_address_is_the_client(settings):
    # given: nginx appends the address it saw to what the client sent
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")

    # when / then: the forged left part proves nothing
    assert client_ip(request) == "203.0.113.7"


def test_with_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    # given: a load balancer, then nginx
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.2", "198.51.100.1,203.0.113.7, 10.0.0.1")

    # when / then
    assert client_ip(request) == "203.0.113.7"


def test_fewer_addresses_than_proxies_uses_the_leftmost(settings):
    # given
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.2", "203.0.113.7")

    # when / then
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize("forwarded_for", [None, "", "not-an-address", "203.0.113.7:4431"])
def test_a_missing_or_malformed_header_falls_back_to_the_connection(settings, forwarded_for):
    # given
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", forwarded_for)

    # when / then
    assert client_ip(request) == "10.0.0.2"


def test_ipv6_addresses_are_kept(settings):
    # given
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("::1", "2001:db8::7")

    # when / then
    assert client_ip(request) == "2001:db8::7"
