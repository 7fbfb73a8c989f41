from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Account recovery")

    def ready(self):
        from accounts.core.audit import purge_requested

        from .housekeeping import purge_with_accounts

        purge_requested.connect(purge_with_accounts, dispatch_uid="support.purge")
