"""Keeping the indexes in step with the database.

Every change is queued first (`search.models.PendingIndexUpdate`, in the transaction of
the change), then written to the database fallback's index and to the engine; the queue
row goes once the engine has it. An update the engine does not take stays queued, with
the error, for `retry_pending` (`manage.py search_retry`, the `retry_search_updates`
task, and every later update that succeeds) to send again. Re-running any of them is
safe: an update writes the record's current state, whatever it was before.
"""

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
from collections import deque
from itertools import islice

from heritage.models import RecordPage

from .backends import get_backend
from .documents import BATCH_SIZE, Vocabulary, documents_for_ids, record_ids
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)

RETRY_BATCH = 500
# Queued updates that a successful update also retries (bounded: it may run in a request).
CATCH_UP_BATCH = 100
# Below this many records, starting worker processes costs more than it saves.
PARALLEL_FROM = 5000


def documents(queryset):
    return documents_for_ids(record_ids(queryset))


class LiveDocuments:
    """The documents of every live record, read afresh each time it is iterated (a
    rebuild writes them to the database fallback and then to the engine).

    Built by `workers` processes when there are many and it is safe (see
    `can_build_in_parallel`), else in this process. By default one core is left for
    this process, which sends the documents, and the engine if it runs here: on two
    cores the documents are then built here, while the engine indexes the requests
    already sent (measured: 5 000 records/s against 4 000 with two worker processes,
    which cost a fifth more CPU to hand the documents over).
    """

    def __init__(self, workers=None):
        self.workers = workers

    def __iter__(self):
        ids = record_ids(RecordPage.objects.live())
        workers = self.workers or default_workers()
        if workers > 1 and len(ids) >= PARALLEL_FROM and can_build_in_parallel():
            return _frozen_heap(built_in_parallel(ids, workers))
        return _frozen_heap(documents_for_ids(ids))


def _frozen_heap(documents):
    """While a build runs, the garbage collector leaves alone what existed before it
    (Django, Wagtail, the vocabularies: some 200 000 objects), which each full collection
    would otherwise walk again: a fifth of the build's time. Forked workers inherit the
    frozen heap, so they do not copy its pages by touching them either."""
    gc.freeze()
    try:
        yield from documents
    finally:
        gc.unfreeze()


def default_workers():
    return max(1, len(os.sched_getaffinity(0)) - 1)


def can_build_in_parallel():
    """Worker processes read through database connections of their own: not while this
    process holds a transaction open (they would not see what it has not committed, and
    an SQLite writer would lock them out), nor from an in-memory database."""
    from django.db import connection

    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def built_in_parallel(ids, workers):
    """The documents of `ids` in order, built in batches by forked worker processes; a few
    batches ahead of the reader, so memory stays bounded whatever the engine's pace."""
    global _vocabulary
    _vocabulary = Vocabulary()  # read once here; the workers inherit it
    batches = iter([ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)])
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
        pending = deque(pool.apply_async(_build, (batch,)) for batch in islice(batches, 2 * workers))
        while pending:
            built = pending.popleft().get()
            pending.extend(pool.apply_async(_build, (batch,)) for batch in islice(batches, 1))
            yield from built
    # Leaving the `with` (finished, failed or abandoned) terminates the workers.


_vocabulary = None
_parents_connections = []


def _start_worker():
    """In a forked worker: leave the parent's database connections alone (closing them
    here would end them for the parent too), so the worker opens its own; and leave
    Ctrl-C to the parent, which stops the workers."""
    from django.db import connections

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for connection in connections.all(initialized_only=True):
        _parents_connections.append(connection.connection)  # kept, never closed, never used
        connection.connection = None


def _build(ids):
    return list(documents_for_ids(ids, _vocabulary))


def index_targets(backend=None):
    """The indexes updates are written to: the database fallback's, then the engine's."""
    backend = backend or get_backend()
    return tuple(getattr(backend, "targets", (backend,)))


def _split(targets):
    """(database indexes, engine indexes)."""
    from .backends.database import RelationalBackend

    databases = [target for target in targets if isinstance(target, RelationalBackend)]
    return databases, [target for target in targets if target not in databases]


def _write(target, indexed, gone):
    if indexed:
        target.index(indexed)
    if gone:
        target.remove(sorted(gone))


def update_records(record_ids, catch_up=True):
    """Index the live records among `record_ids`, remove the others from the index.

    Returns whether the engine took the update. When it does not, the records stay
    queued (with the error) and the database fallback's index is up to date anyway.
    Never raises for an engine failure: a publish must not fail because search is down.
    """
    record_ids = sorted({int(pk) for pk in record_ids})
    if not record_ids:
        return True
    versions = PendingIndexUpdate.versions(record_ids)  # before reading the records
    indexed = list(documents(RecordPage.objects.live().filter(pk__in=record_ids)))
    gone = set(record_ids) - {document["id"] for document in indexed}
    databases, engines = _split(index_targets())
    for database in databases:
        _write(database, indexed, gone)  # a database error is a real error: it propagates
    try:
        for engine in engines:
            _write(engine, indexed, gone)
    except Exception as error:  # noqa: BLE001 - whatever the engine says, the update waits
        logger.warning("Search index update of %d records queued for retry: %s", len(record_ids), error)
        PendingIndexUpdate.failed(record_ids, error)
        return False
    PendingIndexUpdate.done(versions)
    if catch_up and engines:
        # The engine answers again: send what an earlier failure left behind.
        retry_pending(batch_size=CATCH_UP_BATCH, limit=CATCH_UP_BATCH, failed_only=True)
    return True


def retry_pending(batch_size=RETRY_BATCH, limit=None, failed_only=False):
    """Send queued updates again, oldest first, until the queue is empty, `limit`
    records were tried, or the engine refuses a batch. Returns (sent, still queued)."""
    sent = 0
    tried = set()
    while limit is None or len(tried) < limit:
        queued = PendingIndexUpdate.objects.exclude(record_id__in=tried)
        if failed_only:
            queued = queued.filter(attempts__gt=0)
        size = batch_size if limit is None else min(batch_size, limit - len(tried))
        batch = list(queued.values_list("record_id", flat=True)[:size])
        if not batch:
            break
        tried.update(batch)
        if not update_records(batch, catch_up=False):
            break
        sent += len(batch)
    return sent, PendingIndexUpdate.objects.count()


def rebuild(progress=None, workers=None):
    """Rebuild every index from the live records; clears the updates queued before it began.

    The engine's new index is filled as a bulk load (`search.backends.loading`): no
    refreshes, replicas or translog syncs until it is full, its own settings put back
    before it gets the alias, and a half-built index removed if the rebuild fails.
    """
    from django.utils import timezone

    started = timezone.now()
    backend = get_backend()
    with bulk_loading(backend):
        count = backend.rebuild(LiveDocuments(workers), progress=progress)
    from .external import external_documents

    backend.rebuild_external(external_documents())
    PendingIndexUpdate.objects.filter(queued_at__lt=started).delete()
    return count


def bulk_loading(backend):
    client = getattr(backend, "client", None)
    return client.loading() if hasattr(client, "loading") else contextlib.nullcontext()


def drift(target=None):
    """(live records missing from the index, indexed ids that are no longer live records)."""
    live = set(RecordPage.objects.live().values_list("pk", flat=True))
    indexed = (target or get_backend()).indexed_ids()
    return sorted(live - indexed), sorted(indexed - live)
