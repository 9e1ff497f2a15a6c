#!/usr/bin/env python3
"""The image's HEALTHCHECK: GET /healthz on this container's gunicorn, exit 0 when it answers 200.

Standard library only. Django answers only the names in DJANGO_ALLOWED_HOSTS, so the request
carries the first of them as its Host header (/healthz itself is exempt from the HTTPS redirect).
"""

import os
import sys
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    first = allowed_hosts.split(",")[0].strip().lstrip(".")
    return "localhost" if first in ("", "*") else first


def main() -> int:
    bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
    port = bind.rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": probe_host(os.environ.get("DJANGO_ALLOWED_HOSTS", ""))}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except Exception as exc:  # any failure is "unhealthy"; the reason shows in `docker inspect`
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
