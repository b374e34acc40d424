"""New or replaced image files get their responsive renditions made in the background."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import HeritageImage
from .tasks import make_responsive_renditions


@receiver(post_save, sender=HeritageImage)
def queue_renditions(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and "file" not in update_fields):
        return
    image_id = instance.pk
    transaction.on_commit(lambda: make_responsive_renditions.enqueue(image_id))
