from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HeritageApiConfig(AppConfig):
    name = "api"
    label = "heritage_api"
    verbose_name = _("Read API")
