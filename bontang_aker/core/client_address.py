"""The address of the client behind a request, decided in one place.

`X-Forwarded-For` is a header anyone can send, so it is believed only as far as the
proxies we run: each of them appends the address it received the connection from. With
`TRUSTED_PROXY_COUNT = N`, the N-th address from the right was written by our outermost
proxy and is the client; everything left of it came from the client and proves nothing.
With 0 (the default) the portal is reached directly and only `REMOTE_ADDR` counts.

The throttles (`bontang_aker.core.throttling`), DRF's `NUM_PROXIES`, django-axes
(`AXES_CLIENT_IP_CALLABLE`) and log lines all use this function or that setting.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as a string; "" when the server gave none (e.g. a unix socket)."""
    # A DRF Request proxies META to the Django request, so both kinds work here.
    remote_addr = (request.META.get("REMOTE_ADDR") or "").strip()
    proxy_count = settings.TRUSTED_PROXY_COUNT
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxy_count <= 0 or not forwarded_for:
        return remote_addr
    addresses = [part.strip() for part in forwarded_for.split(",")]
    # Fewer entries than proxies: the request skipped an outer proxy; the leftmost entry is
    # still the furthest one written by a proxy of ours (DRF's NUM_PROXIES does the same).
    candidate = addresses[-min(proxy_count, len(addresses))]
    # A proxy writes a bare address; anything else is not to be stored or compared.
    return candidate if _valid(candidate) else remote_addr
