"""New or replaced image files get their responsive renditions made in the background;
deleted files take the copies made of them without location along."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .location_metadata import forget_copies
from .models import HeritageImage, HeritageMedia, HeritageRendition
from .tasks import make_responsive_renditions


@receiver(post_save, sender=HeritageImage)
def queue_renditions(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and "file" not in update_fields):
        return
    image_id = instance.pk
    transaction.on_commit(lambda: make_responsive_renditions.enqueue(image_id))


@receiver(post_delete, sender=HeritageImage)
@receiver(post_delete, sender=HeritageRendition)
@receiver(post_delete, sender=HeritageMedia)
def forget_copies_of_deleted_files(sender, instance, **kwargs):
    """Once the deletion is committed (Wagtail deletes the files themselves then too)."""
    names = [field.name for field in (instance.file, getattr(instance, "thumbnail", None)) if field]

    def forget():
        for name in names:
            forget_copies(name)

    transaction.on_commit(forget)
