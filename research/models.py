"""What a signed-in researcher keeps: saved searches and private lists of records.

Nothing here holds a copy of a record or of its access level: a list holds record ids,
and every page that shows a list reads its records through
`RecordPage.objects.visible_to(viewer)`, so a record that becomes restricted drops out
of the lists of those who may no longer see it, and a shared list shows each viewer
only what that viewer may see.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Bounds that keep one account from growing without end.
MAX_SAVED_SEARCHES = 200
MAX_LISTS = 100
MAX_LIST_ENTRIES = 2000
NAME_LENGTH = 200
# A saved query string longer than this is refused (a drawn polygon is the longest part).
MAX_QUERY_LENGTH = 8000


class SavedSearch(models.Model):
    """A named query string of /search/ (its filters, box, sort), run again from a link."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    query = models.TextField(_("query string"), blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The search, run again."""
        return reverse("search") + (f"?{self.query}" if self.query else "")


def new_share_token():
    """32 URL-safe characters from the operating system's generator (192 bits): a link
    nobody can guess or enumerate."""
    return secrets.token_urlsafe(24)


class RecordList(models.Model):
    """A researcher's private list of records; a share token, while set, lets anyone
    with the link open it (each viewer sees only the records they may see)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_lists", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    share_token = models.CharField(_("share token"), max_length=64, unique=True, null=True, blank=True)
    shared_at = models.DateTimeField(_("shared since"), null=True, blank=True)

    class Meta:
        verbose_name = _("list of records")
        verbose_name_plural = _("lists of records")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("research:list", args=[self.pk])

    @property
    def is_shared(self):
        return bool(self.share_token)

    def shared_url(self):
        return reverse("research:shared_list", args=[self.share_token]) if self.share_token else ""

    def record_ids(self):
        """Ids of the records on the list, in the order they were added."""
        return list(self.entries.order_by("added_at", "pk").values_list("record_id", flat=True))


class RecordListEntry(models.Model):
    record_list = models.ForeignKey(RecordList, on_delete=models.CASCADE, related_name="entries")
    record = models.ForeignKey("heritage.RecordPage", on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("record on a list")
        verbose_name_plural = _("records on lists")
        constraints = [models.UniqueConstraint(fields=["record_list", "record"], name="research_entry_once_per_list")]

    def __str__(self):
        return f"{self.record_list} → {self.record_id}"
