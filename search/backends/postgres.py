"""The database fallback on PostgreSQL: one weighted tsvector per record with a GIN index.

Text is folded in Python before it reaches PostgreSQL (the 'simple' configuration, no
unaccent extension needed), exactly as the SQLite fallback stores it. Weights: A title,
B English title and ethnic-group names, C place and summary, D body.
"""

import re

from django.db import connection
from django.db.models.expressions import RawSQL

from .database import CANDIDATE_LIMIT, RelationalBackend, fold

DOCUMENT_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
)


def tsquery(words, phrases):
    """A to_tsquery string from words (AND) and phrases (<->), made of word characters only."""
    terms = [token for word in words for token in re.findall(r"\w+", fold(word))]
    for phrase in phrases:
        tokens = re.findall(r"\w+", fold(phrase))
        if tokens:
            terms.append("(" + " <-> ".join(tokens) + ")")
    return " & ".join(terms)


class PostgresBackend(RelationalBackend):
    label = "database (PostgreSQL full text)"
    vendor = "postgresql"
    table = "heritage_search_document"
    vocabulary_sql = "SELECT term FROM heritage_search_term"
    hits_table_sql = "CREATE TEMP TABLE IF NOT EXISTS heritage_search_hits (record_id bigint PRIMARY KEY)"

    def _write(self, cursor, documents):
        rows = []
        for document in documents:
            title = fold(document["title"])
            names = fold(f"{document['title_en']} {document['group_names']}")
            place_summary = fold(f"{document['place']} {document['summary']}")
            body = fold(document["body"])
            rows.append((document["id"], title, names, place_summary, body, " ".join(document["media"])))
        cursor.executemany(
            f"INSERT INTO heritage_search_document (record_id, document, media) VALUES (%s, {DOCUMENT_SQL}, %s)"  # noqa: S608
            " ON CONFLICT (record_id) DO UPDATE SET document = EXCLUDED.document, media = EXCLUDED.media",
            rows,
        )
        # The words seen, for spelling suggestions.
        cursor.execute(
            "INSERT INTO heritage_search_term (term)"
            " SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('simple', %s))) ON CONFLICT DO NOTHING",
            [" ".join(" ".join(row[1:5]) for row in rows)],
        )

    def _after_rebuild(self, cursor):
        cursor.execute("ANALYZE heritage_search_document")

    def _match(self, params):
        words, phrases = params.terms()
        return tsquery(words, phrases) or None

    def _match_subquery(self, match):
        return RawSQL(
            "SELECT record_id FROM heritage_search_document WHERE document @@ to_tsquery('simple', %s)", (match,)
        )

    def _ranked(self, match):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT record_id, ts_rank_cd(document, query) FROM heritage_search_document,"
                " to_tsquery('simple', %s) AS query WHERE document @@ query ORDER BY 2 DESC LIMIT %s",
                [match, CANDIDATE_LIMIT],
            )
            return [(int(record_id), float(score)) for record_id, score in cursor.fetchall()]

    def suggest(self, prefix, levels, limit=8):
        words = re.findall(r"\w+", fold(prefix))
        if not words:
            return []
        query = " & ".join(f"{word}:*A" for word in words)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT record_id FROM heritage_search_document WHERE document @@ to_tsquery('simple', %s)"
                " ORDER BY ts_rank_cd(document, to_tsquery('simple', %s)) DESC LIMIT 200",
                [query, query],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
        return self._visible_titles(ids, levels, limit)
