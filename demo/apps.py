from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo collection (`manage.py load_demo`): real groups, places and practices,
    built on every app of the library, which is why it is not part of `heritage`."""

    name = "demo"
    label = "heritage_demo"
    verbose_name = "Demo collection"
