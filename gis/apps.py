from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageGisConfig(AppConfig):
    name = "gis"
    label = "heritage_gis"
    verbose_name = _("Areas and maps")

    def ready(self):
        from . import signals  # noqa: F401
