from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from heritage.models import RecordPage


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
