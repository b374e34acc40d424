"""Access levels: who may see a record.

Every surface that can show, list or link to a record (pages, listings, related-record
blocks, collections, sitemaps, feeds, and later search, maps, API and exports) asks
this module, so that the rule lives in one place.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    COMMUNITY = "community", _("Community")
    STAFF = "staff", _("Staff")


def _in_any_group(user, group_names):
    return user.groups.filter(name__in=group_names).exists()


def is_staff_member(user):
    if not user.is_authenticated:
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


def visible_to(queryset, user, field="access_level"):
    """Narrow a queryset of records (or rows pointing at records) to what `user` may see."""
    return queryset.filter(**{f"{field}__in": levels_visible_to(user)})
