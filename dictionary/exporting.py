"""CSV export of a dictionary, in the columns the importer reads (`importing.COLUMNS`):
an export can be edited in a spreadsheet and imported again."""

import csv
import io

from .importing import COLUMNS, SEPARATOR


def entry_row(entry):
    senses = list(entry.senses.all())
    examples = list(entry.examples.all())
    recording = next(iter(entry.recordings.all()), None)

    def joined(values):
        return f" {SEPARATOR} ".join(values) if any(values) else ""

    return {
        "language": entry.language.code,
        "headword": entry.headword,
        "homograph": entry.homograph,
        "part_of_speech": entry.part_of_speech,
        "pronunciation": entry.pronunciation,
        "dialect": entry.dialect,
        "variants": joined([variant.form for variant in entry.variants.all()]),
        "gloss_vi": joined([sense.gloss_vi for sense in senses]),
        "gloss_en": joined([sense.gloss_en for sense in senses]),
        "definition": joined([sense.definition for sense in senses]),
        "example": joined([example.text for example in examples]),
        "example_vi": joined([example.translation_vi for example in examples]),
        "example_en": joined([example.translation_en for example in examples]),
        "related": joined([related.target.headword for related in entry.relations.all()]),
        "source_kind": entry.source_kind,
        "source": entry.source,
        "source_url": entry.source_url,
        "contributor": entry.contributor,
        "access_level": entry.access_level,
        "note": entry.note,
        "audio": recording.audio.name.rsplit("/", 1)[-1] if recording else "",
        "speaker": recording.speaker if recording else "",
        "speaker_place": recording.speaker_place if recording else "",
        "consent": recording.consent if recording else "",
    }


def export_csv(entries):
    """The CSV text (with a byte-order mark, for Excel) of `entries`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for entry in entries:
        writer.writerow(entry_row(entry))
    return buffer.getvalue()


def for_export(queryset):
    """Entries with everything an export reads, fetched up front; related words only
    among the same visible entries (a community entry is never named in a public file)."""
    from django.db.models import Prefetch

    from .models import RelatedWord

    relations = RelatedWord.objects.filter(target__in=queryset.values("pk")).select_related("target")
    return (
        queryset.select_related("language")
        .prefetch_related("senses", "examples", "variants", "recordings", Prefetch("relations", queryset=relations))
        .in_dictionary_order()
    )
