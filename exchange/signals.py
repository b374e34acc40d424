"""Every event that can change what the provider disseminates updates `OaiItem`:
the same events on which `heritage.signals` bumps the access version."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished


def _is_record(instance):
    from heritage.models import RecordPage

    return isinstance(instance, RecordPage)


@receiver(page_published)
def record_published(sender, instance, **kwargs):
    if _is_record(instance):
        from .items import record_changed

        record_changed(instance.pk, republished=True)


@receiver(page_unpublished)
def record_unpublished(sender, instance, **kwargs):
    if _is_record(instance):
        from .items import record_changed

        record_changed(instance.pk)


@receiver(post_save)
def record_saved(sender, instance, raw=False, **kwargs):
    """Saves that publish nothing still matter: an access level or liveness changed in code."""
    if not raw and _is_record(instance):
        from .items import record_changed

        record_changed(instance.pk)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        from .items import record_deleted

        record_deleted(instance.pk)


@receiver(post_migrate)
def first_items(sender, **kwargs):
    """The first migrate on a library that already has records fills the items at once."""
    from django.db import connection

    from .items import synchronise
    from .models import OaiItem

    if sender.label != "heritage_exchange" or OaiItem._meta.db_table not in connection.introspection.table_names():
        return
    if not OaiItem.objects.exists():
        synchronise()
