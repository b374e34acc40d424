from django_tasks import task

from . import indexing


@task()
def update_search_index(record_ids):
    """Update the index entries of `record_ids` (queued by `search.signals`)."""
    indexing.update_records(record_ids)


@task()
def retry_search_updates():
    """Send the queued index updates again (safe to run at any time, and repeatedly)."""
    sent, queued = indexing.retry_pending()
    return {"sent": sent, "queued": queued}
