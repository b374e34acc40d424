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

from . import engine
from .models import Entry, LookupKey
from .text import AFTER_ALL, exact_form, fold, word_starts

MAX_QUERY = 100
PAGE = 30
SUGGESTIONS = 8
DID_YOU_MEAN = 5
# Keys examined for "did you mean": enough to find a neighbour, few enough to stay fast.
CANDIDATE_KEYS = 300
# Longer queries skip the one-slip candidates (their number grows with the length).
MAX_EDITED = 30
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


def _keys(visible, language, limit, order=True, **conditions):
    """(entry id, key, position, kind, form) of visible entries' keys matching
    `conditions`, read in key order from the (language, key) index and cut at `limit`:
    a one-letter prefix never makes the database rank thousands of rows."""
    filters = {f"{LOOKUP}__language": language, **{f"{LOOKUP}__{name}": value for name, value in conditions.items()}}
    rows = visible.filter(**filters).values_list(
        "pk", f"{LOOKUP}__key", f"{LOOKUP}__position", f"{LOOKUP}__kind", f"{LOOKUP}__form"
    )
    if order:
        rows = rows.order_by(f"{LOOKUP}__key", "pk")
    return list(rows[:limit])


def _candidates(visible, language, folded, limit):
    """The keys that may rank among the first `limit`, best kinds first: equal to the
    query, then the query as the first word of a longer form, then whole forms starting
    with it, then words inside forms starting with it."""
    found = _keys(visible, language, limit * 4, order=False, key=folded)
    found += _keys(visible, language, limit * 2, key__gte=folded + " ", key__lt=folded + " " + AFTER_ALL)
    found += _keys(visible, language, limit * 2, key__gt=folded, key__lt=folded + AFTER_ALL, position=0)
    if len({row[0] for row in found}) <= limit:
        found += _keys(visible, language, limit * 2, key__gt=folded, key__lt=folded + AFTER_ALL, position__gt=0)
    return found


def _rank(folded, typed, key, position, form):
    """0-3 as in the module's docstring, doubled, plus one when the accents differ."""
    if key == folded:
        rank = 0 if position == 0 else 1
    elif key.startswith(folded + " "):
        rank = 1
    else:
        rank = 2 if position == 0 else 3
    return rank * 2 + (0 if typed in form else 1)


KIND_ORDER = {kind: index for index, kind in enumerate(LookupKey.Kind.values)}


def lookup(user, language, query, limit=PAGE, alternatives=True):
    """The `Lookup` of `query` in `language`'s dictionary for `user` (with "did you
    mean" forms when nothing matches, unless `alternatives` is false)."""
    query = clean_query(query)
    folded = fold(query)
    result = Lookup(query=query, folded=folded)
    if not folded:
        return result
    visible = Entry.objects.visible_to(user).filter(language=language)
    typed = exact_form(query)
    try:
        ids = engine.lookup_ids(user, language, folded, typed, limit + 1)
    except engine.EngineUnavailable:
        pass  # the database answers
    else:
        return _from_engine(result, visible, ids, folded, typed, limit, user, language, alternatives)
    best = {}  # entry id → (score, kind order, key, kind)
    for pk, key, position, kind, form in _candidates(visible, language, folded, limit):
        candidate = (_rank(folded, typed, key, position, form), position > 0, KIND_ORDER[kind], key, kind)
        if pk not in best or candidate < best[pk]:
            best[pk] = candidate
    # Only the page is read: ranked by score, then by the matching form, which is the
    # dictionary's order among folded forms.
    ordered = sorted(best, key=lambda pk: (best[pk][0], best[pk][3], pk))
    page = ordered[: limit + 1]
    if page:
        entries = visible.filter(pk__in=page).select_related("language").prefetch_related("senses").in_bulk()
        page = [pk for pk in page if pk in entries]
        result.has_more = len(ordered) > limit
        result.matches = [Match(entries[pk], best[pk][0] // 2, best[pk][4]) for pk in page[:limit]]
    if not result.matches and alternatives:
        result.did_you_mean = did_you_mean(user, language, folded)
    return result


def _from_engine(result, visible, ids, folded, typed, limit, user, language, alternatives):
    """The engine's ranked ids as a `Lookup`: entries read again through the access
    rule, each match's rank and kind worked out from its forms as the database would."""
    entries = visible.filter(pk__in=ids).select_related("language").prefetch_related("senses", "variants").in_bulk()
    matches = []
    for pk in ids[:limit]:
        entry = entries.get(pk)
        if entry is None:
            continue
        best = min(
            (
                (_rank(folded, typed, key, position, exact_form(text)), position > 0, KIND_ORDER[kind], key, kind)
                for kind, text in entry.lookup_forms()
                for position, key in word_starts(fold(text))
                if key.startswith(folded)
            ),
            default=(7, True, 0, "", LookupKey.Kind.HEADWORD),
        )
        matches.append(Match(entry, best[0] // 2, best[4]))
    result.matches = matches
    result.has_more = len(ids) > limit
    if not result.matches and alternatives:
        result.did_you_mean = did_you_mean(user, language, folded)
    return result


def suggest(user, language, prefix, limit=SUGGESTIONS):
    """What autocomplete offers as the visitor types: [(entry, matched kind)]."""
    prefix = clean_query(prefix)
    if not fold(prefix):
        return []
    return [
        (match.entry, match.kind) for match in lookup(user, language, prefix, limit=limit, alternatives=False).matches
    ]


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_away(word):
    """Every string one deletion, transposition, substitution or insertion away from
    `word` (folded): Norvig's spelling corrector's candidates, looked up by the index."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    deletes = [left + right[1:] for left, right in splits if right]
    transposes = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaces = [left + letter + right[1:] for left, right in splits if right for letter in LETTERS]
    inserts = [left + letter + right for left, right in splits for letter in LETTERS]
    return set(deletes + transposes + replaces + inserts) - {word}


def did_you_mean(user, language, folded, limit=DID_YOU_MEAN):
    """Forms close to `folded` that a visible entry has: ["trâu", ...] as stored (a word
    inside a gloss from that word on), best first.

    First the forms one typing slip away (a letter missing, extra, wrong or swapped),
    found by equality on the index; failing those, the keys of about the same length
    that share the query's first two letters (else its first), ranked by difflib."""
    from django.db.models.functions import Length

    if not folded:
        return []
    visible = Entry.objects.visible_to(user).filter(language=language)
    keys = f"{LOOKUP}__key"
    fields = (keys, f"{LOOKUP}__form", f"{LOOKUP}__position")
    candidates = {}
    if len(folded) <= MAX_EDITED:
        rows = visible.filter(**{f"{LOOKUP}__language": language, f"{keys}__in": one_edit_away(folded)})
        for key, form, position in rows.values_list(*fields)[:CANDIDATE_KEYS]:
            candidates.setdefault(key, " ".join(form.split(" ")[position:]))
    if not candidates:
        spread = max(2, len(folded) // 3)
        for start in dict.fromkeys((folded[:2], folded[:1])):
            rows = (
                visible.filter(
                    **{f"{LOOKUP}__language": language, f"{keys}__gte": start, f"{keys}__lt": start + AFTER_ALL}
                )
                .annotate(key_length=Length(keys))
                .filter(key_length__gte=len(folded) - spread, key_length__lte=len(folded) + spread)
            )
            for key, form, position in rows.values_list(*fields)[:CANDIDATE_KEYS]:
                candidates.setdefault(key, " ".join(form.split(" ")[position:]))
            if candidates:
                break
    close = difflib.get_close_matches(folded, list(candidates), n=limit, cutoff=0.7)
    return list(dict.fromkeys(candidates[key] for key in close))
