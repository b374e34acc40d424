"""Looking a word up, in both directions, from one box.

The box of a dictionary takes a Hrê (or Co) word or a Vietnamese (or English) one: the
query is folded like the stored keys (`text.fold`), so "trau", "trâu" and "TRÂU" are the
same, and compared with `LookupKey` rows of that language in one index range scan
(key ≥ q and key < q + the last code point). Every match is ranked:

0. the whole form equals the query (a headword, a variant, a whole gloss);
1. a word inside a gloss or phrase equals the query's end ("trâu" in "con trâu");
2. the whole form starts with the query (what autocomplete shows first);
3. a word inside starts with it;

and within a rank, a form whose accents match what was typed comes first, then the
language's dictionary order. Only entries `Entry.objects.visible_to(user)` allows are
read (the access rule is inside the same SQL). With nothing found, `did_you_mean` offers
the closest keys (difflib over the keys that share the query's first letters).

An engine of the Elasticsearch family, when the site has one, answers the same
questions from its own index (`engine.py`); this module is the database side, used
without an engine and whenever the engine cannot answer.
"""

import difflib
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Min, Q, Value, When

from .models import Entry, LookupKey
from .text import AFTER_ALL, exact_form, fold

MAX_QUERY = 100
PAGE = 30
SUGGESTIONS = 8
DID_YOU_MEAN = 5
# Keys examined for "did you mean": enough to find a neighbour, few enough to stay fast.
CANDIDATE_KEYS = 3000
LOOKUP = "lookup_keys"


@dataclass
class Match:
    entry: Entry
    rank: int
    kind: str  # which form matched: LookupKey.Kind

    @property
    def direction(self):
        """'from' (the ethnic-language word was typed) or 'to' (its meaning was)."""
        return "from" if self.kind in (LookupKey.Kind.HEADWORD, LookupKey.Kind.VARIANT) else "to"

    @property
    def exact(self):
        return self.rank <= 1


@dataclass
class Lookup:
    query: str
    folded: str
    matches: list = field(default_factory=list)
    did_you_mean: list = field(default_factory=list)
    has_more: bool = False

    @property
    def exact_matches(self):
        return [match for match in self.matches if match.exact]

    @property
    def prefix_matches(self):
        return [match for match in self.matches if not match.exact]


def clean_query(value):
    return (value or "")[: MAX_QUERY * 2].replace("\x00", "").strip()[:MAX_QUERY]


def _best_matches(visible, language, folded, typed):
    """The visible entries with a key starting with `folded`, each with `best`: twice
    its best rank, plus one when the accents differ from what was typed."""
    prefix = f"{LOOKUP}__key"
    matching = visible.filter(
        **{f"{LOOKUP}__language": language, f"{prefix}__gte": folded, f"{prefix}__lt": folded + AFTER_ALL}
    )
    rank = Case(
        When(**{prefix: folded, f"{LOOKUP}__position": 0}, then=Value(0)),
        When(Q(**{prefix: folded}) | Q(**{f"{prefix}__startswith": folded + " "}), then=Value(1)),
        When(**{f"{LOOKUP}__position": 0}, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    accents = Case(
        When(**{f"{LOOKUP}__form__contains": typed}, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return matching.annotate(best=Min(rank * 2 + accents))


def lookup(user, language, query, limit=PAGE):
    """The `Lookup` of `query` in `language`'s dictionary for `user`."""
    query = clean_query(query)
    folded = fold(query)
    result = Lookup(query=query, folded=folded)
    if not folded:
        return result
    visible = Entry.objects.visible_to(user).filter(language=language)
    found = list(
        _best_matches(visible, language, folded, exact_form(query))
        .select_related("language")
        .order_by("best", "sort_key", "pk")[: limit + 1]
    )
    result.has_more = len(found) > limit
    found = found[:limit]
    kinds = _matched_kinds(language, folded, [entry.pk for entry in found])
    _prefetch_senses(found)
    result.matches = [Match(entry, entry.best // 2, kinds.get(entry.pk, "")) for entry in found]
    if not result.matches:
        result.did_you_mean = did_you_mean(user, language, folded)
    return result


def _matched_kinds(language, folded, ids):
    """entry id → the kind of its best matching key (a headword before a gloss)."""
    order = {kind: index for index, kind in enumerate(LookupKey.Kind.values)}
    kinds = {}
    rows = LookupKey.objects.filter(
        language=language, key__gte=folded, key__lt=folded + AFTER_ALL, entry_id__in=ids
    ).values_list("entry_id", "kind", "position")
    for entry_id, kind, position in rows:
        candidate = (position > 0, order[kind], kind)
        if entry_id not in kinds or candidate < kinds[entry_id]:
            kinds[entry_id] = candidate
    return {pk: candidate[2] for pk, candidate in kinds.items()}


def _prefetch_senses(entries):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(list(entries), "senses")


def suggest(user, language, prefix, limit=SUGGESTIONS):
    """What autocomplete offers as the visitor types: [(entry, matched kind)]."""
    prefix = clean_query(prefix)
    if not fold(prefix):
        return []
    return [(match.entry, match.kind) for match in lookup(user, language, prefix, limit=limit).matches]


def did_you_mean(user, language, folded, limit=DID_YOU_MEAN):
    """Forms close to `folded` (typos, a missing or extra letter) that a visible entry
    has: ["trâu", ...] as stored, best first."""
    if not folded:
        return []
    visible = Entry.objects.visible_to(user).filter(language=language)
    candidates = {}
    for start in dict.fromkeys((folded[:2], folded[:1])):
        rows = visible.filter(
            **{f"{LOOKUP}__language": language, f"{LOOKUP}__key__gte": start, f"{LOOKUP}__key__lt": start + AFTER_ALL}
        ).values_list(f"{LOOKUP}__key", f"{LOOKUP}__form", f"{LOOKUP}__position")[:CANDIDATE_KEYS]
        for key, form, position in rows:
            if abs(len(key) - len(folded)) <= max(2, len(folded) // 3):
                # A word inside a gloss is offered as the words from it on, accents kept.
                candidates.setdefault(key, " ".join(form.split(" ")[position:]))
    close = difflib.get_close_matches(folded, list(candidates), n=limit, cutoff=0.7)
    return [candidates[key] for key in close]
