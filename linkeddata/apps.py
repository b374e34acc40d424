from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkedDataConfig(AppConfig):
    name = "linkeddata"
    label = "heritage_linkeddata"
    verbose_name = _("Linked data for search engines")
