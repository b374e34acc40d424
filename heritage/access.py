"""Access levels: who may see a record, and everything that hangs off a record.

This module is the one answer to "which records may this caller see". Every surface
that shows, lists, counts, links to or serves a record or one of its files (pages,
listings, facets, search, suggestions, maps, the API, feeds, sitemaps, IIIF, uploads
and documents) asks it through `RecordPage.objects.visible_to(user)`,
`item_visible_to(user, item)` or `levels_visible_to(user)` (the levels, handed to a
search engine as data). No other module filters by access level;
`tests/heritage/test_single_access_rule.py` enforces that.

Answers that are cached anywhere (map data, cards, file-access decisions) are keyed by
`access_version()`, a counter kept in the database that every publish, unpublish,
move, deletion or access change bumps: a cache shared between processes, or one per
process, never outlives a change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.query import PageQuerySet


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    COMMUNITY = "community", _("Community")
    STAFF = "staff", _("Staff")


def _in_any_group(user, group_names):
    return user.groups.filter(name__in=group_names).exists()


def is_staff_member(user):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return _in_any_group(user, settings.HERITAGE_STAFF_GROUPS)


def levels_visible_to(user):
    """The access levels a user may see, most open first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return (AccessLevel.PUBLIC,)
    cached = getattr(user, "_heritage_access_levels", None)
    if cached is not None:
        return cached
    if is_staff_member(user):
        levels = (AccessLevel.PUBLIC, AccessLevel.COMMUNITY, AccessLevel.STAFF)
    elif _in_any_group(user, settings.HERITAGE_COMMUNITY_GROUPS):
        levels = (AccessLevel.PUBLIC, AccessLevel.COMMUNITY)
    else:
        levels = (AccessLevel.PUBLIC,)
    user._heritage_access_levels = levels
    return levels


def can_view(user, access_level):
    return access_level in levels_visible_to(user)


def exact_location_visible_to(user, record):
    """Whether `user` may see the exact place of a record whose location may be marked
    sensitive (a sacred forest, a burial ground); others see it generalised."""
    return can_view(user, record.location_access)


def open_to_everyone(records):
    """Whether every one of `records` is public (a manifest or list that a shared cache
    may keep)."""
    return all(record.access_level == AccessLevel.PUBLIC for record in records)


def exact_places_of_item_visible_to(user, item):
    """Whether `user` may see the exact place of every record that shows `item`: if not,
    a file of it must carry no location metadata (a photo's GPS tags would give away a
    place the record generalises)."""
    if is_staff_member(user):
        return True
    from .models import RecordPage

    hidden = RecordPage.objects.showing(item).exclude(location_access__in=list(levels_visible_to(user)))
    return not hidden.exists()


def audience(user):
    """The most restricted level a user may see: a short, cache-key-safe name of what
    they see ("public", "community" or "staff")."""
    return levels_visible_to(user)[-1]


class AccessRuleQuerySetMixin:
    """The access rule as queryset methods, for every model that has `live` and an
    `access_level` from `AccessLevel`: records (pages) and dictionary entries (snippets
    with a draft state). One definition, so a second model never gets a second copy."""

    def visible_to(self, user):
        """Live rows `user` may see."""
        return self.visible_at(levels_visible_to(user))

    def visible_at(self, levels):
        """Live rows of the given access levels (for code handed the levels as data,
        such as a search backend)."""
        return self.filter(live=True, access_level__in=list(levels))

    def public(self):
        """Live rows anyone may see (sitemaps, feeds, open data, exports)."""
        return self.visible_to(None)


class AccessRuleQuerySet(AccessRuleQuerySetMixin, models.QuerySet):
    """The access rule for a model that is not a page (e.g. `dictionary.Entry`)."""


class RecordQuerySet(AccessRuleQuerySetMixin, PageQuerySet):
    """Records, with the access rule and the helpers every surface needs."""

    def with_location_for(self, user):
        """Annotates `shown_latitude`, `shown_longitude` and `location_exact`: the exact
        point where `user` may see it, else the generalised public one."""
        from django.db.models import BooleanField, Case, F, Value, When

        exact = models.Q(location_access__in=list(levels_visible_to(user)))
        return self.annotate(
            shown_latitude=Case(When(exact, then=F("latitude")), default=F("public_latitude")),
            shown_longitude=Case(When(exact, then=F("longitude")), default=F("public_longitude")),
            location_exact=Case(When(exact, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )

    def with_card_data(self):
        """What a record card shows, fetched up front: no query per card."""
        return self.select_related("main_image", "province", "content_type").prefetch_related("main_image__renditions")

    def in_order(self, ids):
        """The records among `ids` (a ranked list), as a list in that order."""
        by_id = {record.pk: record for record in self.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def showing(self, item):
        """Records whose live content shows `item` (an image, document or recording):
        as main image or anywhere in the body, through Wagtail's reference index."""
        page_ids = {int(pk) for pk in _pages_referring_to(item)}
        condition = models.Q(pk__in=page_ids)
        if _is_image(item):
            condition |= models.Q(main_image=item)
        return self.filter(condition)


def _is_image(item):
    from wagtail.images import get_image_model

    return isinstance(item, get_image_model())


def _pages_referring_to(item):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    return (
        ReferenceIndex.get_references_to(item)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )


def item_visible_to(user, item):
    """Whether `user` may see an image, document or recording.

    An item has no access level of its own: it may be shown when a live page the user
    may see shows it. A live page that is not a record (a collection's cover, the home
    page) is public; an item no live page shows is for staff only.
    """
    if is_staff_member(user):
        return True
    from wagtail.models import Page

    from .models import RecordPage

    if RecordPage.objects.visible_to(user).showing(item).exists():
        return True
    page_ids = {int(pk) for pk in _pages_referring_to(item)}
    return Page.objects.live().filter(pk__in=page_ids).exclude(pk__in=RecordPage.objects.values("pk")).exists()


def access_decision(user, item):
    """ "public", "private" (the user may see it, an anonymous visitor may not) or "no".

    Asked for every IIIF tile, uploaded file and document, so the answer is cached, keyed
    by `access_version()`: any change of what is visible makes a new key at once.
    """
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache

    key = f"heritage-access-{access_version()}-{item._meta.label_lower}-{item.pk}-{audience(user)}"
    decision = cache.get(key)
    if decision is None:
        visible = item_visible_to(user, item)
        public = visible and (audience(user) == AccessLevel.PUBLIC or item_visible_to(AnonymousUser(), item))
        decision = "public" if public else "private" if visible else "no"
        cache.set(key, decision, 3600)
    return decision


def access_version():
    """The counter that every change of what may be seen bumps (see `bump_access_version`)."""
    from .models import AccessEpoch

    return AccessEpoch.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def bump_access_version():
    """Called on publish, unpublish, move, deletion, access change and file changes."""
    from django.db.models import F

    from .models import AccessEpoch

    if not AccessEpoch.objects.filter(pk=1).update(value=F("value") + 1):
        AccessEpoch.objects.get_or_create(pk=1, defaults={"value": 1})
    if getattr(settings, "HERITAGE_WARM_COUNTS", False):
        _schedule_warming()


def _enqueue_warming():
    from .tasks import warm_counts

    warm_counts.enqueue(access_version())


def _schedule_warming():
    """After the transaction commits (once, however many changes it holds): queue
    `heritage.tasks.warm_counts` for the version then current, so that counts are ready
    for every audience before visitors ask."""
    from django.db import connection, transaction

    if any(callback is _enqueue_warming for _savepoints, callback, *_rest in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_warming)


def member_of(level):
    """Someone who sees exactly what audience `level` ("public", "community" or "staff")
    sees, for work done on an audience's behalf with no visitor at hand (the task that
    works out counts after a change). Never saved; only `levels_visible_to` and what
    asks it (`visible_to`, `audience`, `cached_for_audience`) may be handed it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    levels = tuple(AccessLevel)
    if level not in levels:
        raise ValueError(f"no audience {level!r}")
    if level == AccessLevel.PUBLIC:
        return AnonymousUser()
    member = get_user_model()(username=f"audience-{level}", is_active=True, is_superuser=level == AccessLevel.STAFF)
    member._heritage_access_levels = levels[: levels.index(level) + 1]
    return member


def cached_for_audience(user, name, parts, compute, timeout=3600):
    """`compute()`, remembered for everyone who sees what `user` sees, until the next
    access change: counts and totals a listing shows, shared between processes when the
    cache is. `parts` (JSON-serialisable) tell one answer of `name` from another."""
    import hashlib
    import json

    from django.core.cache import cache

    source = json.dumps([access_version(), audience(user), name, parts], ensure_ascii=False, sort_keys=True)
    key = "heritage-cached-" + hashlib.sha256(source.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
