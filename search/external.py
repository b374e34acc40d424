"""Records harvested from other institutions (`exchange.ExternalRecord`) in search.

They have an index of their own on every engine (the engine's `<alias>-external`, the
fallback's `heritage_search_external`), never mixed with our records: they have their
own ids and no access level, since they are public metadata shown while their source is
(`ExternalRecord.objects.shown()`, asked again for every answer). `/search/` and
`/api/search` list them apart, each with its institution and a link to the original.

The harvester sends `external_records_changed` after each page it stores; `updated`
keeps the indexes in step. A failure of the engine is logged and left for
`search_reindex`, which rebuilds both indexes of external records with the others.
"""

import logging
from urllib.parse import urlsplit

from .documents import folded

logger = logging.getLogger(__name__)

# External records listed beside the results of a search.
EXTERNAL_RESULTS = 5
FIELDS = ("title", "title_en", "subjects", "place", "summary", "creators")


def document(record):
    """The flat document of one external record (as its source described it)."""

    def text(values):
        return " · ".join(str(value) for value in values or [] if value)

    return {
        "id": record.pk,
        "source_id": record.source_id,
        "title": record.title or record.identifier,
        "title_en": record.title_en,
        "subjects": text(record.subjects),
        "place": record.place,
        "summary": " ".join(filter(None, (record.summary, record.summary_en))),
        "creators": text(record.creators),
        "title_sort": folded(record.title or "").casefold(),
    }


def external_documents(ids=None):
    """The documents of the stored external records (those with `ids`, if given)."""
    from exchange.models import ExternalRecord

    records = ExternalRecord.objects.order_by("pk").only(
        "pk", "source_id", "identifier", "title", "title_en", "subjects", "place", "summary", "summary_en", "creators"
    )
    if ids is not None:
        records = records.filter(pk__in=list(ids))
    return [document(record) for record in records.iterator(chunk_size=1000)]


def shown_source_ids():
    from exchange.models import HarvestSource

    return sorted(HarvestSource.objects.filter(shown_on_site=True).values_list("pk", flat=True))


def updated(changed_ids=(), removed_ids=()):
    """Index the external records `changed_ids`, remove `removed_ids`, on every index."""
    from .backends import get_backend

    backend = get_backend()
    changed = external_documents(changed_ids) if changed_ids else []
    gone = set(removed_ids) | (set(changed_ids) - {item["id"] for item in changed})
    try:
        if changed:
            backend.index_external(changed)
        if gone:
            backend.remove_external(sorted(gone))
    except Exception as error:  # noqa: BLE001 - a harvest never fails because search is down
        logger.warning("External records not indexed (run search_reindex): %s", error)


def records_for(ids):
    """The shown external records with these ids, in that order, with their source and
    `original_link` (the original's address when it is an http(s) one, else "")."""
    from exchange.models import ExternalRecord

    by_id = ExternalRecord.objects.shown().select_related("source").in_bulk(ids)
    records = [by_id[pk] for pk in ids if pk in by_id]
    for record in records:
        link = record.original_url or ""
        record.original_link = link if urlsplit(link).scheme in ("http", "https") else ""
    return records
