"""Keeping the index in step with the database."""

from heritage.models import RecordPage

from .backends import get_backend
from .documents import document_for, records_for_indexing


def documents(queryset, chunk_size=500):
    for record in records_for_indexing(queryset).order_by("pk").iterator(chunk_size=chunk_size):
        yield document_for(record)


def update_records(record_ids):
    """Index the live records among `record_ids`, remove the others from the index."""
    backend = get_backend()
    indexed = list(documents(RecordPage.objects.live().filter(pk__in=record_ids)))
    if indexed:
        backend.index(indexed)
    gone = set(record_ids) - {document["id"] for document in indexed}
    if gone:
        backend.remove(sorted(gone))


def rebuild(progress=None):
    return get_backend().rebuild(documents(RecordPage.objects.live()), progress=progress)


def drift():
    """(live records missing from the index, indexed ids that are no longer live records)."""
    live = set(RecordPage.objects.live().values_list("pk", flat=True))
    indexed = get_backend().indexed_ids()
    return sorted(live - indexed), sorted(indexed - live)
