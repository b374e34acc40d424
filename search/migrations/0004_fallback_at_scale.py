"""The database fallback at scale (search/backends/database.py explains the design).

SQLite, every table keyed by publication second and record id (`docid`):
`heritage_search_record` holds what every match is checked and counted by (record id,
public point, title keys, facet values); `heritage_search_content` the text, accents
kept for highlights, and the filter tags; `heritage_search_text` is an FTS5 index over
that content (folded by the tokenizer); `heritage_search_point` an R*Tree of the public
points (whole 1e-7 degrees); `heritage_search_words` the indexed words, for spelling
suggestions. They replace `heritage_search_fts`.

PostgreSQL: `heritage_search_document` gains the same columns (a facet array with a GIN
index instead of tags, a btree on the public point) and is rebuilt.

The index is refilled from the live records when there are any; `search_reindex` does
the same at any time.
"""

from django.db import migrations

SQLITE_CREATE = [
    # Small and read for every match: kept apart from the text so lookups stay in cache.
    """CREATE TABLE heritage_search_record (
        docid INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL UNIQUE,
        latitude REAL, longitude REAL,
        title_sort TEXT NOT NULL, title_exact TEXT NOT NULL, facets TEXT NOT NULL
    )""",
    "CREATE INDEX heritage_search_record_title ON heritage_search_record (title_sort, record_id)",
    """CREATE TABLE heritage_search_content (
        docid INTEGER PRIMARY KEY,
        title TEXT NOT NULL, title_en TEXT NOT NULL, group_names TEXT NOT NULL, place TEXT NOT NULL,
        summary TEXT NOT NULL, body TEXT NOT NULL, tags TEXT NOT NULL
    )""",
    """CREATE VIRTUAL TABLE heritage_search_text USING fts5(
        title, title_en, group_names, place, summary, body, tags,
        content = 'heritage_search_content', content_rowid = 'docid',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )""",
    "CREATE VIRTUAL TABLE heritage_search_words USING fts5vocab(heritage_search_text, 'col')",
    # Points in whole 1e-7 degrees (see database.POINT_SCALE).
    "CREATE VIRTUAL TABLE heritage_search_point USING rtree_i32(docid, min_lat, max_lat, min_lon, max_lon)",
    "DROP TABLE IF EXISTS heritage_search_vocab",
    "DROP TABLE IF EXISTS heritage_search_fts",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS heritage_search_words",
    "DROP TABLE IF EXISTS heritage_search_text",
    "DROP TABLE IF EXISTS heritage_search_point",
    "DROP TABLE IF EXISTS heritage_search_content",
    "DROP TABLE IF EXISTS heritage_search_record",
    # Back to migration 0001's (empty) tables: run search_reindex after migrating back.
    """CREATE VIRTUAL TABLE IF NOT EXISTS heritage_search_fts USING fts5(
        record_id UNINDEXED, title, title_en, group_names, place, summary, body, media UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS heritage_search_vocab USING fts5vocab(heritage_search_fts, 'row')",
]

POSTGRES_CREATE = [
    "DROP TABLE IF EXISTS heritage_search_document",
    """CREATE TABLE heritage_search_document (
        docid bigint PRIMARY KEY,
        record_id bigint NOT NULL UNIQUE,
        document tsvector NOT NULL,
        facets text[] NOT NULL,
        title text NOT NULL, summary text NOT NULL,
        title_folded text NOT NULL, summary_folded text NOT NULL,
        title_exact text NOT NULL, title_sort text NOT NULL,
        latitude double precision, longitude double precision
    )""",
    "CREATE INDEX heritage_search_document_gin ON heritage_search_document USING gin (document)",
    "CREATE INDEX heritage_search_document_facets ON heritage_search_document USING gin (facets)",
    "CREATE INDEX heritage_search_document_point ON heritage_search_document (latitude, longitude)",
    "CREATE INDEX heritage_search_document_title ON heritage_search_document (title_sort, record_id)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS heritage_search_document",
    """CREATE TABLE heritage_search_document (
        record_id bigint PRIMARY KEY, document tsvector NOT NULL, media text NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX heritage_search_document_gin ON heritage_search_document USING gin (document)",
]


def refill(apps):
    """Index the live records again (the tables above start empty). It reads them with
    today's models; should that fail on an older schema, the tables stay empty and
    `search_reindex` fills them once every migration has run."""
    from django.db import DatabaseError, transaction

    RecordPage = apps.get_model("heritage", "RecordPage")
    if not RecordPage.objects.filter(live=True).exists():
        return
    from search.backends import database_backend
    from search.indexing import LiveDocuments

    try:
        with transaction.atomic():
            database_backend().rebuild(LiveDocuments())
    except DatabaseError as error:
        print(f"\n  The search fallback is empty ({error}): run `manage.py search_reindex`.")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
    if statements:
        refill(apps)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("heritage_search", "0003_pending_index_update"),
        ("heritage", "0007_listing_order"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
