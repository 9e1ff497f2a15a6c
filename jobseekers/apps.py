from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("Jobseekers")

    def ready(self):
        from jobseekers.audit import register_models

        register_models()
