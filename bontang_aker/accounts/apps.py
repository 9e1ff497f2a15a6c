from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bontang_aker.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from bontang_aker.accounts.audit import register_models
        from bontang_aker.accounts.sessions import shorten_staff_session

        user_logged_in.connect(shorten_staff_session, dispatch_uid="accounts.shorten_staff_session")
        register_models()
