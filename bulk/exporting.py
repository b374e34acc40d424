"""Records out, in the import format: what a listing or a search shows, as CSV or XLSX.

Which records: always `RecordPage.objects.visible_to(user)` (the library's filters
through `RecordListing`, a search's through the search service), so an export never
holds a record its reader may not open. A record whose exact place the reader may not
see is exported without coordinates (its `location_access` still says why). What is
exported is the live version of each record, read in chunks with a fixed number of
queries each.
"""

from heritage.access import exact_location_visible_to
from heritage.models import RecordPage

from .columns import COLUMN_NAMES
from .records import Vocabulary, record_values, row_text

CHUNK = 500


def export_rows(user, record_ids, vocabulary=None):
    """Spreadsheet rows (dicts of text) for the records of `record_ids` that `user` may
    see (asked again here, whatever the caller did), in that order."""
    from gis.models import AreaRecord

    vocabulary = vocabulary or Vocabulary()
    ids = list(record_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        pages = (
            RecordPage.objects.visible_to(user)
            .filter(pk__in=chunk)
            .specific()
            .select_related("main_image")
            .prefetch_related("ethnic_groups", "subjects")
        )
        by_id = {page.pk: page for page in pages}
        manual = {}
        for record_id, area_id in AreaRecord.objects.filter(
            record_id__in=chunk, linked_by=AreaRecord.LinkedBy.MANUAL
        ).values_list("record_id", "area_id"):
            manual.setdefault(record_id, []).append(area_id)
        for pk in chunk:
            record = by_id.get(pk)
            if record is None:
                continue
            values = record_values(record, manual.get(pk, ()))
            if not exact_location_visible_to(user, record):
                values["latitude"] = values["longitude"] = None
            text = row_text(values, vocabulary)
            yield {name: text.get(name, "") for name in COLUMN_NAMES}
