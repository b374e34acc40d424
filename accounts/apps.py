from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "heritage_accounts"
    verbose_name = _("Sign-in for community members")
