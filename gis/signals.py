from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from heritage.models import RecordPage

from .models import Area


@receiver(page_published)
def relink_record(sender, instance, **kwargs):
    """A record that moved on the map moves between areas."""
    if isinstance(instance, RecordPage):
        from .linking import link_records

        link_records(RecordPage.objects.filter(pk=instance.pk))
        from .views import bump_records_cache

        bump_records_cache()


@receiver(page_unpublished)
def forget_record(sender, instance, **kwargs):
    if isinstance(instance, RecordPage):
        from .views import bump_records_cache

        bump_records_cache()


@receiver(post_save, sender=Area)
def derive_area_shapes(sender, instance, raw=False, update_fields=None, **kwargs):
    """A stored boundary gets its outlines per zoom band and its join shapes at once
    (`gis.shapes`), so no map or join has to work them out from the full boundary."""
    if raw or (update_fields is not None and "geometry" not in update_fields):
        return
    from .shapes import store_derived_shapes

    store_derived_shapes(instance, getattr(instance, "_boundary_shape", None))
