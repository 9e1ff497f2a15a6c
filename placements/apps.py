from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    def ready(self):
        from jobseekers.permissions import document_grant_register
        from placements.audit import register_models
        from placements.document_access import referred_company_document_label

        document_grant_register(referred_company_document_label)
        register_models()
