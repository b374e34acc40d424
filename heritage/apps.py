from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageConfig(AppConfig):
    name = "heritage"
    label = "heritage"
    verbose_name = _("Heritage records")

    def ready(self):
        from . import signals  # noqa: F401
