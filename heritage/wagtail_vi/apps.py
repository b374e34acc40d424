from django.apps import AppConfig


class WagtailVietnameseConfig(AppConfig):
    name = "heritage.wagtail_vi"
    label = "heritage_wagtail_vi"
    verbose_name = "Vietnamese for Wagtail"  # not translated: see the package docstring
