from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .access import bump_access_version
from .text import normalise_model_text

NORMALISED_APPS = {"heritage", "heritage_media"}


@receiver(pre_save)
def store_text_as_nfc(sender, instance, **kwargs):
    if sender._meta.app_label in NORMALISED_APPS:
        normalise_model_text(instance)


def _changes_what_is_visible(instance):
    """Pages (their access level, liveness, place in the tree), collection items, and
    the images, documents and recordings that pages show."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page
    from wagtailmedia.models import AbstractMedia

    from .models import CollectionItem

    return isinstance(instance, Page | CollectionItem | AbstractImage | AbstractDocument | AbstractMedia)


@receiver(post_save)
@receiver(post_delete)
def access_may_have_changed(sender, instance, **kwargs):
    """Every cached answer about what a visitor may see is keyed by the access version:
    bumping it retires them all, in every process."""
    if _changes_what_is_visible(instance):
        bump_access_version()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_visibility_changed(sender, instance, **kwargs):
    bump_access_version()
