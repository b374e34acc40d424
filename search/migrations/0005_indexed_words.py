"""The indexed words (search.spelling): typo tolerance on the database fallback and
spelling suggestions with accents. Filled from the live records when there are any;
`search_reindex` does the same at any time (and the engine's index needs it anyway for
the new `labels` and `transcripts` fields)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from django.db import DatabaseError, transaction

    RecordPage = apps.get_model("heritage", "RecordPage")
    if not RecordPage.objects.filter(live=True).exists():
        return
    from search import spelling
    from search.backends.database import NAME_FIELDS, TEXT_FIELDS
    from search.indexing import LiveDocuments

    try:
        with transaction.atomic(), schema_editor.connection.cursor() as cursor:
            batch = []
            for document in LiveDocuments():
                batch.append(document)
                if len(batch) == 1000:
                    spelling.remember(cursor, batch, TEXT_FIELDS, NAME_FIELDS)
                    batch = []
            spelling.remember(cursor, batch, TEXT_FIELDS, NAME_FIELDS)
    except DatabaseError as error:
        print(f"\n  The indexed words are empty ({error}): run `manage.py search_reindex`.")


class Migration(migrations.Migration):
    dependencies = [
        ("heritage_search", "0004_fallback_at_scale"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexedWord",
            fields=[
                ("term", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("written", models.CharField(max_length=64)),
                ("initial", models.CharField(max_length=1)),
                ("length", models.PositiveSmallIntegerField()),
            ],
            options={
                "indexes": [models.Index(fields=["initial", "length"], name="indexed_word_shape")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
