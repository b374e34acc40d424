from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalsConfig(AppConfig):
    name = "festivals"
    label = "heritage_festivals"
    verbose_name = _("Festival calendar")
