from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageMediaConfig(AppConfig):
    name = "media"
    label = "heritage_media"
    verbose_name = _("Media")

    def ready(self):
        from . import signals  # noqa: F401 - connects the rendition signal
