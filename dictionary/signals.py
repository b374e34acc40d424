"""Every text the dictionaries store is NFC (a headword pasted decomposed would not equal
itself typed), as for the rest of the library (`heritage.text`)."""

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from heritage.text import normalise_model_text


@receiver(pre_save)
def store_text_as_nfc(sender, instance, **kwargs):
    if sender._meta.app_label == "heritage_dictionary":
        normalise_model_text(instance)


@receiver(post_delete, sender="heritage_dictionary.Entry")
def entry_deleted(sender, instance, **kwargs):
    from . import engine

    engine.schedule_removal(instance.pk)
