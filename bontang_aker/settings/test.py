"""Test settings: base plus speed. Still the real PostgreSQL and Redis from the environment."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")

from bontang_aker.settings.base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_PAGE_CACHE_SECONDS = 0  # factories bypass the services that drop stale entries; tests of the cache set it
SIGNUP_RATE_LIMIT = 10_000  # many tests sign up from 127.0.0.1; the tests of the limit set it
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = None  # nothing is collected in tests; WhiteNoise would warn about a missing folder
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "test-celerybeat-schedule")  # noqa: F405
MATCHING_TRIGGERS_ENABLED = False  # saves in transactional tests would fill the broker; the trigger tests set it
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="text")  # noqa: F405
