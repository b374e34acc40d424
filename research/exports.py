"""Files of a search result or a list of records: JSON, GeoJSON and citations.

Whatever the file, the records in it are those the caller may see
(`RecordPage.objects.visible_to(user)`), each with the point the caller may see
(`with_location_for(user)`: for a protected place, unless the caller may see it, the
generalised point and `location_exact: false`). JSON and GeoJSON rows have the columns of
the open records dataset (documented at /du-lieu-mo/), so one data dictionary serves
both.

A file is written a chunk of records at a time (`EXPORT_CHUNK`), as a streamed
response: only the list of ids and one chunk are ever in memory. A search result is
exported whole up to `export_limit()` records; a larger one is refused with a sentence
asking to narrow it, before anything is read (a file of 100 000 records is the open
dataset's job, not a search's).
"""

import json

from django.conf import settings

from heritage.models import RecordPage
from opendata import formats as opendata_formats
from opendata.datasets import dataset, record_rows_in_order
from search import service
from search.params import MAX_RESULT_WINDOW

from . import citations

EXPORT_CHUNK = 500
DATA_FORMATS = {
    # name: (media type, file extension)
    "json": ("application/json", "json"),
    "geojson": ("application/geo+json", "geojson"),
}
FORMATS = {**DATA_FORMATS, **{name: (media, ext) for name, (_writer, media, ext) in citations.FORMATS.items()}}


def export_limit():
    """The most records one export of a search holds (the search's own browsing window)."""
    return getattr(settings, "HERITAGE_EXPORT_LIMIT", MAX_RESULT_WINDOW)


class ResultTooLarge(Exception):
    def __init__(self, total, limit):
        super().__init__(total, limit)
        self.total = total
        self.limit = limit


def search_result_ids(user, params):
    """Ids of every record `params` finds for `user`, in the order the search page lists
    them. Raises `ResultTooLarge` beyond `export_limit()`."""
    limit = export_limit()
    total, ids = service.all_matching_record_ids(user, params, limit)
    if total > limit:
        raise ResultTooLarge(total, limit)
    if params.text and params.sort == "relevance":
        return ids
    # Sorted by date or title: the order the page shows, kept in the database.
    order = ("title", "pk") if params.sort == "title" else ("-listed_at", "-pk")
    return list(RecordPage.objects.visible_to(user).filter(pk__in=ids).order_by(*order).values_list("pk", flat=True))


def data_rows(user, ids, chunk_size=EXPORT_CHUNK):
    """Chunks of rows (the open records dataset's columns) of the records among `ids`
    that `user` may see, with the point `user` may see, in the order of `ids`."""
    records = RecordPage.objects.visible_to(user).with_location_for(user)
    return record_rows_in_order(records, ids, chunk_size)


def _record_columns():
    return dataset("records").columns


def citation_chunks(user, ids, chunk_size=EXPORT_CHUNK):
    """Chunks of CSL-JSON items of the records among `ids` that `user` may see, in order."""
    return citations.csl_item_chunks(RecordPage.objects.visible_to(user), ids, chunk_size=chunk_size)


def _csl_json_stream(chunks):
    yield b"["
    first = True
    for items in chunks:
        for item in items:
            yield (("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)).encode()
            first = False
    yield b"\n]\n"


def write(format_name, user, ids):
    """The bytes of an export of `ids` for `user`, as an iterator."""
    if format_name == "json":
        return opendata_formats.json_stream(_record_columns(), data_rows(user, ids))
    if format_name == "geojson":
        return opendata_formats.geojson_stream(
            _record_columns(),
            (
                [row for row in rows if row["latitude"] is not None and row["longitude"] is not None]
                for rows in data_rows(user, ids)
            ),
            lambda row: row["id"],
            opendata_formats.point,
            skip=("latitude", "longitude"),
        )
    if format_name == "csl-json":
        return _csl_json_stream(citation_chunks(user, ids))
    writer = citations.FORMATS[format_name][0]
    # A blank line after each chunk: BibTeX separates its entries so, RIS readers skip it.
    return (writer(items).encode() + b"\n" for items in citation_chunks(user, ids))
