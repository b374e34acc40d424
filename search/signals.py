"""Publishing, unpublishing, moving or deleting a record updates the search index.

The change is queued first, in the same transaction (`search.models.PendingIndexUpdate`),
so it cannot be lost; the update itself runs as a background task after the transaction
commits, or at once with HERITAGE_SEARCH_SYNC (tests). See `search.indexing`.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from heritage.models import EthnicGroup, EthnicGroupName, RecordPage


def schedule_update(record_ids):
    from .models import PendingIndexUpdate

    PendingIndexUpdate.enqueue(record_ids)
    if getattr(settings, "HERITAGE_SEARCH_SYNC", False):
        from .indexing import update_records

        update_records(record_ids)
        return
    from .tasks import update_search_index

    transaction.on_commit(lambda: update_search_index.enqueue(list(record_ids)))


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def record_changed(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        schedule_update([instance.pk])


@receiver(post_delete, sender=RecordPage)
def record_deleted(sender, instance, **kwargs):
    schedule_update([instance.pk])


@receiver(post_save, sender=EthnicGroup)
def ethnic_group_renamed(sender, instance, **kwargs):
    """A group's names are in its records' documents: renaming it reindexes them."""
    from .spelling import names_changed

    names_changed()
    record_ids = list(instance.records.values_list("pk", flat=True))
    if record_ids:
        schedule_update(record_ids)


@receiver(post_save, sender=EthnicGroupName)
@receiver(post_delete, sender=EthnicGroupName)
def ethnic_group_name_changed(sender, instance, **kwargs):
    group = EthnicGroup.objects.filter(pk=instance.group_id).first()
    if group is not None:
        ethnic_group_renamed(EthnicGroup, group)


def _connect_external_records():
    """Harvested records (exchange) are indexed as the harvester stores them."""
    from django.apps import apps

    if not apps.is_installed("exchange"):
        return
    from exchange.harvesting import external_records_changed

    external_records_changed.connect(external_records_stored, dispatch_uid="search-external-records")


def external_records_stored(sender, changed_ids=(), removed_ids=(), **kwargs):
    from .external import updated

    updated(changed_ids, removed_ids)


_connect_external_records()
