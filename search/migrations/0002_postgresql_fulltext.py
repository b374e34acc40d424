"""The database fallback's tables on PostgreSQL (a weighted tsvector per record, a GIN
index, and the words seen, for spelling suggestions). Nothing on SQLite."""

from django.db import migrations

CREATE = [
    """CREATE TABLE IF NOT EXISTS heritage_search_document (
        record_id bigint PRIMARY KEY, document tsvector NOT NULL, media text NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS heritage_search_document_gin ON heritage_search_document USING gin (document)",
    "CREATE TABLE IF NOT EXISTS heritage_search_term (term text PRIMARY KEY)",
]
DROP = ["DROP TABLE IF EXISTS heritage_search_term", "DROP TABLE IF EXISTS heritage_search_document"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("heritage_search", "0001_fulltext_table")]
    operations = [migrations.RunPython(forwards, backwards)]
