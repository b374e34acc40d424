from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    label = "heritage_research"
    verbose_name = _("Research tools")
    default_auto_field = "django.db.models.BigAutoField"
