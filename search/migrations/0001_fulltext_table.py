"""The database fallback's full-text table (SQLite FTS5).

Text is stored folded (no diacritics, đ → d, lower case) so that "le hoi dam trau" finds
"Lễ hội đâm trâu"; the fts5vocab table lists indexed words for spelling suggestions.
On other databases this migration does nothing (see search/backends/database.py).
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS heritage_search_fts USING fts5(
        record_id UNINDEXED, title, title_en, group_names, place, summary, body, media UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
    )""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS heritage_search_vocab USING fts5vocab(heritage_search_fts, 'row')",
]
DROP = ["DROP TABLE IF EXISTS heritage_search_vocab", "DROP TABLE IF EXISTS heritage_search_fts"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forwards, backwards)]
