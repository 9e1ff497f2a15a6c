from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bontang_aker.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from bontang_aker.core import audit, logs

        audit.connect()
        logs.connect_celery_signals()
