"""The durable queue of index updates the search engine has not confirmed yet.

Every publish, unpublish, move, deletion or access change writes a row here in the same
database transaction as the change itself, *before* the engine is asked; the row is
deleted only once the engine has taken the update. So an update is never lost, whether
the engine is down, the background worker has not run yet, or the process dies between
the commit and the task: `manage.py search_retry` (or the `retry_search_updates` task)
picks up whatever is left.

While a record has a row here its index entry may be stale, so the search wrapper
(`search.backends.resilient`) tells the engine to leave it out of results, totals and
facets (`SearchParams.exclude_ids`).
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ERROR_LENGTH = 1000


class PendingIndexUpdate(models.Model):
    # No foreign key: a deleted record must still be removed from the index.
    record_id = models.BigIntegerField(_("record id"), unique=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    # Bumped each time the record changes again while queued, so that an update that
    # read an older version of the record does not clear the row of a newer one.
    version = models.PositiveIntegerField(_("version"), default=1)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return f"record {self.record_id} (queued {self.queued_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def enqueue(cls, record_ids):
        """Note that the index entries of `record_ids` must be updated."""
        record_ids = sorted({int(pk) for pk in record_ids})
        if not record_ids:
            return
        now = timezone.now()
        cls.objects.filter(record_id__in=record_ids).update(version=F("version") + 1, queued_at=now)
        known = set(cls.objects.filter(record_id__in=record_ids).values_list("record_id", flat=True))
        cls.objects.bulk_create(
            [cls(record_id=pk, queued_at=now) for pk in record_ids if pk not in known], ignore_conflicts=True
        )

    @classmethod
    def versions(cls, record_ids):
        """{record id: version} of the queued rows among `record_ids`, read before an
        update starts reading the records."""
        return dict(cls.objects.filter(record_id__in=list(record_ids)).values_list("record_id", "version"))

    @classmethod
    def done(cls, versions):
        """Clear the rows an update has taken care of: those still at the version it saw."""
        by_version = {}
        for record_id, version in versions.items():
            by_version.setdefault(version, []).append(record_id)
        for version, record_ids in by_version.items():
            cls.objects.filter(record_id__in=record_ids, version=version).delete()

    @classmethod
    def failed(cls, record_ids, error):
        """Keep the rows (creating any that are missing) and note why the update failed."""
        record_ids = sorted({int(pk) for pk in record_ids})
        known = set(cls.objects.filter(record_id__in=record_ids).values_list("record_id", flat=True))
        cls.objects.bulk_create([cls(record_id=pk) for pk in record_ids if pk not in known], ignore_conflicts=True)
        cls.objects.filter(record_id__in=record_ids).update(
            attempts=F("attempts") + 1,
            last_attempt_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH],
        )


class IndexedWord(models.Model):
    """A word of the indexed records, folded (`term`: what searches match), with the way
    the records write it (`written`, accents kept when any record has them).

    The database fallback's typo tolerance looks for close words here, and the spelling
    suggestions of every engine are made from it, so "tin nguongg" is answered with
    "tín ngưỡng". Kept by the fallback's index upkeep (`search.spelling.remember`); a
    rebuild starts it afresh. Words of restricted records are here too: a suggestion is
    offered only when it finds a record the visitor may see (`search.service`).
    """

    term = models.CharField(max_length=64, primary_key=True)
    written = models.CharField(max_length=64)
    # The first letter and the length: the close words of a word share the first and
    # differ by at most two letters, which this index finds without a scan.
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"], name="indexed_word_shape")]

    def __str__(self):
        return self.written
