"""The database fallback: the index lives in the database's own full-text search.
`RelationalBackend` holds what SQLite and PostgreSQL share; `DatabaseBackend` is SQLite
(FTS5 + R*Tree, migration 0004) and `postgres.PostgresBackend` a weighted tsvector.

It needs nothing installed, so `make demo` searches well without an engine. A word no
record holds also matches the indexed words one or two edits away, as the engine's
fuzziness does (`search.spelling`: the indexed words, never an ethnic group's name);
relevance is the database's ranking over weighted fields plus a bonus for titles that
keep the visitor's accents. Records of other institutions have a table of their own
(`*_external`, see `search.external`).

How a search runs, whatever its size (the reasons are measured in bench/search.py):

- One pass over the index finds the records that match everything the index knows
  (words, filters, box), newest first, and checks each against the access rule
  (`RecordPage.objects.visible_at(levels)`, on the live tables, inside the same SQL).
  It stops after `SAMPLE_LIMIT` survivors: a very common word costs no more than that.
- Up to that limit everything is exact. Beyond it the total is estimated from how many
  index matches it took to find them (shown as "about N", `SearchResults.total_is_estimate`),
  facet counts are scaled the same way, relevance ranks the newest `SAMPLE_LIMIT`
  survivors, and later pages continue with older records, newest first.
- Facets come from one grouped query over those records (on PostgreSQL part of the
  same statement); highlights from the database's own highlighter, for the page only.

Records are keyed in the index by `index_key()`: the second they were published, then
their id, so "newest first" is the index's own order and needs no sort.
"""

import functools
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils.html import escape

from heritage.models import RecordPage
from heritage.text import fold_diacritics

from .. import spelling
from ..params import PERIODS
from .base import ExternalResults, SearchBackend, SearchResults

COLUMNS = ("title", "title_en", "group_names", "place", "summary", "body")
# The text fields whose words are the indexed words (search.spelling); the ethnic groups'
# names are known only folded: a correction is never written as a people's name.
TEXT_FIELDS = ("title", "title_en", "labels", "place", "summary", "body", "transcripts")
NAME_FIELDS = ("group_names",)
# Document fields the fallback stores in another field's column (same weight as the
# engine gives them): the vocabularies' names beside the groups', what recordings say
# after the body.
SHARED_COLUMNS = {"group_names": ("group_names", "labels"), "body": ("body", "transcripts")}
WEIGHTS = (6.0, 4.0, 4.0, 2.0, 2.0, 1.0)
EXACT_BONUS = 5.0
# Matching records examined in full per search; beyond it totals and facets are estimated.
SAMPLE_LIMIT = 2_000
# A box holding at most this many points is searched from its points, not from the matches.
FEW_POINTS = 500
# index_key(): published second above these bits, record id below.
ID_BITS = 30
FACETS = ("type", "group", "province", "subject", "licence", "media", "ocop", "period")
MEDIA_ORDER = ("image", "audio", "video")
# Highlight markers the database puts around matches (escaped text never contains them).
OPEN_MARK, CLOSE_MARK = "\x02", "\x03"


def fold(text):
    return fold_diacritics(text or "").casefold()


def column_text(document, column):
    """The text of the index column `column` for `document`."""
    return "\n".join(filter(None, (document.get(name) or "" for name in SHARED_COLUMNS.get(column, (column,)))))


def index_key(document):
    """Published second, then record id, in one integer: descending is newest first."""
    record_id = int(document["id"])
    if not 0 <= record_id < 1 << ID_BITS:
        raise ValueError(f"Record id {record_id} does not fit the search index key.")
    published = document.get("published_at")
    seconds = math.floor(datetime.fromisoformat(published).timestamp()) if published else 0
    return (seconds << ID_BITS) | record_id


def period_of(year):
    if year is None:
        return None
    for key, (start, end) in PERIODS.items():
        if (start is None or year >= start) and (end is None or year <= end):
            return key
    return None


def facet_values(document):
    """("name", "value") pairs a record is counted under, the same keys as the filters."""
    values = [("type", document["record_type"])]
    values += [("group", slug) for slug in document["groups"]]
    if document["province"]:
        values.append(("province", document["province"]))
    values += [("subject", slug) for slug in document["subjects"]]
    if document["licence"]:
        values.append(("licence", document["licence"]))
    values += [("media", kind) for kind in document["media"]]
    if document["ocop_stars"] is not None:
        values.append(("ocop", str(document["ocop_stars"])))
    period = period_of(document["period_start_year"])
    if period:
        values.append(("period", period))
    return list(dict.fromkeys(values))


def points_within(candidates, params):
    """The keys of the candidate points (key, latitude, longitude) inside the polygon and
    within the distance of `params`, tested all at once (numpy, shapely)."""
    if not candidates:
        return []
    import numpy as np
    import shapely

    keys, lats, lons = (np.array(column) for column in zip(*candidates, strict=True))
    keep = np.ones(len(keys), dtype=bool)
    if params.polygon:
        polygon = shapely.Polygon(params.polygon)
        shapely.prepare(polygon)
        keep &= shapely.intersects_xy(polygon, lons, lats)  # the edge counts, as in the engine
    if params.near:
        lat, lon, km = params.near
        phi, phis = np.radians(lat), np.radians(lats)
        a = np.sin((phis - phi) / 2) ** 2 + np.cos(phi) * np.cos(phis) * np.sin(np.radians(lons - lon) / 2) ** 2
        keep &= 2 * 6371.0 * np.arcsin(np.sqrt(a)) <= km
    return [int(key) for key in keys[keep]]


def exact_terms(params):
    """The query's words and phrases as typed (accents kept), for the exact-title bonus."""
    words, phrases = params.terms()
    return [term.casefold() for term in [*words, *phrases] if term.strip()]


def round_estimate(number):
    """Two significant digits: 8 448 → 8 400, 84 913 → 85 000."""
    digits = len(str(int(number)))
    return int(round(number, -max(0, digits - 2)))


def clean_fragment(text):
    """HTML for a highlighted fragment: the text escaped, the database's markers as <mark>."""
    return str(escape(text)).replace(OPEN_MARK, "<mark>").replace(CLOSE_MARK, "</mark>")


@functools.lru_cache(maxsize=32)
def visible_sql(levels, record_id_sql, vendor):
    """`RecordPage.objects.visible_at(levels)` for one record, as an SQL condition
    (compiled once per process: it is the same for every search)."""
    visible = (
        RecordPage.objects.visible_at(levels)
        .filter(pk=RawSQL(record_id_sql, ()))  # noqa: S611 - a column name of ours, never input
        .order_by()
        .values("pk")[:1]
    )
    sql, params = visible.query.get_compiler(connection=connection).as_sql()
    return f"EXISTS ({sql})", tuple(params)


@dataclass
class Query:
    """What one search asks of the index, in the vendor's terms (built by `_query`)."""

    match: object = None  # the vendor's full-text (and, on SQLite, filter) expression
    text: object = None  # the words alone, for highlights
    phrased: bool = False  # the words include a quoted phrase
    facet_filters: list = field(default_factory=list)  # [[value, ...] OR'ed] AND'ed
    box: tuple | None = None  # (south, north, west, east)
    within: list | None = None  # index keys that pass a polygon or distance test
    exclude: tuple = ()
    levels: tuple = ()
    exact: list = field(default_factory=list)
    empty: bool = False  # nothing can match (e.g. disjoint boxes)


@dataclass
class Found:
    """The records a search found: up to SAMPLE_LIMIT rows (key, record id, score, title key)."""

    rows: list
    total: int
    estimated: bool
    query: Query
    # ("name:value", count) over the first `counted` survivors, when the pass counted them.
    facet_rows: list | None = None
    counted: int = 0


class RelationalBackend(SearchBackend):
    """Search orchestration shared by the SQL fallbacks; subclasses supply the SQL."""

    name = "database"
    label = ""
    vendor = ""
    table = ""  # one row per indexed record (record_id, key, ...)

    def __init__(self):
        if connection.vendor != self.vendor:
            raise ImproperlyConfigured(f"{type(self).__name__} needs {self.vendor}, not {connection.vendor}.")

    # Upkeep --------------------------------------------------------------------------
    def indexed_ids(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT record_id FROM {self.table}")  # noqa: S608
            return {int(row[0]) for row in cursor.fetchall()}

    def health(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
            (count,) = cursor.fetchone()
        return {"engine": self.label, "ok": True, "status": "ready", "index": self.table, "documents": count}

    def index(self, documents):
        documents = list(documents)
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, [document["id"] for document in documents])
            self._write(cursor, documents)
            spelling.remember(cursor, documents, TEXT_FIELDS, NAME_FIELDS)

    def remove(self, ids):
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, ids)

    def rebuild(self, documents, progress=None, batch_size=1000):
        # One transaction: readers keep seeing the old rows until the new ones commit.
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            self._clear(cursor)
            spelling.forget_all(cursor)
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) == batch_size:
                    count += self._write_batch(cursor, batch, progress)
                    batch = []
            count += self._write_batch(cursor, batch, progress)
            self._after_rebuild(cursor)
        return count

    def _write_batch(self, cursor, batch, progress):
        if batch:
            self._write(cursor, batch, rebuilding=True)
            spelling.remember(cursor, batch, TEXT_FIELDS, NAME_FIELDS)
        if progress:
            progress(len(batch))
        return len(batch)

    def _write(self, cursor, documents, rebuilding=False):
        raise NotImplementedError

    def _delete(self, cursor, ids):
        raise NotImplementedError

    def _clear(self, cursor):
        raise NotImplementedError

    def _after_rebuild(self, cursor):
        pass

    # External records ------------------------------------------------------------------
    def index_external(self, documents):
        from ..external import FIELDS

        with transaction.atomic(), connection.cursor() as cursor:
            self._delete_external(cursor, [document["id"] for document in documents])
            self._write_external(cursor, documents)
            spelling.remember(cursor, documents, FIELDS)

    def remove_external(self, ids):
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete_external(cursor, ids)

    def rebuild_external(self, documents):
        from ..external import FIELDS

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM heritage_search_external")
            for start in range(0, len(documents), 1000):
                self._write_external(cursor, documents[start : start + 1000])
                spelling.remember(cursor, documents[start : start + 1000], FIELDS)
        return len(documents)

    def search_external(self, params, source_ids, limit):
        words, phrases = params.terms()
        if not (words or phrases) or not source_ids:
            return ExternalResults([], 0)
        return self._search_external(words, phrases, spelling.expansions(words), list(source_ids), limit)

    def _write_external(self, cursor, documents):
        raise NotImplementedError

    def _delete_external(self, cursor, ids):
        raise NotImplementedError

    def _search_external(self, words, phrases, expansions, source_ids, limit):
        raise NotImplementedError

    @staticmethod
    def _visible_titles(ids, levels, limit):
        """[(id, title)] of the live records among `ids` a user may see, in the given order."""
        titles = dict(RecordPage.objects.visible_at(levels).filter(pk__in=ids).values_list("pk", "title"))
        return [(pk, titles[pk]) for pk in ids if pk in titles][:limit]

    @staticmethod
    def _visible(levels, record_id_sql):
        """SQL for "the record whose id is `record_id_sql` is one `levels` may see", made
        from the access rule itself so the fallback never holds a copy of it."""
        sql, params = visible_sql(tuple(str(level) for level in levels), record_id_sql, connection.vendor)
        return sql, list(params)

    # Vendor SQL ------------------------------------------------------------------------
    def _query(self, params, levels):
        """A `Query` for `params` (subclasses fill in the match and filter expressions)."""
        raise NotImplementedError

    def _survivors_sql(self, query, columns, limit, before=None, offset=0):
        """(sql, params) for `columns` of the records that pass everything, newest first."""
        raise NotImplementedError

    def _driver_counts(self, query, last_key):
        """(index matches in all, index matches at or after `last_key`): what the
        estimate of an over-large result is scaled by."""
        raise NotImplementedError

    def _box_candidates(self, box, limit=None):
        """[(key, latitude, longitude)] of (at most `limit`) indexed points within `box`."""
        raise NotImplementedError

    def _facet_rows(self, keys):
        """[("name:value", count)] over the records with these index keys."""
        raise NotImplementedError

    def _highlight_rows(self, query, keys):
        """[(record id, [fragment HTML, ...])] for the page's records."""
        raise NotImplementedError

    def _title_page(self, query, offset, size):
        """Record ids of a title-ordered page when the result is too large to sort whole."""
        raise NotImplementedError

    # Searching --------------------------------------------------------------------------
    def _geo(self, query, params):
        """Narrow `query` to the box, polygon and distance of `params`."""
        boxes = []
        if params.bbox:
            west, south, east, north = params.bbox
            boxes.append((south, north, west, east))
        if params.polygon:
            lons = [lon for lon, _lat in params.polygon]
            lats = [lat for _lon, lat in params.polygon]
            boxes.append((min(lats), max(lats), min(lons), max(lons)))
        if params.near:
            lat, lon, km = params.near
            dlat = km / 111.0
            dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
            boxes.append((lat - dlat, lat + dlat, lon - dlon, lon + dlon))
        if not boxes:
            return query
        south = max(box[0] for box in boxes)
        north = min(box[1] for box in boxes)
        west = max(box[2] for box in boxes)
        east = min(box[3] for box in boxes)
        if south > north or west > east:
            query.empty = True
            return query
        query.box = (south, north, west, east)
        if params.polygon or params.near:
            # The exact shapes are tested on the points inside their bounding box.
            query.within = points_within(self._box_candidates(query.box), params)
        else:
            # A box holding few points is searched from its points; a larger one is a
            # check on each match.
            candidates = self._box_candidates(query.box, limit=FEW_POINTS + 1)
            if len(candidates) <= FEW_POINTS:
                query.within = [key for key, _lat, _lon in candidates]
        query.empty = query.within == []
        return query

    def _find(self, query, order="newest", facets=False):
        """The records that pass `query`, newest first, as rows (key, record id[, score or
        title key]): exact up to SAMPLE_LIMIT, then estimated."""
        if query.empty:
            return Found([], 0, False, query, [], 0)
        columns = ["key", "record_id", *{"score": ["score"], "title": ["title_sort"]}.get(order, [])]
        rows, facet_rows = self._sample(query, columns, SAMPLE_LIMIT + 1, facets)
        counted = len(rows)
        if len(rows) <= SAMPLE_LIMIT:
            return Found(rows, len(rows), False, query, facet_rows, counted)
        rows = rows[:SAMPLE_LIMIT]
        matches, scanned = self._driver_counts(query, rows[-1][0])
        # The share of index matches that pass the rest, found among the newest ones.
        estimate = round_estimate(SAMPLE_LIMIT * matches / max(scanned, 1))
        return Found(rows, max(SAMPLE_LIMIT + 1, estimate), True, query, facet_rows, counted)

    def _sample(self, query, columns, limit, facets):
        """(survivor rows, newest first; facet rows over them, or None when the vendor
        counts them in a second query)."""
        sql, sql_params = self._survivors_sql(query, columns, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            return cursor.fetchall(), None

    def _page(self, found, order, offset, size):
        """Record ids of one page of `found`: `order` is "score", "title" or "newest"."""
        rows = found.rows
        if order == "score":
            rows = sorted(rows, key=lambda row: (-row[2], -row[0]))
        elif order == "title":
            if found.estimated:
                return self._title_page(found.query, offset, size)
            rows = sorted(rows, key=lambda row: (row[2], row[1]))
        ids = [row[1] for row in rows[offset : offset + size]]
        if found.estimated and len(ids) < size and offset + size > len(rows):
            # Beyond the examined records: older ones, newest first.
            sql, sql_params = self._survivors_sql(
                found.query,
                ["record_id"],
                size - len(ids),
                before=found.rows[-1][0],
                offset=max(0, offset - len(rows)),
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, sql_params)
                ids += [row[0] for row in cursor.fetchall()]
        return [int(pk) for pk in ids]

    def _facets(self, found):
        counts = {name: {} for name in FACETS}
        facet_rows, counted = found.facet_rows, found.counted
        if facet_rows is None and found.rows:
            facet_rows, counted = self._facet_rows([row[0] for row in found.rows]), len(found.rows)
        for item, count in facet_rows or []:
            name, _colon, value = item.partition(":")
            if name in counts:
                counts[name][value] = count
        scale = found.total / counted if found.estimated else 1
        facets = {}
        for name, values in counts.items():
            scaled = {value: max(1, round(count * scale)) for value, count in values.items()}
            if name == "period":
                facets[name] = [(key, scaled[key]) for key in PERIODS if key in scaled]
            elif name == "media":
                facets[name] = [(kind, scaled[kind]) for kind in MEDIA_ORDER if kind in scaled]
            else:
                facets[name] = sorted(scaled.items(), key=lambda item: (-item[1], item[0]))
        return facets

    @staticmethod
    def _order(query, sort):
        if sort == "relevance" and query.text is not None:
            return "score"
        return "title" if sort == "title" else "newest"

    def search(self, params, levels):
        query = self._query(params, levels)
        order = self._order(query, params.sort)
        found = self._find(query, order, facets=True)
        page_ids = self._page(found, order, params.offset, params.size)
        highlights = {}
        if query.text is not None and page_ids:
            highlights = {pk: fragments for pk, fragments in self._highlight_rows(query, page_ids) if fragments}
        return SearchResults(
            ids=page_ids,
            total=found.total,
            facets=self._facets(found),
            highlights=highlights,
            total_is_estimate=found.estimated,
        )

    def count(self, params, levels):
        return self._find(self._query(params, levels)).total

    def matching_ids(self, params, levels, limit):
        query = self._query(params, levels)
        order = self._order(query, "relevance")
        return self._page(self._find(query, order), order, 0, limit)


# SQLite ------------------------------------------------------------------------------
# In the stored text đ/Đ become d/D with a combining inverted breve, which FTS5's
# unicode61 tokenizer folds away with every other Vietnamese diacritic: the index holds
# folded words while the text it highlights keeps its accents (see `shown`).
D_MARKS = {"đ": "d\u0311", "Đ": "D\u0311"}


def stored(text):
    text = text or ""
    for letter, marked in D_MARKS.items():
        text = text.replace(letter, marked)
    return text


def shown(text):
    for letter, marked in D_MARKS.items():
        text = text.replace(marked, letter)
    return text


# The R*Tree holds each public point as whole 1e-7 degrees (rtree_i32: about a centimetre,
# as fine as the engine's geo_point), so the tree alone decides what lies in a box.
POINT_SCALE = 10_000_000
POINTS_FROM_RECORDS = (
    "SELECT docid, round(latitude * 10000000), round(latitude * 10000000),"
    " round(longitude * 10000000), round(longitude * 10000000) FROM heritage_search_record"
)
IN_BOX = "min_lat >= %s AND max_lat <= %s AND min_lon >= %s AND max_lon <= %s"


def box_bounds(box):
    """The parameters of IN_BOX for a (south, north, west, east) box."""
    return [round(bound * POINT_SCALE) for bound in box]


def fts_token(word):
    return '"' + word.replace('"', "") + '"'


def fts_text(words, phrases, prefix=False, expansions=None):
    """An FTS5 expression: every word (and phrase) must match, without accents; a word
    with `expansions` ({folded word: [close indexed words]}) matches them too."""
    parts = []
    for word in words:
        part = fts_token(fold_diacritics(word)) + ("*" if prefix else "")
        alternatives = (expansions or {}).get(fold(word))
        if alternatives and part.strip('"*'):
            part = "(" + " OR ".join([part, *(fts_token(term) for term in alternatives)]) + ")"
        parts.append(part)
    parts += [fts_token(fold_diacritics(phrase)) for phrase in phrases]
    return " AND ".join(part for part in parts if part.strip('"*()'))


def tag(name, value):
    """One word of the `tags` column: a filter value FTS5 can intersect with the text."""
    return name + str(value).encode().hex()


class DatabaseBackend(RelationalBackend):
    """SQLite (migration 0004): FTS5 over the records' text and filter tags, an R*Tree
    of public points, and a small table of what each match is checked and counted by."""

    label = "database (SQLite FTS5)"
    vendor = "sqlite"
    table = "heritage_search_record"
    tables = ("heritage_search_point", "heritage_search_content", "heritage_search_record")

    def _write(self, cursor, documents, rebuilding=False):
        records, contents = [], []
        for document in documents:
            key = index_key(document)
            location = document["location"] or {}
            values = facet_values(document)
            records.append(
                (
                    key,
                    document["id"],
                    location.get("lat"),
                    location.get("lon"),
                    document["title_sort"] or "",
                    (document["title"] or "").casefold(),
                    json.dumps([f"{name}:{value}" for name, value in values], ensure_ascii=False),
                )
            )
            tags = " ".join(tag(name, value) for name, value in values)
            contents.append((key, *(stored(column_text(document, column)) for column in COLUMNS), tags))
        cursor.executemany(
            "INSERT INTO heritage_search_record"
            " (docid, record_id, latitude, longitude, title_sort, title_exact, facets)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)",
            records,
        )
        cursor.executemany(
            "INSERT INTO heritage_search_content (docid, title, title_en, group_names, place, summary, body, tags)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            contents,
        )
        if rebuilding:
            return  # the text index and the points are built once at the end (_after_rebuild)
        keys = json.dumps([record[0] for record in records])
        cursor.execute(
            "INSERT INTO heritage_search_text (rowid, title, title_en, group_names, place, summary, body, tags)"
            " SELECT docid, title, title_en, group_names, place, summary, body, tags FROM heritage_search_content"
            " WHERE docid IN (SELECT value FROM json_each(%s))",
            [keys],
        )
        cursor.execute(
            f"INSERT INTO heritage_search_point (docid, min_lat, max_lat, min_lon, max_lon) {POINTS_FROM_RECORDS}"  # noqa: S608
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND docid IN (SELECT value FROM json_each(%s))",
            [keys],
        )

    def _delete(self, cursor, ids):
        if not ids:
            return
        ids = json.dumps([int(pk) for pk in ids])
        chosen = (
            "docid IN (SELECT docid FROM heritage_search_record WHERE record_id IN (SELECT value FROM json_each(%s)))"
        )
        # An external-content FTS5 row is removed by handing back what was indexed.
        cursor.execute(
            "INSERT INTO heritage_search_text (heritage_search_text, rowid, title, title_en, group_names, place,"  # noqa: S608
            " summary, body, tags) SELECT 'delete', docid, title, title_en, group_names, place, summary, body, tags"
            f" FROM heritage_search_content WHERE {chosen}",
            [ids],
        )
        for table in self.tables:
            cursor.execute(f"DELETE FROM {table} WHERE {chosen}", [ids])  # noqa: S608

    def _clear(self, cursor):
        cursor.execute("INSERT INTO heritage_search_text (heritage_search_text) VALUES ('delete-all')")
        for table in self.tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def _write_external(self, cursor, documents):
        from ..external import FIELDS

        cursor.executemany(
            "INSERT INTO heritage_search_external (rowid, source_id, title, title_en, subjects, place, summary,"
            " creators) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (document["id"], document["source_id"], *(stored(document[name]) for name in FIELDS))
                for document in documents
            ],
        )

    def _delete_external(self, cursor, ids):
        if ids:
            cursor.execute(
                "DELETE FROM heritage_search_external WHERE rowid IN (SELECT value FROM json_each(%s))",
                [json.dumps([int(pk) for pk in ids])],
            )

    def _search_external(self, words, phrases, expansions, source_ids, limit):
        match = fts_text(words, phrases, expansions=expansions)
        if not match:
            return ExternalResults([], 0)
        where = "heritage_search_external MATCH %s AND source_id IN (SELECT value FROM json_each(%s))"
        values = [match, json.dumps(source_ids)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM heritage_search_external WHERE {where}"  # noqa: S608
                " ORDER BY bm25(heritage_search_external, 0, 6, 4, 4, 2, 2, 1), rowid DESC LIMIT %s",
                [*values, limit],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM heritage_search_external WHERE {where}", values)  # noqa: S608
            (total,) = cursor.fetchone()
        return ExternalResults(ids, total)

    def _after_rebuild(self, cursor):
        cursor.execute("INSERT INTO heritage_search_text (heritage_search_text) VALUES ('rebuild')")
        cursor.execute(
            f"INSERT INTO heritage_search_point (docid, min_lat, max_lat, min_lon, max_lon) {POINTS_FROM_RECORDS}"
            " WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        )
        cursor.execute("INSERT INTO heritage_search_text (heritage_search_text) VALUES ('optimize')")
        cursor.execute("ANALYZE heritage_search_record")

    # Queries --------------------------------------------------------------------------
    def _query(self, params, levels):
        words, phrases = params.terms()
        text = fts_text(words, phrases, expansions=spelling.expansions(words)) or None
        parts = [f"({text})"] if text else []
        for name in FACETS:
            values = params.filters.get(name)
            if values:
                parts.append("tags : (" + " OR ".join(fts_token(tag(name, value)) for value in values) + ")")
        query = Query(
            match=" AND ".join(parts) or None,
            text=text,
            exclude=tuple(params.exclude_ids),
            levels=tuple(levels),
            exact=exact_terms(params),
        )
        return self._geo(query, params)

    def _conditions(self, query, key):
        """(WHERE clauses, params) every survivor meets besides the full-text match."""
        where, values = [], []
        if query.within is not None:
            # Without words, few keys are looked up one by one; otherwise each match is
            # checked against them (seeking FTS5 to each key costs more than scanning).
            plus = "" if query.match is None and len(query.within) <= FEW_POINTS else "+"
            where.append(f"{plus}{key} IN (SELECT value FROM json_each(%s))")  # noqa: S608
            values.append(json.dumps(query.within))
        elif query.box:
            where.append(f"+{key} IN (SELECT docid FROM heritage_search_point WHERE {IN_BOX})")  # noqa: S608
            values += box_bounds(query.box)
        if query.exclude:
            where.append("r.record_id NOT IN (SELECT value FROM json_each(%s))")
            values.append(json.dumps(list(query.exclude)))
        visible, visible_params = self._visible(query.levels, "r.record_id")
        where.append(visible)
        values += visible_params
        return where, values

    def _score_sql(self, query):
        weights = ", ".join(str(weight) for weight in (*WEIGHTS, 0.0))
        score = f"-bm25(heritage_search_text, {weights})"
        values = []
        if query.exact:
            score += " + (CASE WHEN " + " AND ".join("instr(r.title_exact, %s) > 0" for _ in query.exact)
            score += f" THEN {EXACT_BONUS} ELSE 0 END)"
            values += query.exact
        return score, values

    def _survivors_sql(self, query, columns, limit, before=None, offset=0):
        if query.match is not None:
            source = "heritage_search_text t JOIN heritage_search_record r ON r.docid = t.rowid"
            key = "t.rowid"
            where, values = ["heritage_search_text MATCH %s"], [query.match]
        else:
            source, key, where, values = "heritage_search_record r", "r.docid", [], []
        selected, selected_values = [], []
        for column in columns:
            if column == "key":
                selected.append(key)
            elif column == "score":
                score, score_values = self._score_sql(query)
                selected.append(score)
                selected_values += score_values
            else:
                selected.append(f"r.{column}")
        conditions, condition_values = self._conditions(query, key)
        where += conditions
        values += condition_values
        if before is not None:
            where.append(f"{key} < %s")
            values.append(before)
        sql = (
            f"SELECT {', '.join(selected)} FROM {source} WHERE {' AND '.join(where)}"  # noqa: S608
            f" ORDER BY {key} DESC LIMIT %s OFFSET %s"
        )
        return sql, [*selected_values, *values, limit, offset]

    def _driver_counts(self, query, last_key):
        if query.match is not None:
            sql = "SELECT count(*) FROM heritage_search_text WHERE heritage_search_text MATCH %s"
            values = [query.match]
            key = "rowid"
        else:
            sql, values, key = "SELECT count(*) FROM heritage_search_record WHERE 1", [], "docid"
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            (matches,) = cursor.fetchone()
            cursor.execute(f"{sql} AND {key} >= %s", [*values, last_key])
            (scanned,) = cursor.fetchone()
        return matches, scanned

    def _box_candidates(self, box, limit=None):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT docid, min_lat, min_lon FROM heritage_search_point WHERE {IN_BOX} LIMIT %s",  # noqa: S608
                [*box_bounds(box), -1 if limit is None else limit],
            )
            return [(key, lat / POINT_SCALE, lon / POINT_SCALE) for key, lat, lon in cursor.fetchall()]

    def _facet_rows(self, keys):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.value, count(*) FROM json_each(%s) k JOIN heritage_search_record r ON r.docid = k.value,"
                " json_each(r.facets) f GROUP BY f.value",
                [json.dumps(keys)],
            )
            return cursor.fetchall()

    def _highlight_rows(self, query, record_ids):
        marks = f"'{OPEN_MARK}', '{CLOSE_MARK}'"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.record_id, highlight(heritage_search_text, 0, {marks}),"  # noqa: S608
                f" snippet(heritage_search_text, 4, {marks}, '…', 24),"
                f" snippet(heritage_search_text, 5, {marks}, '…', 24)"
                " FROM heritage_search_text t JOIN heritage_search_record r ON r.docid = t.rowid"
                " WHERE heritage_search_text MATCH %s AND t.rowid IN"
                " (SELECT docid FROM heritage_search_record WHERE record_id IN (SELECT value FROM json_each(%s)))",
                [query.text, json.dumps(record_ids)],
            )
            rows = cursor.fetchall()
        return [
            (int(pk), [shown(clean_fragment(text)) for text in texts if text and OPEN_MARK in text])
            for pk, *texts in rows
        ]

    def _title_page(self, query, offset, size):
        where, values = self._conditions(query, "r.docid")
        if query.match is not None:
            # Walk the title index, checking each record against the matches.
            where.insert(0, "+r.docid IN (SELECT rowid FROM heritage_search_text WHERE heritage_search_text MATCH %s)")
            values.insert(0, query.match)
        sql = (
            f"SELECT r.record_id FROM heritage_search_record r WHERE {' AND '.join(where)}"  # noqa: S608
            " ORDER BY r.title_sort, r.record_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*values, size, offset])
            return [int(row[0]) for row in cursor.fetchall()]

    def suggest(self, prefix, levels, limit=8):
        words = re.findall(r"\w+", fold(prefix))
        if not words:
            return []
        match = " AND ".join(f"title : {fts_token(word)}*" for word in words)
        with connection.cursor() as cursor:
            # The best titles among the newest matches: bounded work for a short prefix.
            cursor.execute(
                "SELECT r.record_id FROM (SELECT rowid, rank FROM heritage_search_text"
                " WHERE heritage_search_text MATCH %s ORDER BY rowid DESC LIMIT %s) t"
                " JOIN heritage_search_record r ON r.docid = t.rowid ORDER BY t.rank LIMIT 200",
                [match, SAMPLE_LIMIT],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
        return self._visible_titles(ids, levels, limit)
