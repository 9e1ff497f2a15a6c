from django.apps import AppConfig


class PortalConfig(AppConfig):
    """What is built on all the domain apps at once: demo data (and, later, cross-role pages)."""

    name = "portal"
    verbose_name = "Portal"
