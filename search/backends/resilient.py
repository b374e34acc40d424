"""The engine behind a circuit breaker, with the database fallback as the answer of last resort.

`get_backend()` returns a `ResilientBackend` whenever an engine URL is configured. It
asks the engine with a short timeout (HERITAGE_SEARCH["TIMEOUT"], 2 s by default). When
the engine is unreachable, times out or fails, the same question is answered by the
database fallback (SQLite FTS5 or PostgreSQL full text), whose index every update keeps
current too, and `SearchResults.notice` tells the visitor so. After
HERITAGE_SEARCH["BREAKER_FAILURES"] consecutive failures (3) the breaker opens: for
HERITAGE_SEARCH["BREAKER_COOLDOWN"] seconds (30) the engine is not asked at all, so a
hung engine does not hold every worker for a timeout; then one request probes it
(half-open) and closes the breaker again if it answers.

The breaker's state lives in the backend object, one per process (and per settings):
each worker process finds out on its own that the engine is down, after at most
BREAKER_FAILURES slow requests.

Records whose index update has not been confirmed yet (`search.models.PendingIndexUpdate`)
are left out of what the engine answers, so a stale index entry (say, a record that
became community-only while the engine was down) is never shown or counted.
"""

import dataclasses
import logging
import threading
import time

from django.utils.translation import gettext as _

from .base import SearchBackend, SearchUnavailable

logger = logging.getLogger(__name__)

# Beyond this many queued updates the engine is too far behind to patch its answers
# with an exclusion list: the database answers until the queue drains.
MAX_EXCLUDED = 1000


class CircuitBreaker:
    """closed → (failures in a row) → open → (cool-down) → half-open: one probe → closed or open."""

    def __init__(self, failures=3, cooldown=30.0, clock=time.monotonic):
        self.threshold = max(1, int(failures))
        self.cooldown = float(cooldown)
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at = None
        self._probing = False

    @property
    def state(self):
        with self._lock:
            if self._opened_at is None:
                return "closed"
            if self._probing or self.clock() - self._opened_at >= self.cooldown:
                return "half-open"
            return "open"

    def allow(self):
        """Whether to ask the engine now. In the half-open state only one caller probes."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._probing or self.clock() - self._opened_at < self.cooldown:
                return False
            self._probing = True
            return True

    def succeeded(self):
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def failed(self):
        with self._lock:
            self._failures += 1
            if self._probing or self._failures >= self.threshold:
                self._opened_at = self.clock()
            self._probing = False

    def released(self):
        """The call ended neither way (a bug, not the engine): let another probe try."""
        with self._lock:
            self._probing = False


def is_outage(error):
    """Whether an engine error means the engine is unwell (connection, timeout, 5xx, 429),
    rather than a request it refused (4xx), which must not open the breaker for everyone."""
    cause = error.__cause__ or error
    status = getattr(cause, "status_code", None)
    if status is None:
        status = getattr(getattr(cause, "meta", None), "status", None)
    return not (isinstance(status, int) and 400 <= status < 500 and status != 429)


class ResilientBackend(SearchBackend):
    """Searches go to `reader` (short timeout, no retries), index writes to `writer`
    (the engine's usual timeout) and to the database fallback."""

    def __init__(self, reader, writer, breaker=None, fallback=None):
        self.reader = reader
        self.writer = writer
        self.breaker = breaker or CircuitBreaker()
        self.name = reader.name
        self._fallback = fallback
        self.fallback_answers = 0  # since the process started: for health reports and tests

    @property
    def client(self):
        """The engine's client (for index administration and tests)."""
        return self.writer.client

    @property
    def alias(self):
        return self.writer.alias

    @property
    def fallback(self):
        if self._fallback is None:
            from . import database_backend

            self._fallback = database_backend()
        return self._fallback

    @property
    def targets(self):
        """Where index updates go: the database fallback first (it cannot be down
        without the site being down), then the engine, through the breaker."""
        return (self.fallback, EngineIndex(self))

    # Asking ----------------------------------------------------------------------------
    def _ask(self, ask_engine, ask_fallback):
        """(answer, notice): the engine's answer, or the fallback's and why."""
        if not self.breaker.allow():
            self.fallback_answers += 1
            return ask_fallback(), _unavailable_notice()
        try:
            answer = ask_engine()
        except SearchUnavailable as error:
            self.fallback_answers += 1
            if is_outage(error):
                self.breaker.failed()
                logger.warning("Search engine unavailable, answering from the database: %s", error)
            else:
                self.breaker.released()
                logger.error("The search engine refused a query, answering from the database: %s", error)
            return ask_fallback(), _unavailable_notice()
        except BaseException:
            self.breaker.released()
            raise
        self.breaker.succeeded()
        return answer, ""

    @staticmethod
    def queued_ids():
        """Ids of records whose index entry may be stale, or None when there are too many."""
        from ..models import PendingIndexUpdate

        ids = list(PendingIndexUpdate.objects.order_by().values_list("record_id", flat=True)[: MAX_EXCLUDED + 1])
        return None if len(ids) > MAX_EXCLUDED else tuple(sorted(ids))

    def _excluding(self, params, queued):
        return dataclasses.replace(params, exclude_ids=tuple(sorted({*params.exclude_ids, *queued})))

    def search(self, params, levels):
        queued = self.queued_ids()
        if queued is None:
            results = self.fallback.search(params, levels)
            results.notice = _catching_up_notice()
            return results
        results, notice = self._ask(
            lambda: self.reader.search(self._excluding(params, queued), levels),
            lambda: self.fallback.search(params, levels),
        )
        results.notice = notice
        return results

    def count(self, params, levels):
        queued = self.queued_ids()
        if queued is None:
            return self.fallback.count(params, levels)
        total, _notice = self._ask(
            lambda: self.reader.count(self._excluding(params, queued), levels),
            lambda: self.fallback.count(params, levels),
        )
        return total

    def matching_ids(self, params, levels, limit):
        queued = self.queued_ids()
        if queued is None:
            return self.fallback.matching_ids(params, levels, limit)
        ids, _notice = self._ask(
            lambda: self.reader.matching_ids(self._excluding(params, queued), levels, limit),
            lambda: self.fallback.matching_ids(params, levels, limit),
        )
        return ids

    def suggest(self, prefix, levels, limit=8):
        queued = self.queued_ids()
        if queued is None:
            return self.fallback.suggest(prefix, levels, limit)
        skipped = set(queued)

        def ask_engine():
            found = self.reader.suggest(prefix, levels, limit + len(skipped))
            return [(pk, title) for pk, title in found if pk not in skipped][:limit]

        suggestions, _notice = self._ask(ask_engine, lambda: self.fallback.suggest(prefix, levels, limit))
        return suggestions

    def search_external(self, params, source_ids, limit):
        results, _notice = self._ask(
            lambda: self.reader.search_external(params, source_ids, limit),
            lambda: self.fallback.search_external(params, source_ids, limit),
        )
        return results

    # Writing ---------------------------------------------------------------------------
    def _write(self, action):
        """Run an index write on the engine, unless the breaker says it is down (then fail
        at once: the update stays queued and a retry sends it later)."""
        if not self.breaker.allow():
            raise SearchUnavailable("The search engine is marked unavailable (circuit open).")
        try:
            action()
        except Exception as error:
            unavailable = SearchUnavailable(str(error))
            unavailable.__cause__ = error
            if is_outage(unavailable):
                self.breaker.failed()
            else:
                self.breaker.released()
            raise unavailable from error
        self.breaker.succeeded()

    def index(self, documents):
        documents = list(documents)
        for target in self.targets:
            target.index(documents)

    def remove(self, ids):
        ids = list(ids)
        for target in self.targets:
            target.remove(ids)

    def rebuild(self, documents, progress=None):
        """Rebuild both indexes. `documents` is iterated twice: give a re-iterable
        collection (`search.indexing.LiveDocuments` streams from the database each time);
        a one-shot iterator is read into memory first."""
        if iter(documents) is documents:
            documents = list(documents)
        self.fallback.rebuild(documents, progress=progress)
        count = self.writer.rebuild(documents, progress=progress)
        self.breaker.succeeded()
        return count

    def index_external(self, documents):
        self.fallback.index_external(documents)
        self._write(lambda: self.writer.index_external(documents))

    def remove_external(self, ids):
        self.fallback.remove_external(ids)
        self._write(lambda: self.writer.remove_external(ids))

    def rebuild_external(self, documents):
        self.fallback.rebuild_external(documents)
        return self.writer.rebuild_external(documents)

    def indexed_ids(self):
        return self.writer.indexed_ids()

    def health(self):
        try:
            health = self.reader.health()
        except Exception as error:  # noqa: BLE001 - any failure is what we report
            health = {"engine": self.reader.client.product, "ok": False, "status": f"unreachable ({error})"}
        health["breaker"] = self.breaker.state
        health["fallbacks"] = f"{self.fallback_answers} answers from the database since this process started"
        health["fallback"] = "{engine}: {documents} documents".format(**self.fallback.health())
        return health

    def drop(self):
        """Delete the engine's alias and indexes (used by tests)."""
        self.writer.drop()


class EngineIndex:
    """The engine's index as an update target: writes go through the breaker, so while
    it is open an update fails at once (and stays queued) instead of waiting."""

    def __init__(self, backend):
        self.backend = backend
        self.label = f"{backend.writer.client.product} ({backend.writer.alias})"

    def index(self, documents):
        self.backend._write(lambda: self.backend.writer.index(documents))

    def remove(self, ids):
        self.backend._write(lambda: self.backend.writer.remove(ids))

    def indexed_ids(self):
        return self.backend.writer.indexed_ids()


def _unavailable_notice():
    return _("The search engine is temporarily unavailable; the results below come from the database.")


def _catching_up_notice():
    return _("The search index is catching up with recent changes; the results below come from the database.")
