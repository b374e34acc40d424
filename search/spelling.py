"""Typo tolerance for the database fallback, and spelling suggestions for every engine.

The words of the indexed records are kept folded, with the way the records write them
(`IndexedWord`). A query word that no record holds is:

- matched, on the database fallback, together with the indexed words at most one edit
  away (two from eight letters, transpositions counting as one, first letter kept): what
  the engine's `fuzziness: AUTO:4,8, prefix_length: 1` does (`expansions`);
- offered back as a correction in the records' own spelling, accents included ("tin
  nguongg" → "tín ngưỡng"; `suggestion`).

The names of ethnic groups (their names, English names and alternative names) are never
corrected nor widened: "Hre" stays "Hre" whatever words lie one or two letters away, so
a search for one people never turns into a search for another (`protected_words`).
"""

import re

from django.core.cache import cache
from django.db import connection

from heritage.text import fold_diacritics

MAX_WORD_LENGTH = 64
# Words this short are left alone (the engine's fuzziness starts at four letters too).
MIN_FUZZY_LENGTH = 4
# Indexed words a misspelt query word also matches on the database fallback.
MAX_EXPANSIONS = 3
PROTECTED_CACHE_KEY = "heritage-search-protected-words"
VOCABULARY_CACHE_KEY = "heritage-search-vocabulary-phrases"
VOCABULARY_CACHE_SECONDS = 600
WORD = re.compile(r"\w+")

UPSERT = (
    "INSERT INTO heritage_search_indexedword (term, written, initial, length) VALUES (%s, %s, %s, %s)"
    " ON CONFLICT (term) DO UPDATE SET written = excluded.written"
    # A form with accents replaces one without ("Hre" in an English summary, "Hrê" in a title).
    " WHERE heritage_search_indexedword.written = heritage_search_indexedword.term"
    " AND excluded.written <> excluded.term"
)


def fold(word):
    return fold_diacritics(word).casefold()


def words_of(text):
    return WORD.findall((text or "").casefold())


def remember(cursor, documents, fields, unwritten=()):
    """Add the words of `documents` (their `fields`) to the indexed words. The words of
    the `unwritten` fields (the ethnic groups' names) are known, but only in their folded
    form: a correction is never written as a people's name ("trâu" as "Trầu")."""
    # One pass of the expression over the batch's text: a call per field costs more.
    written = set(words_of("\n".join(document.get(name) or "" for document in documents for name in fields)))
    rows = {}
    for form in sorted(written):
        if len(form) > MAX_WORD_LENGTH or form.isdigit():
            continue
        term = fold(form)
        if term and (term not in rows or rows[term][1] == term):
            rows[term] = (term, form, term[0], len(term))
    if unwritten:
        names = words_of("\n".join(document.get(name) or "" for document in documents for name in unwritten))
        for term in {fold(form) for form in names if len(form) <= MAX_WORD_LENGTH and not form.isdigit()}:
            if term and term not in rows:
                rows[term] = (term, term, term[0], len(term))
    if rows:
        cursor.executemany(UPSERT, list(rows.values()))


def forget_all(cursor):
    cursor.execute("DELETE FROM heritage_search_indexedword")


def protected_words():
    """The folded words of every ethnic group's names: never corrected, never widened."""
    words = cache.get(PROTECTED_CACHE_KEY)
    if words is None:
        from heritage.models import EthnicGroup, EthnicGroupName

        names = [name for pair in EthnicGroup.objects.values_list("name", "name_en") for name in pair]
        names += EthnicGroupName.objects.values_list("name", flat=True)
        words = frozenset(fold(word) for name in names for word in words_of(name))
        cache.set(PROTECTED_CACHE_KEY, words, None)
    return words


def names_changed():
    """Called when an ethnic group or one of its names changes."""
    cache.delete_many([PROTECTED_CACHE_KEY, VOCABULARY_CACHE_KEY])


def allowed_edits(word):
    """Edits a word of this length may be away from what it matches (AUTO:4,8)."""
    if len(word) < MIN_FUZZY_LENGTH:
        return 0
    return 1 if len(word) < 8 else 2


def edit_distance(first, second, limit):
    """The optimal-string-alignment distance (an adjacent swap is one edit), or limit + 1
    as soon as it is certain to exceed `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_row, row = None, list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _known(terms):
    terms = list(terms)
    placeholders = ", ".join(["%s"] * len(terms))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM heritage_search_indexedword WHERE term IN ({placeholders})", terms)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def close_words(term, limit=MAX_EXPANSIONS):
    """[(term, written)] of indexed words within the allowed edits of `term`, closest first."""
    edits = allowed_edits(term)
    if not edits:
        return []
    with connection.cursor() as cursor:
        # Plain SQL: the ORM would cost more than the look-up (this runs on every search).
        cursor.execute(
            "SELECT term, written FROM heritage_search_indexedword WHERE initial = %s AND length BETWEEN %s AND %s",
            [term[0], len(term) - edits, len(term) + edits],
        )
        candidates = cursor.fetchall()
    scored = []
    for candidate, written in candidates:
        distance = edit_distance(term, candidate, edits)
        if 0 < distance <= edits:
            scored.append((distance, abs(len(candidate) - len(term)), candidate, written))
    scored.sort()
    return [(candidate, written) for _distance, _gap, candidate, written in scored[:limit]]


def _unknown(words):
    """The folded query words that could be misspelt: not indexed, not a people's name."""
    candidates = {term for term in map(fold, words) if allowed_edits(term) and not term.isdigit()}
    if candidates:  # the names are read (once, then cached) only when there is something to check
        candidates -= protected_words()
    return candidates - _known(candidates) if candidates else set()


def expansions(words):
    """{folded word: [close indexed words]} for the query words no record holds."""
    return {term: [candidate for candidate, _written in close_words(term)] for term in _unknown(words)}


def vocabulary_phrases():
    """{folded name: name as written} of the subjects, record types and provinces of two
    words or more: how a corrected suggestion gets its accents back as a whole ("tin
    nguong" is "tín ngưỡng", though "tin" alone could be written many ways). Never the
    ethnic groups' names: a correction must not turn a word into a people's name."""
    phrases = cache.get(VOCABULARY_CACHE_KEY)
    if phrases is None:
        from heritage.models import Province, RecordPage, Subject

        from .documents import record_type_names

        names = list(Subject.objects.values_list("name", flat=True))
        names += Province.objects.values_list("name", flat=True)
        names += [name for model in RecordPage.record_types().values() for name in record_type_names(model)]
        phrases = {}
        for name in names:
            words = words_of(name)
            if len(words) > 1:  # one word is written as the records write it
                phrases.setdefault(" ".join(fold(word) for word in words), " ".join(words))
        cache.set(VOCABULARY_CACHE_KEY, phrases, VOCABULARY_CACHE_SECONDS)
    return phrases


def suggestion(text):
    """The query with each misspelt word replaced by its closest indexed word, written as
    the records write it (a run of words that names a subject, a type or a province
    written as that name); "" when nothing needs correcting."""
    from .params import split_query

    words, _phrases = split_query(text)
    unknown = _unknown(words)
    if not unknown:
        return ""
    corrected, changed = [], []
    for word in words:
        term = fold(word)
        close = close_words(term, limit=1) if term in unknown else []
        corrected.append(close[0][1] if close else word)
        changed.append(bool(close))
    if not any(changed):
        return ""
    phrases = vocabulary_phrases()
    start, written = 0, []
    while start < len(corrected):
        for end in range(len(corrected), start, -1):
            key = " ".join(fold(word) for word in corrected[start:end])
            if key in phrases and any(changed[start:end]):
                written.append(phrases[key])
                start = end
                break
        else:
            written.append(corrected[start])
            start += 1
    return " ".join(written)
