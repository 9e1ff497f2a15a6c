"""WSGI entry point (gunicorn bontang_aker.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bontang_aker.settings.base")
application = get_wsgi_application()
