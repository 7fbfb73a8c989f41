from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("JMO accounts")

    def ready(self):
        from .core import checks  # noqa: F401 (registers the deployment checks)
        from .selfservice import signals  # noqa: F401 (connects the receivers)
