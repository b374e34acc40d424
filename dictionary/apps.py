from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DictionaryConfig(AppConfig):
    name = "dictionary"
    label = "heritage_dictionary"
    verbose_name = _("Dictionaries")

    def ready(self):
        from . import signals  # noqa: F401
