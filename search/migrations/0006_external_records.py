"""The index of records harvested from other institutions (`exchange.ExternalRecord`),
beside the index of our own records and apart from it: external records have no access
level (they are public metadata, shown while their source is) and their own ids.

SQLite: an FTS5 table whose rowid is the external record's id, with the source's id
unindexed (the search keeps the sources still shown). PostgreSQL: a weighted tsvector
with a GIN index. Filled from the stored external records; `search_reindex` does the same.
"""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE heritage_search_external USING fts5(
        source_id UNINDEXED, title, title_en, subjects, place, summary, creators,
        tokenize = 'unicode61 remove_diacritics 2'
    )"""
]
SQLITE_DROP = ["DROP TABLE IF EXISTS heritage_search_external"]
POSTGRES_CREATE = [
    """CREATE TABLE heritage_search_external (
        record_id bigint PRIMARY KEY,
        source_id bigint NOT NULL,
        document tsvector NOT NULL,
        title_exact text NOT NULL
    )""",
    "CREATE INDEX heritage_search_external_gin ON heritage_search_external USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS heritage_search_external"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
    ExternalRecord = apps.get_model("heritage_exchange", "ExternalRecord")
    if statements and ExternalRecord.objects.exists():
        from search.backends import database_backend
        from search.external import external_documents

        database_backend().rebuild_external(external_documents())


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("heritage_search", "0005_indexed_words"),
        ("heritage_exchange", "0002_harvesting"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
