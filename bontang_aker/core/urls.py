from django.urls import path

from bontang_aker.core import health

urlpatterns = [
    # No trailing slash: probes call exactly /healthz (SECURE_REDIRECT_EXEMPT matches it too).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
