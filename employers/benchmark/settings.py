"""The portal's production settings (bontang_aker.settings.base, DEBUG off) plus the benchmark's floor views.

Only `manage.py bench_search` starts a server with these, on a loopback port.
"""

from bontang_aker.settings.base import *  # noqa: F403

ROOT_URLCONF = "employers.benchmark.urls"
# Static files are not measured: plain storage, so no collectstatic run is needed first.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
