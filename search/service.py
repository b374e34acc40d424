"""The one search service: `/search/`, `/api/search`, the suggestions and `/map/` (its
result list and its markers) all search through here.

It parses the request once, asks the configured backend with the caller's access
levels, and re-reads every record it shows from the database through the access rule,
so a stale index entry can never put a restricted title, URL or count in front of a
visitor. A spelling suggestion is offered only when it finds something the caller may
see.
"""

import dataclasses
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from heritage.access import levels_visible_to
from heritage.models import RecordPage

from . import external, spelling
from .backends import get_backend
from .backends.base import SearchResults, SearchUnavailable
from .params import BadSearchParameter, SearchParams, parse

logger = logging.getLogger(__name__)

MAX_SUGGEST_PREFIX = 100
# The most markers a map layer draws for one search; beyond it the map says so.
MAX_MAP_RECORDS = 10_000


@dataclass
class SearchOutcome:
    params: SearchParams | None = None
    results: SearchResults | None = None
    records: list = field(default_factory=list)
    error: str = ""
    status: int = 200
    # Records of other institutions matching the words (search.external): apart from ours.
    external: list = field(default_factory=list)
    external_total: int = 0

    @property
    def ok(self):
        return self.results is not None


def search(user, query_dict):
    """Parse `query_dict`, search, and load the page of records `user` may see."""
    try:
        params = parse(query_dict)
    except BadSearchParameter as error:
        return SearchOutcome(error=str(error), status=400)
    levels = levels_visible_to(user)
    backend = get_backend()
    try:
        results = backend.search(params, levels)
    except SearchUnavailable:
        logger.exception("Search engine unavailable")
        return SearchOutcome(
            params=params, error=_("Search is unavailable at the moment. Please try again shortly."), status=503
        )
    records = RecordPage.objects.visible_to(user).with_card_data().in_order(results.ids)
    shown = {record.pk for record in records}
    results.highlights = {pk: fragments for pk, fragments in results.highlights.items() if pk in shown}
    for record in records:
        record.search_highlights = results.highlights.get(record.pk, [])
    if params.text:
        _attach_moments(records, params)
    # Did you mean: the same for every engine, in the records' own spelling.
    results.suggestion = spelling.suggestion(params.text) if params.text else ""
    if results.suggestion and not _finds_something(backend, params, results.suggestion, levels):
        results.suggestion = ""
    outcome = SearchOutcome(params=params, results=results, records=records)
    _add_external(outcome, backend)
    return outcome


def _add_external(outcome, backend):
    """The other institutions' records that match the words, on the first page of a
    search by words alone (our filters and places do not apply to their records)."""
    params = outcome.params
    if not params.text or params.page != 1 or params.filters or params.has_geo():
        return
    sources = external.shown_source_ids()
    if not sources:
        return
    try:
        found = backend.search_external(params, sources, external.EXTERNAL_RESULTS)
    except SearchUnavailable:
        logger.exception("Search of external records unavailable")
        return
    outcome.external = external.records_for(found.ids)
    outcome.external_total = found.total if outcome.external else 0


def _attach_moments(records, params):
    """Give each record `search_moments`: [(fragment, start, cue text)] where its
    recordings' captions say a searched word, for links to that moment."""
    from media.models import HeritageMedia

    from .documents import recording_ids
    from .transcripts import moment_fragment, moments

    wanted = {record.pk: recording_ids(record.body) for record in records}
    for record in records:
        record.search_moments = []
    media_ids = {pk for ids in wanted.values() for pk in ids}
    if not media_ids:
        return
    recordings = HeritageMedia.objects.filter(pk__in=media_ids).exclude(captions="").in_bulk()
    words, phrases = params.terms()
    for record in records:
        found = moments([recordings[pk] for pk in wanted[record.pk] if pk in recordings], [*words, *phrases])
        record.search_moments = [(moment_fragment(media, start), start, text) for media, start, text in found]


def _finds_something(backend, params, text, levels):
    """Whether searching `text` instead finds a record the caller may see: a "did you
    mean" must never be a word that only restricted records contain."""
    try:
        return backend.count(dataclasses.replace(params, text=text, page=1), levels) > 0
    except SearchUnavailable:
        return False


def matching_record_ids(user, params, limit=MAX_MAP_RECORDS):
    """Ids of the records a map draws for `params`: the whole filtered result (up to
    `limit`), not only the listed page."""
    return get_backend().matching_ids(params, levels_visible_to(user), limit)


def suggestions(user, prefix, limit=8):
    """[(record, title)] of visible records whose titles start with what was typed."""
    prefix = prefix.strip()[:MAX_SUGGEST_PREFIX]
    if len(prefix) < 2:
        return []
    found = get_backend().suggest(prefix, levels_visible_to(user), limit=limit)
    return RecordPage.objects.visible_to(user).in_order([pk for pk, _title in found])


def all_matching_record_ids(user, params, limit):
    """(how many records `params` finds for `user`, the ids of up to `limit` of them, best
    first): what an export of a whole search result reads. The count comes first so a
    result larger than `limit` is refused before any id is read; it may be the fallback's
    estimate for a very common word."""
    backend = get_backend()
    levels = levels_visible_to(user)
    total = backend.count(params, levels)
    if total > limit:
        return total, []
    return total, backend.matching_ids(params, levels, limit)
