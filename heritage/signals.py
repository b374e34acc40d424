from django.db.models.signals import pre_save
from django.dispatch import receiver

from .text import normalise_model_text

NORMALISED_APPS = {"heritage", "heritage_media"}


@receiver(pre_save)
def store_text_as_nfc(sender, instance, **kwargs):
    if sender._meta.app_label in NORMALISED_APPS:
        normalise_model_text(instance)
