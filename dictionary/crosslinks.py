"""Words lead to records and records to words.

A curator tags a record with dictionary entries (`RecordTerm`, an inline of the record
editor). The record page lists them with their glosses; a word page lists the public
records tagged with it; and a search for a Vietnamese word (or a Hrê or Co one) finds
the records tagged with the entries it names, saying through which word each was found.
Entries and records both pass the one access rule: a community word is never shown on a
public record, and a word never leads to a record the visitor may not see.
"""

from dataclasses import dataclass

from heritage.models import RecordPage

from .lookup import lookup
from .models import Entry, Language, RecordTerm

WORDS_PER_LANGUAGE = 5
RECORDS = 12


def terms_of_record(user, record):
    """[(entry, note)] of the visible entries a record is tagged with."""
    if record.pk is None:  # the admin previews a record before its first save: its form's terms
        visible = set(Entry.objects.visible_to(user).values_list("pk", flat=True))
        terms = sorted(record.dictionary_terms.all(), key=lambda term: term.sort_order or 0)
        return [(term.entry, term.note) for term in terms if term.entry_id in visible]
    terms = (
        RecordTerm.objects.filter(record=record, entry__in=Entry.objects.visible_to(user).values("pk"))
        .select_related("entry__language")
        .prefetch_related("entry__senses")
        .order_by("sort_order", "pk")
    )
    return [(term.entry, term.note) for term in terms]


@dataclass
class FoundThroughWord:
    record: RecordPage
    entries: list  # the matching entries this record is tagged with


def records_through_words(user, query, languages=None):
    """Records `user` may see that are tagged with an entry matching `query` exactly
    (as a headword or by its meaning), each with the entries that explain why."""
    if not (query or "").strip():
        return []
    entries = []
    for language in languages or Language.objects.all():
        found = lookup(user, language, query, limit=WORDS_PER_LANGUAGE, alternatives=False)
        entries += [match.entry for match in found.exact_matches]
    if not entries:
        return []
    by_entry = {entry.pk: entry for entry in entries}
    tags = RecordTerm.objects.filter(entry_id__in=list(by_entry)).values_list("record_id", "entry_id")
    reasons = {}
    for record_id, entry_id in tags:
        reasons.setdefault(record_id, []).append(by_entry[entry_id])
    records = (
        RecordPage.objects.visible_to(user)
        .with_card_data()
        .filter(pk__in=list(reasons))
        .order_by("-listed_at", "-pk")[:RECORDS]
    )
    return [FoundThroughWord(record, reasons[record.pk]) for record in records]
