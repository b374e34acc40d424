"""Who may see an image: it inherits the access level of the live pages that show it.

An image has no access level of its own. It may be shown to a visitor when a live page
they may see uses it (a record's main image or a block in its body, a collection
cover); an image no live page uses is for staff only. Wagtail's reference index knows
which pages use which image, StreamField blocks included.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from heritage.access import is_staff_member, levels_visible_to


def pages_using(image):
    """Ids of pages whose live content refers to `image`."""
    return (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )


def _shown_on_a_page_visible_to(user, page_ids):
    from heritage.models import RecordPage

    live = Page.objects.live().filter(pk__in=page_ids)
    if RecordPage.objects.filter(pk__in=live, access_level__in=levels_visible_to(user)).exists():
        return True
    # A live page that is not a record (a collection, the home page) is public.
    return live.exclude(pk__in=RecordPage.objects.values("pk")).exists()


def image_visible_to(user, image):
    if is_staff_member(user):
        return True
    from heritage.models import RecordPage

    page_ids = {int(pk) for pk in pages_using(image)}
    page_ids |= set(RecordPage.objects.filter(main_image=image).values_list("pk", flat=True))
    return _shown_on_a_page_visible_to(user, page_ids)


def recording_visible_to(user, recording):
    """Audio and video follow the same rule, through the blocks that play them."""
    return is_staff_member(user) or _shown_on_a_page_visible_to(user, {int(pk) for pk in pages_using(recording)})


# How long one answer about one item and one set of access levels is remembered.
DECISION_SECONDS = 60


def access_decision(user, item):
    """ "public", "private" (the user may see it, an anonymous visitor may not) or "no".

    Asked for every IIIF tile and every uploaded file, so the answer is cached briefly:
    a record made restricted keeps its files reachable for up to DECISION_SECONDS.
    """
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    levels = levels_visible_to(user)
    key = f"heritage-access-{item._meta.label_lower}-{item.pk}-{'.'.join(levels)}"
    decision = cache.get(key)
    if decision is None:
        check = image_visible_to if item._meta.model_name.endswith("image") else recording_visible_to
        visible = check(user, item)
        public = visible and (len(levels) == 1 or check(AnonymousUser(), item))
        decision = "public" if public else "private" if visible else "no"
        cache.set(key, decision, DECISION_SECONDS)
    return decision
