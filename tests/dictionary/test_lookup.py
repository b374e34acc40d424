"""Lookup in both directions, accent- and tone-insensitive, exact forms first."""

import pytest

from dictionary.lookup import did_you_mean, lookup, suggest
from dictionary.text import Alphabet, fold

from .conftest import make_entry

pytestmark = pytest.mark.django_db


def headwords(result):
    return [match.entry.headword for match in result.matches]


def test_folding_drops_tones_and_letter_marks_on_both_sides():
    assert fold("  Đắk  LẮK ") == "dak lak"
    assert fold("trâu") == fold("TRAU") == "trau"


def test_a_vietnamese_word_typed_without_accents_finds_the_hre_word(hre):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    result = lookup(None, hre, "trau")
    assert headwords(result) == ["kapô"]
    assert result.matches[0].direction == "to"
    assert result.matches[0].exact  # "trâu" is a whole word of the gloss


def test_the_hre_word_typed_without_its_marks_finds_its_meaning(hre):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    result = lookup(None, hre, "KAPO")
    assert headwords(result) == ["kapô"]
    assert result.matches[0].direction == "from"


def test_exact_forms_come_before_prefix_matches(hre):
    make_entry(headword="mamăng", glosses=[("dài", "")])
    make_entry(headword="ma", glosses=[("mẹ", "mother")])
    make_entry(headword="mâ", glosses=[("cái gì", "")])
    result = lookup(None, hre, "ma")
    # both "ma" and "mâ" fold to "ma": the accent-exact one first, then the longer word
    assert headwords(result) == ["ma", "mâ", "mamăng"]
    assert [match.exact for match in result.matches] == [True, True, False]


def test_autocomplete_offers_words_starting_with_what_was_typed(hre):
    make_entry(headword="kapô", glosses=[("con trâu", "")])
    make_entry(headword="kađông", glosses=[("cái gùi", "")])
    make_entry(headword="lơ", glosses=[("lửa", "")])
    assert [entry.headword for entry, _kind in suggest(None, hre, "ka")] == ["kađông", "kapô"]
    assert [entry.headword for entry, _kind in suggest(None, hre, "gui")] == ["kađông"]


def test_no_match_offers_close_forms(hre):
    make_entry(headword="kapô", glosses=[("con trâu", "")])
    result = lookup(None, hre, "kapoo")
    assert result.matches == []
    assert "kapô" in result.did_you_mean
    assert "trâu" in did_you_mean(None, hre, "trua") or "con trâu" in did_you_mean(None, hre, "con trua")


def test_anonymous_lookup_never_finds_or_suggests_community_or_draft_entries(hre, community_member):
    make_entry(headword="kapô", glosses=[("con trâu", "")], access_level="community")
    make_entry(headword="kapơ", glosses=[("bản nháp", "")], publish=False)
    assert lookup(None, hre, "kapo").matches == []
    assert lookup(None, hre, "kapo").did_you_mean == []
    assert did_you_mean(None, hre, "kapoo") == []
    assert suggest(None, hre, "ka") == []
    assert headwords(lookup(community_member, hre, "kapo")) == ["kapô"]


def test_each_dictionary_looks_only_in_its_language(hre, co):
    make_entry(code="cua", headword="kapô", glosses=[("con trâu", "")])
    assert lookup(None, hre, "trau").matches == []
    assert headwords(lookup(None, co, "trau")) == ["kapô"]


def test_alphabet_orders_digraphs_and_letters_with_marks_as_letters():
    letters = Alphabet("a ă â b c ch d đ e")
    words = ["đa", "ch", "ca", "ăn", "an", "da", "âm", "b"]
    assert sorted(words, key=letters.sort_key) == ["an", "ăn", "âm", "b", "ca", "ch", "da", "đa"]
    assert letters.initial("Chơ") == "ch"
    assert letters.initial("ắt") == "ă"


def test_a_headword_stored_decomposed_is_found_and_kept_composed(hre):
    import unicodedata

    entry = make_entry(headword=unicodedata.normalize("NFD", "kađông"), glosses=[("cái gùi", "")])
    assert entry.headword == unicodedata.normalize("NFC", "kađông")
    assert headwords(lookup(None, hre, unicodedata.normalize("NFD", "kađông"))) == ["kađông"]


def test_correcting_a_languages_alphabet_re_sorts_its_dictionary(hre):
    from dictionary.models import Entry

    make_entry(headword="ŏng")
    make_entry(headword="pa")
    assert Entry.objects.get(headword="ŏng").initial != "ŏ"  # ŏ is not yet a letter
    assert list(Entry.objects.in_dictionary_order().values_list("headword", flat=True)) == ["pa", "ŏng"]
    hre.alphabet = hre.alphabet.replace(" p ", " ŏ p ")
    hre.save()
    assert Entry.objects.get(headword="ŏng").initial == "ŏ"
    assert list(Entry.objects.in_dictionary_order().values_list("headword", flat=True)) == ["ŏng", "pa"]
