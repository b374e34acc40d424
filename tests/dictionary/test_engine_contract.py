"""Entry lookup makes the same promises on the search engine as on the database: the
same folding, exact forms first, prefixes, both directions, and the access levels."""

import os
import uuid

import pytest
from django.core.management import call_command

from dictionary import engine
from dictionary.lookup import lookup, suggest
from search import backends
from tests.search.conftest import engine_url

from .conftest import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "opensearch"])
def dictionary_backend(request, settings, db, django_capture_on_commit_callbacks):
    backends._backends.clear()
    if request.param == "database":
        settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}
        yield "database"
        return
    url, problem = engine_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    settings.HERITAGE_SEARCH = {"URL": url, "INDEX": f"heritage-test-{uuid.uuid4().hex[:8]}"}
    yield "opensearch"
    engine.drop()
    backends.get_backend().drop()
    backends._backends.clear()


@pytest.fixture
def words(dictionary_backend, hre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = {
            "ma": make_entry(headword="ma", glosses=[("mẹ", "mother")]),
            "mâ": make_entry(headword="mâ", glosses=[("cái gì", "")]),
            "mamăng": make_entry(headword="mamăng", glosses=[("dài", "long")]),
            "kapô": make_entry(headword="kapô", glosses=[("con trâu", "buffalo")]),
            "kađông": make_entry(headword="kađông", glosses=[("cái gùi", "")], access_level="community"),
            "draft": make_entry(headword="kapơ", glosses=[("nháp", "")], publish=False),
        }
    if dictionary_backend == "opensearch":
        assert engine.connection() is not None
    return made


def headwords(result):
    return [match.entry.headword for match in result.matches]


def test_exact_forms_first_then_prefixes_accent_exact_first(words, hre):
    result = lookup(None, hre, "ma")
    assert headwords(result) == ["ma", "mâ", "mamăng"]
    assert [match.exact for match in result.matches] == [True, True, False]


def test_vietnamese_meaning_without_accents_finds_the_word(words, hre):
    result = lookup(None, hre, "TRAU")
    assert headwords(result) == ["kapô"]
    assert result.matches[0].direction == "to" and result.matches[0].exact


def test_the_word_without_its_marks_finds_its_meaning(words, hre):
    result = lookup(None, hre, "kapo")
    assert headwords(result) == ["kapô"] and result.matches[0].direction == "from"


def test_prefix_suggestions_keep_to_what_the_visitor_may_see(words, hre, community_member):
    assert [entry.headword for entry, _kind in suggest(None, hre, "ka")] == ["kapô"]
    assert [entry.headword for entry, _kind in suggest(community_member, hre, "ka")] == ["kađông", "kapô"]


def test_unpublishing_takes_a_word_out_of_lookups(words, hre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        words["kapô"].unpublish()
    assert lookup(None, hre, "kapo").matches == []


def test_the_engine_answers_when_it_is_there(dictionary_backend, words, hre, monkeypatch):
    from dictionary import lookup as lookups

    asked = []
    original = engine.lookup_ids

    def spy(*args, **kwargs):
        ids = original(*args, **kwargs)
        asked.append(ids)
        return ids

    monkeypatch.setattr(lookups.engine, "lookup_ids", spy)
    lookup(None, hre, "ma")
    if dictionary_backend == "opensearch":
        assert asked and len(asked[0]) == 3
    else:
        assert asked == []


def test_reindex_rebuilds_the_index_from_live_entries(dictionary_backend, words, hre):
    call_command("dictionary_reindex", verbosity=0)
    assert headwords(lookup(None, hre, "kapo")) == ["kapô"]
