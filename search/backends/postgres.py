"""The database fallback on PostgreSQL: one row per record (migration 0004) with a
weighted tsvector (GIN), the facet values as an array (GIN, for filters and counts), the
public point (btree) and the keys of the three orders. The search itself is
`RelationalBackend`'s (see database.py).

Text is folded in Python before it reaches PostgreSQL (the 'simple' configuration, no
unaccent extension needed), exactly as the SQLite fallback folds it. Weights: A title,
B English title and ethnic-group names, C place and summary, D body. Highlights are
`ts_headline` over the folded title and summary; the marks it places are carried over
to the text as written (folding keeps every character in place).
"""

import re

from django.db import connection, transaction

from .. import spelling
from . import database
from .base import ExternalResults
from .database import (
    CLOSE_MARK,
    EXACT_BONUS,
    FACETS,
    OPEN_MARK,
    Query,
    RelationalBackend,
    clean_fragment,
    column_text,
    exact_terms,
    facet_values,
    fold,
    index_key,
)

DOCUMENT_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
)
# The index matches of a broad search are estimated from SAMPLED_PERCENT of the table's
# pages when these hold at least SAMPLED_MATCHES of them, else counted.
SAMPLED_PERCENT = 5
SAMPLED_MATCHES = 400
HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}"
FRAGMENT_WIDTH = 160


def tsquery(words, phrases, expansions=None):
    """A to_tsquery string from words (AND) and phrases (<->), made of word characters
    only; a word with `expansions` ({folded word: [close indexed words]}) matches them too."""
    terms = []
    for word in words:
        tokens = re.findall(r"\w+", fold(word))
        alternatives = [term for term in (expansions or {}).get(fold(word), []) if re.fullmatch(r"\w+", term)]
        if alternatives and tokens:
            terms.append("(" + " | ".join([" & ".join(tokens), *alternatives]) + ")")
        else:
            terms += tokens
    for phrase in phrases:
        tokens = re.findall(r"\w+", fold(phrase))
        if tokens:
            terms.append("(" + " <-> ".join(tokens) + ")")
    return " & ".join(terms)


def folded_in_place(text):
    """`text` folded one character at a time: the same words as `fold`, and each folded
    character traceable to the one it came from."""
    return "".join(fold(character) for character in text or "")


def marks_on(text, marked):
    """`text` with the highlight marks that `marked` (its folded form, marked by the
    database) carries, or "" when the two do not line up."""
    if marked.replace(OPEN_MARK, "").replace(CLOSE_MARK, "") != folded_in_place(text):
        return ""
    pieces, position = [], 0
    for character in text:
        width = len(fold(character))
        while position < len(marked) and marked[position] in (OPEN_MARK, CLOSE_MARK):
            pieces.append(marked[position])
            position += 1
        consumed = 0
        while consumed < width:
            if marked[position] not in (OPEN_MARK, CLOSE_MARK):
                consumed += 1
            position += 1
        pieces.append(character)
    pieces.append(marked[position:])
    return "".join(pieces)


def fragment(text, width=FRAGMENT_WIDTH):
    """About `width` characters around the first mark of `text` ("" without one)."""
    first = text.find(OPEN_MARK)
    if first < 0:
        return ""
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    piece = text[start:end]
    if piece.count(OPEN_MARK) > piece.count(CLOSE_MARK):
        piece += CLOSE_MARK
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


class PostgresBackend(RelationalBackend):
    label = "database (PostgreSQL full text)"
    vendor = "postgresql"
    table = "heritage_search_document"

    def _write(self, cursor, documents, rebuilding=False):
        rows = []
        for document in documents:
            location = document["location"] or {}
            title_folded = folded_in_place(document["title"])
            summary_folded = folded_in_place(document["summary"])
            rows.append(
                (
                    index_key(document),
                    document["id"],
                    title_folded,
                    fold(f"{document['title_en']} {column_text(document, 'group_names')}"),
                    fold(f"{document['place']} {document['summary']}"),
                    fold(column_text(document, "body")),
                    [f"{name}:{value}" for name, value in facet_values(document)],
                    document["title"] or "",
                    document["summary"] or "",
                    title_folded,
                    summary_folded,
                    (document["title"] or "").casefold(),
                    document["title_sort"] or "",
                    location.get("lat"),
                    location.get("lon"),
                )
            )
        cursor.executemany(
            "INSERT INTO heritage_search_document (docid, record_id, document, facets, title, summary, title_folded,"  # noqa: S608
            f" summary_folded, title_exact, title_sort, latitude, longitude) VALUES (%s, %s, {DOCUMENT_SQL},"
            " %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )

    def _delete(self, cursor, ids):
        if ids:
            cursor.execute("DELETE FROM heritage_search_document WHERE record_id = ANY(%s)", [[int(pk) for pk in ids]])

    def _clear(self, cursor):
        cursor.execute("DELETE FROM heritage_search_document")

    def _after_rebuild(self, cursor):
        cursor.execute("ANALYZE heritage_search_document")

    def _write_external(self, cursor, documents):
        cursor.executemany(
            f"INSERT INTO heritage_search_external (record_id, source_id, document, title_exact) VALUES (%s, %s, {DOCUMENT_SQL}, %s)"  # noqa: S608, E501
            " ON CONFLICT (record_id) DO UPDATE SET source_id = excluded.source_id, document = excluded.document,"
            " title_exact = excluded.title_exact",
            [
                (
                    document["id"],
                    document["source_id"],
                    fold(document["title"]),
                    fold(f"{document['title_en']} {document['subjects']}"),
                    fold(f"{document['place']} {document['summary']}"),
                    fold(document["creators"]),
                    (document["title"] or "").casefold(),
                )
                for document in documents
            ],
        )

    def _delete_external(self, cursor, ids):
        if ids:
            cursor.execute("DELETE FROM heritage_search_external WHERE record_id = ANY(%s)", [[int(pk) for pk in ids]])

    def _search_external(self, words, phrases, expansions, source_ids, limit):
        match = tsquery(words, phrases, expansions)
        if not match:
            return ExternalResults([], 0)
        where = "document @@ to_tsquery('simple', %s) AND source_id = ANY(%s)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT record_id FROM heritage_search_external WHERE {where}"  # noqa: S608
                " ORDER BY ts_rank_cd(document, to_tsquery('simple', %s)) DESC, record_id DESC LIMIT %s",
                [match, source_ids, match, limit],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM heritage_search_external WHERE {where}", [match, source_ids])  # noqa: S608
            (total,) = cursor.fetchone()
        return ExternalResults(ids, total)

    # Queries --------------------------------------------------------------------------
    def _query(self, params, levels):
        words, phrases = params.terms()
        text = tsquery(words, phrases, spelling.expansions(words)) or None
        query = Query(
            match=text,
            text=text,
            phrased=bool(phrases),
            facet_filters=[
                [f"{name}:{value}" for value in params.filters[name]] for name in FACETS if name in params.filters
            ],
            exclude=tuple(params.exclude_ids),
            levels=tuple(levels),
            exact=exact_terms(params),
        )
        return self._geo(query, params)

    def _index_conditions(self, query):
        """(WHERE clauses, params) the index alone decides: text, filters, place."""
        where, values = [], []
        if query.match is not None:
            where.append("d.document @@ to_tsquery('simple', %s)")
            values.append(query.match)
        for chosen in query.facet_filters:
            where.append("d.facets && %s::text[]")
            values.append(chosen)
        if query.within is not None:
            where.append("d.docid = ANY(%s)")
            values.append(query.within)
        elif query.box:
            south, north, west, east = query.box
            where.append("d.latitude BETWEEN %s AND %s AND d.longitude BETWEEN %s AND %s")
            values += [south, north, west, east]
        if query.exclude:
            where.append("NOT (d.record_id = ANY(%s))")
            values.append(list(query.exclude))
        return where or ["TRUE"], values

    def _survivors_sql(self, query, columns, limit, before=None, offset=0, facets=False):
        where, values = self._index_conditions(query)
        visible, visible_params = self._visible(query.levels, "d.record_id")
        where.append(visible)
        values += visible_params
        if before is not None:
            where.append("d.docid < %s")
            values.append(before)
        names = {"key": "docid", "record_id": "record_id", "title_sort": "title_sort"}
        inner = ["d.docid", "d.record_id"]
        if "title_sort" in columns:
            inner.append("d.title_sort")
        if "score" in columns:
            inner += ["d.document", "d.title_exact"]
        if facets:
            inner.append("d.facets")
        sample = (
            f"SELECT {', '.join(inner)} FROM heritage_search_document d WHERE {' AND '.join(where)}"  # noqa: S608
            " ORDER BY d.docid DESC LIMIT %s OFFSET %s"
        )
        values += [limit, offset]
        # The rank is computed for the records kept, not for every match.
        score = "ts_rank_cd(s.document, to_tsquery('simple', %s))"
        score_values = [query.match] if "score" in columns else []
        if "score" in columns and query.exact:
            score += " + (CASE WHEN " + " AND ".join("strpos(s.title_exact, %s) > 0" for _ in query.exact)
            score += f" THEN {EXACT_BONUS} ELSE 0 END)"
            score_values += query.exact
        outer = ", ".join(score if column == "score" else f"s.{names[column]}" for column in columns)
        if not facets:
            return f"SELECT {outer} FROM ({sample}) s ORDER BY s.docid DESC", [*score_values, *values]  # noqa: S608
        # The same pass also counts the facets of what it kept: its rows first, then
        # ("name:value", count) rows.
        empty = ", ".join("NULL" for _column in columns)
        sql = (
            f"WITH s AS MATERIALIZED ({sample}) SELECT {outer}, NULL::text, NULL::bigint FROM s"  # noqa: S608
            f" UNION ALL SELECT {empty}, f, count(*) FROM s, unnest(s.facets) f GROUP BY f"
        )
        return sql, [*values, *score_values]

    def _sample(self, query, columns, limit, facets):
        """The main pass, without parallel workers: it reads the newest matches until it
        has `limit`, a few thousand rows, and starting workers for that cost more than
        they save (98 ms against 56–65 ms serial for a broad word at 100 000 records on
        a busy two-core machine). SET LOCAL: for this transaction only."""
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            if not facets:
                return super()._sample(query, columns, limit, facets)
            sql, values = self._survivors_sql(query, columns, limit, facets=True)
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        survivors = sorted((row[:-2] for row in rows if row[-1] is None), key=lambda row: -row[0])
        return survivors, [(row[-2], row[-1]) for row in rows if row[-1] is not None]

    def _driver_counts(self, query, last_key):
        """Index matches in all are estimated from a sample of the table's pages when the
        sample holds enough of them to be sure of two significant digits, else counted
        exactly (with the matches at or after `last_key`, in one pass). Counting tens of
        thousands of matches exactly visits each of them (most of the table for a broad
        word): the one cost of a broad search that grew with the collection, for a
        total shown as "about N" anyway."""
        where, values = self._index_conditions(query)
        conditions = " AND ".join(where)
        with connection.cursor() as cursor:
            matches = self._sampled_matches(cursor, conditions, values)
            if matches is None:
                cursor.execute(
                    f"SELECT count(*), count(*) FILTER (WHERE d.docid >= %s)"  # noqa: S608
                    f" FROM heritage_search_document d WHERE {conditions}",
                    [last_key, *values],
                )
                return cursor.fetchone()
            cursor.execute(
                f"SELECT count(*) FROM heritage_search_document d WHERE {conditions} AND d.docid >= %s",  # noqa: S608
                [*values, last_key],
            )
            (scanned,) = cursor.fetchone()
        return max(matches, scanned), scanned

    @staticmethod
    def _sampled_matches(cursor, conditions, values):
        """How many documents match, or None when the sample cannot say closely enough:
        the share of matches among the rows of `SAMPLED_PERCENT` of the table's pages
        (TABLESAMPLE SYSTEM), times the rows the table holds (PostgreSQL's own figure,
        kept by ANALYZE and autovacuum). Trusted when the sample holds at least
        `SAMPLED_MATCHES` matches (a relative error of about 1/√400, 5 %); the same pages
        every time (REPEATABLE), so a result's "about N" stays the same from one of its
        pages to the next."""
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE {conditions}), count(*),"  # noqa: S608
            " (SELECT reltuples FROM pg_class WHERE oid = 'heritage_search_document'::regclass)"
            " FROM heritage_search_document d TABLESAMPLE SYSTEM (%s) REPEATABLE (0)",
            [*values, SAMPLED_PERCENT],
        )
        sampled_matches, sampled_rows, rows = cursor.fetchone()
        if sampled_matches < SAMPLED_MATCHES or rows is None or rows < sampled_rows:  # (-1: never analysed)
            return None
        return round(rows * sampled_matches / sampled_rows)

    def _box_candidates(self, box, limit=None):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT docid, latitude, longitude FROM heritage_search_document"
                " WHERE latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s LIMIT %s",
                [*box, limit],
            )
            return cursor.fetchall()

    def _facet_rows(self, keys):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f, count(*) FROM heritage_search_document d, unnest(d.facets) f"
                " WHERE d.docid = ANY(%s) GROUP BY f",
                [keys],
            )
            return cursor.fetchall()

    def _highlight_rows(self, query, record_ids):
        with connection.cursor() as cursor:
            cursor.execute(
                # With a phrase, a field is marked only when it holds the phrase
                # (ts_headline marks the phrase's words wherever they stand).
                "SELECT record_id, title, summary,"
                " CASE WHEN %s OR to_tsvector('simple', title_folded) @@ q"
                " THEN ts_headline('simple', title_folded, q, %s) ELSE '' END,"
                " CASE WHEN %s OR to_tsvector('simple', summary_folded) @@ q"
                " THEN ts_headline('simple', summary_folded, q, %s) ELSE '' END"
                " FROM heritage_search_document, to_tsquery('simple', %s) q WHERE record_id = ANY(%s)",
                [not query.phrased, HEADLINE_OPTIONS, not query.phrased, HEADLINE_OPTIONS, query.text, record_ids],
            )
            rows = cursor.fetchall()
        highlighted = []
        for pk, title, summary, title_marked, summary_marked in rows:
            texts = [marks_on(title, title_marked), fragment(marks_on(summary, summary_marked))]
            highlighted.append((int(pk), [clean_fragment(text) for text in texts if OPEN_MARK in text]))
        return highlighted

    def _title_page(self, query, offset, size):
        where, values = self._index_conditions(query)
        visible, visible_params = self._visible(query.levels, "d.record_id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.record_id FROM heritage_search_document d WHERE {' AND '.join(where)} AND {visible}"  # noqa: S608
                " ORDER BY d.title_sort, d.record_id LIMIT %s OFFSET %s",
                [*values, *visible_params, size, offset],
            )
            return [int(row[0]) for row in cursor.fetchall()]

    def suggest(self, prefix, levels, limit=8):
        words = re.findall(r"\w+", fold(prefix))
        if not words:
            return []
        query = " & ".join(f"{word}:*A" for word in words)
        with connection.cursor() as cursor:
            # The best titles among the newest matches: bounded work for a short prefix.
            cursor.execute(
                "SELECT s.record_id FROM (SELECT record_id, document FROM heritage_search_document"
                " WHERE document @@ to_tsquery('simple', %s) ORDER BY docid DESC LIMIT %s) s"
                " ORDER BY ts_rank_cd(s.document, to_tsquery('simple', %s)) DESC LIMIT 200",
                [query, database.SAMPLE_LIMIT, query],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
        return self._visible_titles(ids, levels, limit)
