"""The database fallback: full text in the database's own index, filters and facets in
the ORM. `RelationalBackend` holds what SQLite and PostgreSQL share; `DatabaseBackend`
is SQLite FTS5 (and `postgres.PostgresBackend` a weighted tsvector with a GIN index).

It needs nothing installed, so `make demo` searches well without an engine. It has no
typo tolerance (it proposes corrected spellings instead); relevance is the database's
ranking over weighted fields plus a bonus for titles that keep the visitor's accents.
"""

import difflib
import math
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape

from heritage.geography import kilometres_between, point_in_polygon
from heritage.models import RecordPage
from heritage.text import fold_diacritics

from ..params import PERIODS
from .base import SearchBackend, SearchResults

COLUMNS = ("title", "title_en", "group_names", "place", "summary", "body")
WEIGHTS = (6.0, 4.0, 4.0, 2.0, 2.0, 1.0)
CANDIDATE_LIMIT = 10_000  # ranked matches considered for relevance order
EXACT_CHECKED = 500  # of which the best are checked for an accent-exact title
EXACT_BONUS = 5.0


def fold(text):
    return fold_diacritics(text or "").casefold()


def fts_token(word):
    return '"' + word.replace('"', "") + '"'


def fts_query(words, phrases, prefix=False):
    parts = [fts_token(fold(word)) + ("*" if prefix else "") for word in words]
    parts += [fts_token(fold(phrase)) for phrase in phrases]
    return " AND ".join(part for part in parts if part != '""')


def highlight(text, words, phrases, width=160):
    """Wrap matches in <mark>, found on folded text: folding keeps each character in place."""
    if not text:
        return ""
    folded = fold(text)
    targets = [fold(term) for term in [*phrases, *words] if term]
    spans = []
    for target in targets:
        for match in re.finditer(r"(?<!\w)" + re.escape(target), folded):
            spans.append((match.start(), match.end()))
    if not spans:
        return ""
    spans.sort()
    start = max(0, spans[0][0] - width // 3)
    end = min(len(text), start + width)
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


def period_bounds(key):
    start, end = PERIODS[key]
    bounds = {"period_start_year__isnull": False}
    if start is not None:
        bounds["period_start_year__gte"] = start
    if end is not None:
        bounds["period_start_year__lte"] = end
    return bounds


class RelationalBackend(SearchBackend):
    """Search orchestration shared by the SQL fallbacks; subclasses supply the SQL."""

    name = "database"
    label = ""
    vendor = ""
    table = ""
    vocabulary_sql = ""
    hits_table_sql = ""

    def __init__(self):
        if connection.vendor != self.vendor:
            raise ImproperlyConfigured(f"{type(self).__name__} needs {self.vendor}, not {connection.vendor}.")

    def indexed_ids(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT record_id FROM {self.table}")  # noqa: S608
            return {int(row[0]) for row in cursor.fetchall()}

    def health(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.table}")  # noqa: S608
            (count,) = cursor.fetchone()
        return {"engine": self.label, "ok": True, "status": "ready", "index": self.table, "documents": count}

    @staticmethod
    def _visible_titles(ids, levels, limit):
        """[(id, title)] of the live records among `ids` a user may see, in the given order."""
        titles = dict(RecordPage.objects.visible_at(levels).filter(pk__in=ids).values_list("pk", "title"))
        return [(pk, titles[pk]) for pk in ids if pk in titles][:limit]

    def remove(self, ids):
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {self.table} WHERE record_id = %s", [(pk,) for pk in ids])  # noqa: S608

    def index(self, documents):
        documents = list(documents)
        with transaction.atomic(), connection.cursor() as cursor:
            self.remove([document["id"] for document in documents])
            self._write(cursor, documents)

    def rebuild(self, documents, progress=None, batch_size=500):
        # One transaction: readers keep seeing the old rows until the new ones commit.
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608
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
            self._write(cursor, batch)
        if progress:
            progress(len(batch))
        return len(batch)

    def _write(self, cursor, documents):
        raise NotImplementedError

    def _after_rebuild(self, cursor):
        pass

    def _match(self, params):
        """The vendor's full-text query for the words and phrases, or None without any."""
        raise NotImplementedError

    def _match_subquery(self, match):
        raise NotImplementedError

    def _ranked(self, match):
        """[(record id, score)] best first, higher scores better."""
        raise NotImplementedError

    def suggest(self, prefix, levels, limit=8):
        raise NotImplementedError

    # Searching ----------------------------------------------------------------------
    def _ranked_ids(self, params, match):
        """Matching record ids, best first: the database's rank, then a bonus for titles
        that contain the query with its accents."""
        ranked = self._ranked(match)
        scores = dict(ranked)
        words, phrases = params.terms()
        exact_terms = [term.casefold() for term in [*words, *phrases]]
        top = [pk for pk, _score in ranked[:EXACT_CHECKED]]
        for pk, title in RecordPage.objects.filter(pk__in=top).values_list("pk", "title"):
            if all(term in title.casefold() for term in exact_terms):
                scores[pk] += EXACT_BONUS
        return sorted(scores, key=lambda pk: (-scores[pk], -pk))

    def _filtered(self, params, levels, match):
        records = RecordPage.objects.visible_at(levels)
        if params.exclude_ids:
            records = records.exclude(pk__in=params.exclude_ids)
        if match:
            records = records.filter(pk__in=self._match_subquery(match))
        filters = params.filters
        if "type" in filters:
            models = [RecordPage.record_types()[key] for key in filters["type"] if key in RecordPage.record_types()]
            records = records.filter(content_type__in=[ContentType.objects.get_for_model(model) for model in models])
        if "group" in filters:
            records = records.filter(ethnic_groups__slug__in=filters["group"])
        if "province" in filters:
            records = records.filter(province__code__in=filters["province"])
        if "subject" in filters:
            records = records.filter(subjects__slug__in=filters["subject"])
        if "licence" in filters:
            records = records.filter(licence__code__in=filters["licence"])
        if "ocop" in filters:
            records = records.filter(productpage__ocop_stars__in=[int(value) for value in filters["ocop"]])
        if "period" in filters:
            period = Q()
            for key in filters["period"]:
                period |= Q(**period_bounds(key))
            records = records.filter(period)
        if "media" in filters:
            records = records.filter(pk__in=self._ids_with_media(filters["media"]))
        records = self._geo(records, params)
        return records.distinct()

    def _ids_with_media(self, kinds):
        clauses = " OR ".join("(' ' || media || ' ') LIKE %s" for _ in kinds)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT record_id FROM {self.table} WHERE {clauses}",  # noqa: S608
                [f"% {kind} %" for kind in kinds],
            )
            return [int(row[0]) for row in cursor.fetchall()]

    def _geo(self, records, params):
        if not params.has_geo():
            return records
        if params.bbox:
            west, south, east, north = params.bbox
            records = records.filter(
                public_latitude__gte=south,
                public_latitude__lte=north,
                public_longitude__gte=west,
                public_longitude__lte=east,
            )
        if params.polygon:
            lons = [lon for lon, _lat in params.polygon]
            lats = [lat for _lon, lat in params.polygon]
            candidates = records.filter(
                public_latitude__gte=min(lats),
                public_latitude__lte=max(lats),
                public_longitude__gte=min(lons),
                public_longitude__lte=max(lons),
            ).values_list("pk", "public_latitude", "public_longitude")
            records = records.filter(
                pk__in=[pk for pk, lat, lon in candidates if point_in_polygon(lon, lat, params.polygon)]
            )
        if params.near:
            lat, lon, km = params.near
            dlat = km / 111.0
            dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
            candidates = records.filter(
                public_latitude__gte=lat - dlat,
                public_latitude__lte=lat + dlat,
                public_longitude__gte=lon - dlon,
                public_longitude__lte=lon + dlon,
            ).values_list("pk", "public_latitude", "public_longitude")
            records = records.filter(
                pk__in=[pk for pk, plat, plon in candidates if kilometres_between(lat, lon, plat, plon) <= km]
            )
        return records

    def _facets(self, ids):
        """Facet counts over the matching ids, which go to a temporary table once so every
        count is a cheap join instead of re-running the full-text match."""
        with connection.cursor() as cursor:
            cursor.execute(self.hits_table_sql)
            cursor.execute("DELETE FROM heritage_search_hits")
            cursor.executemany("INSERT INTO heritage_search_hits (record_id) VALUES (%s)", [(pk,) for pk in ids])
            cursor.execute(
                f"SELECT f.media FROM {self.table} f JOIN heritage_search_hits h ON h.record_id = f.record_id"  # noqa: S608
                " WHERE f.media != ''"
            )
            media_rows = [row[0].split() for row in cursor.fetchall()]
        base = RecordPage.objects.filter(pk__in=RawSQL("SELECT record_id FROM heritage_search_hits", ()))
        keys = {ContentType.objects.get_for_model(model).pk: key for key, model in RecordPage.record_types().items()}
        facets = {
            "type": [
                (keys[row["content_type"]], row["n"])
                for row in base.order_by().values("content_type").annotate(n=Count("pk"))
                if row["content_type"] in keys
            ]
        }
        for name, path in (
            ("group", "ethnic_groups__slug"),
            ("province", "province__code"),
            ("subject", "subjects__slug"),
            ("licence", "licence__code"),
            ("ocop", "productpage__ocop_stars"),
        ):
            rows = (
                base.exclude(**{f"{path}__isnull": True}).order_by().values(path).annotate(n=Count("pk", distinct=True))
            )
            facets[name] = sorted(((str(row[path]), row["n"]) for row in rows), key=lambda item: -item[1])
        periods = base.aggregate(**{key: Count("pk", filter=Q(**period_bounds(key))) for key in PERIODS})
        facets["period"] = [(key, periods[key]) for key in PERIODS if periods[key]]
        counts = {}
        for kinds in media_rows:
            for kind in kinds:
                counts[kind] = counts.get(kind, 0) + 1
        facets["media"] = [(kind, counts[kind]) for kind in ("image", "audio", "video") if kind in counts]
        return facets

    def count(self, params, levels):
        return self._filtered(params, levels, self._match(params)).count()

    def matching_ids(self, params, levels, limit):
        match = self._match(params)
        records = self._filtered(params, levels, match)
        if match:
            allowed = set(records.values_list("pk", flat=True))
            return [pk for pk in self._ranked_ids(params, match) if pk in allowed][:limit]
        return list(records.order_by("-first_published_at", "-pk").values_list("pk", flat=True)[:limit])

    def search(self, params, levels):
        match = self._match(params)
        records = self._filtered(params, levels, match)
        ids = list(records.values_list("pk", flat=True))
        total = len(ids)
        if match and params.sort == "relevance":
            allowed = set(ids)
            ranked = self._ranked_ids(params, match)
            page_ids = [pk for pk in ranked if pk in allowed][params.offset : params.offset + params.size]
        else:
            order = ("title", "-pk") if params.sort == "title" else ("-first_published_at", "-pk")
            page_ids = list(
                records.order_by(*order).values_list("pk", flat=True)[params.offset : params.offset + params.size]
            )
        words, phrases = params.terms()
        highlights = {}
        if words or phrases:
            for pk, title, summary in RecordPage.objects.filter(pk__in=page_ids).values_list("pk", "title", "summary"):
                fragments = [highlight(text, words, phrases) for text in (title, summary)]
                highlights[pk] = [fragment for fragment in fragments if fragment]
        return SearchResults(
            ids=page_ids,
            total=total,
            facets=self._facets(ids),
            highlights=highlights,
            suggestion=self._suggestion(words) if total == 0 and words else "",
        )

    def _suggestion(self, words):
        """Each unknown word replaced by the closest indexed word, if any is close."""
        folded = [fold(word) for word in words]
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(folded))
            cursor.execute(f"{self.vocabulary_sql} WHERE term IN ({placeholders})", folded)  # noqa: S608
            known = {row[0] for row in cursor.fetchall()}
            corrected = []
            for word in folded:
                if word in known or len(word) < 3:
                    corrected.append(word)
                    continue
                cursor.execute(
                    f"{self.vocabulary_sql} WHERE substr(term, 1, 1) = %s AND length(term) BETWEEN %s AND %s",  # noqa: S608
                    [word[0], len(word) - 2, len(word) + 2],
                )
                close = difflib.get_close_matches(word, [row[0] for row in cursor.fetchall()], n=1, cutoff=0.75)
                corrected.append(close[0] if close else word)
        return " ".join(corrected) if corrected != folded else ""


class DatabaseBackend(RelationalBackend):
    """SQLite FTS5 over folded text (see migration 0001)."""

    label = "database (SQLite FTS5)"
    vendor = "sqlite"
    table = "heritage_search_fts"
    vocabulary_sql = "SELECT term FROM heritage_search_vocab"
    hits_table_sql = "CREATE TEMP TABLE IF NOT EXISTS heritage_search_hits (record_id INTEGER PRIMARY KEY)"

    def _write(self, cursor, documents):
        cursor.executemany(
            "INSERT INTO heritage_search_fts (record_id, title, title_en, group_names, place, summary, body, media)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (document["id"], *(fold(document[column]) for column in COLUMNS), " ".join(document["media"]))
                for document in documents
            ],
        )

    def _after_rebuild(self, cursor):
        cursor.execute("INSERT INTO heritage_search_fts(heritage_search_fts) VALUES ('optimize')")

    def _match(self, params):
        words, phrases = params.terms()
        return fts_query(words, phrases) or None

    def _match_subquery(self, match):
        return RawSQL("SELECT record_id FROM heritage_search_fts WHERE heritage_search_fts MATCH %s", (match,))

    def _ranked(self, match):
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT record_id, bm25(heritage_search_fts, 0, {weights}) FROM heritage_search_fts "  # noqa: S608
                "WHERE heritage_search_fts MATCH %s ORDER BY 2 LIMIT %s",
                [match, CANDIDATE_LIMIT],
            )
            return [(int(record_id), -score) for record_id, score in cursor.fetchall()]

    def suggest(self, prefix, levels, limit=8):
        words = re.findall(r"\w+", fold(prefix))
        if not words:
            return []
        match = " AND ".join(f"title : {fts_token(word)}*" for word in words)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT record_id FROM heritage_search_fts WHERE heritage_search_fts MATCH %s ORDER BY rank LIMIT 200",
                [match],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
        return self._visible_titles(ids, levels, limit)
