from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the library in production: health and readiness probes."""

    name = "operations"
    label = "heritage_operations"
    verbose_name = "Operations"
