"""Filling a whole index at once: what a rebuild does differently from an update.

While a rebuild fills its fresh index nobody searches it (the alias still points at the
old one), so the index need not refresh (`refresh_interval` -1), keep replicas (0) or
sync its translog on every request (`durability` async), and bulk requests go out two
at a time, so the engine indexes one while the next is being serialised. The settings
the index was created with are put back before it is refreshed and given the alias,
and in any case when the load ends, by an error or Ctrl-C too; an index that never got
an alias (a rebuild that failed half-way) is deleted rather than left behind.

The clients (`opensearch.py`, `elasticsearch.py`) take part through `LoadingClient`:

    with client.loading():
        backend.rebuild(documents)   # create_index → bulk → refresh → alias, unchanged

`search.indexing.rebuild` (and so `manage.py search_reindex`) loads this way.
"""

import contextlib
import json
import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

logger = logging.getLogger(__name__)

LOAD_SETTINGS = {
    "index.refresh_interval": "-1",
    "index.number_of_replicas": "0",
    "index.translog.durability": "async",
}
CHUNK_DOCUMENTS = 1000
REQUESTS_IN_FLIGHT = 2


class BulkLoadError(RuntimeError):
    """The engine refused documents of a bulk load."""


class LoadingClient:
    """What a client adds for bulk loads. The client provides `_create_index`, `_refresh`,
    `_helper_bulk` (the library's bulk helper), `index_settings`, `put_index_settings`,
    `send_bulk`, `aliases_of` and `delete_index`."""

    _load = None
    replicas = None  # SEARCH_URL's ?replicas=N: copies of each shard on other nodes of a cluster

    @contextlib.contextmanager
    def loading(self):
        """Indexes created inside are loaded with the settings above until refreshed."""
        if self._load is not None:  # already loading
            yield self._load
            return
        load = self._load = BulkLoad(self)
        try:
            yield load
        except BaseException:
            load.abandon()
            raise
        finally:
            self._load = None
            load.restore_all()

    def create_index(self, name, body):
        if self.replicas is not None:
            body = {**body, "settings": {**body["settings"], "number_of_replicas": self.replicas}}
        self._create_index(name, body)
        if self._load is not None:
            self._load.started(name)

    def bulk(self, actions, refresh=False):
        if self._load is not None and not refresh:
            return self._load.send(actions)
        return self._helper_bulk(actions, refresh=refresh)

    def refresh(self, index):
        if self._load is not None:
            self._load.finished(index)
        self._refresh(index)


class BulkLoad:
    def __init__(self, client):
        self.client = client
        self.restore = {}  # index → the settings it was created with, until put back
        self.created = []

    def started(self, index):
        self.created.append(index)
        normal = self.client.index_settings(index, list(LOAD_SETTINGS))
        self.client.put_index_settings(index, LOAD_SETTINGS)
        self.restore[index] = normal

    def finished(self, index):
        """Put the index's own settings back (before its refresh and alias)."""
        normal = self.restore.pop(index, None)
        if normal is not None:
            self.client.put_index_settings(index, normal)

    def restore_all(self):
        for index in list(self.restore):
            try:
                self.finished(index)
            except Exception as error:  # noqa: BLE001 - the engine may be what failed; say so, go on
                logger.warning("Could not restore the settings of index %s after a bulk load: %s", index, error)

    def abandon(self):
        """After a failure: an index made here that no alias points at is half built."""
        for index in self.created:
            try:
                if not self.client.aliases_of(index):
                    self.client.delete_index(index)
                    self.restore.pop(index, None)
            except Exception as error:  # noqa: BLE001 - never hide the failure that brought us here
                logger.warning("Could not remove the half-built index %s: %s", index, error)

    def send(self, actions):
        """Send `actions` (the bulk helpers' dicts) in chunks, REQUESTS_IN_FLIGHT at a time."""
        actions = iter(actions)
        sent = 0
        with ThreadPoolExecutor(REQUESTS_IN_FLIGHT, thread_name_prefix="bulk-load") as pool:
            pending = deque()
            while chunk := list(islice(actions, CHUNK_DOCUMENTS)):
                body = bulk_body(chunk)
                if len(pending) >= REQUESTS_IN_FLIGHT:
                    sent += _check(pending.popleft().result())
                pending.append(pool.submit(self.client.send_bulk, body))
            while pending:
                sent += _check(pending.popleft().result())
        return sent, []


def bulk_body(actions):
    """The NDJSON body of a bulk request for the helpers' action dicts ("index" and "delete")."""
    lines = []
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for action in actions:
        operation = action.get("_op_type", "index")
        meta = {"_index": action["_index"], "_id": action["_id"]}
        lines.append(dumps({operation: meta}))
        if operation != "delete":
            lines.append(dumps(action["_source"]))
    lines.append("")
    return "\n".join(lines).encode()


def _check(response):
    items = response.get("items", [])
    if response.get("errors"):
        refused = [result for item in items for result in item.values() if result.get("error")]
        raise BulkLoadError(f"The engine refused {len(refused)} documents; the first: {refused[0]}")
    return len(items)
