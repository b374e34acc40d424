"""The interface every search engine implements; views and commands use only this."""

from dataclasses import dataclass, field


@dataclass
class SearchResults:
    ids: list  # record ids of the requested page, best first
    total: int
    facets: dict = field(default_factory=dict)  # facet name → [(value, count), ...]
    highlights: dict = field(default_factory=dict)  # record id → [HTML fragments with <mark>]
    suggestion: str = ""  # a corrected spelling of the query, when there is one
    notice: str = ""  # said to the visitor when the answer is degraded (e.g. from the fallback)
    # The total (and the facet counts) are estimated, not counted: show "about N". The
    # database fallback estimates when a search matches more records than it examines.
    total_is_estimate: bool = False


@dataclass
class ExternalResults:
    """Records harvested from other institutions that match a search (their own ids)."""

    ids: list  # best first
    total: int


class SearchBackend:
    """One engine. Access levels arrive as the tuple of levels the user may see and are
    applied inside the engine's query, so counts and facets never include the rest."""

    name = "base"

    def index(self, documents):
        raise NotImplementedError

    def remove(self, ids):
        raise NotImplementedError

    def search(self, params, levels):
        raise NotImplementedError

    def count(self, params, levels):
        """How many records match, without facets or highlights."""
        return self.search(params, levels).total

    def matching_ids(self, params, levels, limit):
        """Ids of up to `limit` matching records (for map layers), best first."""
        raise NotImplementedError

    def suggest(self, prefix, levels, limit=8):
        """Titles starting with what the visitor has typed so far: [(id, title), ...]."""
        raise NotImplementedError

    def rebuild(self, documents, progress=None):
        """Replace the whole index with `documents` (an iterable) without downtime."""
        raise NotImplementedError

    def indexed_ids(self):
        raise NotImplementedError

    def health(self):
        """A short dict: {"engine": ..., "ok": bool, ...}."""
        raise NotImplementedError

    # Records of other institutions (search.external): an index of their own.
    def index_external(self, documents):
        raise NotImplementedError

    def remove_external(self, ids):
        raise NotImplementedError

    def rebuild_external(self, documents):
        """Replace the whole index of external records with `documents` (a list)."""
        raise NotImplementedError

    def search_external(self, params, source_ids, limit):
        """`ExternalResults` for the words of `params` among the records of `source_ids`."""
        raise NotImplementedError


class SearchUnavailable(RuntimeError):
    """The engine could not be reached or refused the request."""
