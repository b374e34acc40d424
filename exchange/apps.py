from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    label = "heritage_exchange"
    verbose_name = _("Exchange and open data")

    def ready(self):
        from . import signals  # noqa: F401
