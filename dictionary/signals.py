"""Every text the dictionaries store is NFC (a headword pasted decomposed would not equal
itself typed), as for the rest of the library (`heritage.text`)."""

from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from heritage.text import normalise_model_text


@receiver(pre_save)
def store_text_as_nfc(sender, instance, **kwargs):
    if sender._meta.app_label == "heritage_dictionary":
        normalise_model_text(instance)


@receiver(post_delete, sender="heritage_dictionary.Entry")
def entry_deleted(sender, instance, **kwargs):
    from . import engine

    engine.schedule_removal(instance.pk)


@receiver(published)
@receiver(unpublished)
@receiver(post_delete, sender="heritage_dictionary.Entry")
def entry_visibility_changed(sender, instance, **kwargs):
    """Publishing (a new text, a new access level), unpublishing or deleting an entry
    changes what may be seen: counts cached by `heritage.access.cached_for_audience` (the
    statistics' dictionary table) and the open-data catalogue start again."""
    from heritage.access import bump_access_version

    if sender._meta.label == "heritage_dictionary.Entry":
        bump_access_version()
