from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "bontang_aker.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from bontang_aker.ops import incidents

        incidents.connect()
