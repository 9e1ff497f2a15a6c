"""Sentry is set up from the settings only when SENTRY_DSN is given, without personal data.

Each case starts a fresh interpreter: sentry_sdk.init patches Django and Celery for the process.
"""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
options = client.options if client.is_active() else {}
print(json.dumps({
    "active": client.is_active(),
    "pii": options.get("send_default_pii"),
    "environment": options.get("environment"),
    "release": options.get("release"),
    "integrations": sorted(getattr(client, "integrations", {}) or {}),
}))
"""


def probe(**environment) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bontang_aker.settings.test", **environment}
    if "SENTRY_DSN" not in environment:
        env.pop("SENTRY_DSN", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_dsn_no_sentry():
    assert probe()["active"] is False


def test_a_dsn_starts_sentry_without_personal_data():
    # given a DSN (nothing listens there: no event is sent in this test)
    found = probe(SENTRY_DSN="http://public@127.0.0.1:9/1", SENTRY_ENVIRONMENT="staging", SENTRY_RELEASE="abc123")
    # then
    assert found["active"] is True
    assert found["pii"] is False
    assert (found["environment"], found["release"]) == ("staging", "abc123")
    assert {"django", "celery", "logging"} <= set(found["integrations"])
