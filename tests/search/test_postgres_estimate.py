"""The database fallback on PostgreSQL: a broad search's "about N" comes from a sample of
the table's pages instead of an exact count of every match, and is exact when the
sample cannot say closely enough. Runs on PostgreSQL only (DATABASE_URL=postgres://…);
the time it saves is measured by bench/search.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import postgres

from .test_fallback_scale import fallback, festivals, search, small_sample  # noqa: F401 (fixtures, asked for by name)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL fallback's estimate")

EXACT_COUNT = "count(*) FILTER (WHERE d.docid >="


def analysed():
    """As autovacuum leaves a table in use: PostgreSQL knows how many rows it holds."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE heritage_search_document")


@pytest.fixture
def backend(request):
    """The fallback, examining 10 records in full (see test_fallback_scale)."""
    request.getfixturevalue("small_sample")
    return request.getfixturevalue("fallback")


@pytest.fixture
def whole_table_sample(monkeypatch):
    """A sample of every page, trusted from 5 matches: the estimate is then exact, so a
    test can tell it was used and is right."""
    monkeypatch.setattr(postgres, "SAMPLED_PERCENT", 100)
    monkeypatch.setattr(postgres, "SAMPLED_MATCHES", 5)


def statements(captured):
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.django_db
class TestBroadSearchEstimate:
    def test_matches_are_estimated_from_the_sample_not_counted(self, backend, record_index, whole_table_sample):
        festivals(record_index, 40, every_restricted=4)  # 30 public, 10 community-only
        analysed()
        with CaptureQueriesContext(connection) as captured:
            results = search(backend, {"q": "lễ hội"})
        assert results.total_is_estimate
        assert abs(results.total - 30) <= 3
        sql = statements(captured)
        assert any("TABLESAMPLE SYSTEM" in statement for statement in sql)
        assert not any(EXACT_COUNT in statement for statement in sql)
        member = search(backend, {"q": "lễ hội"}, ("public", "community"))
        assert member.total_is_estimate and member.total == 40

    def test_the_estimate_is_the_same_on_every_page(self, backend, record_index, monkeypatch):
        monkeypatch.setattr(postgres, "SAMPLED_PERCENT", 50)
        monkeypatch.setattr(postgres, "SAMPLED_MATCHES", 1)
        festivals(record_index, 60)
        analysed()
        totals = {search(backend, {"q": "lễ hội", "page": page}).total for page in (1, 2, 3, 1)}
        assert len(totals) == 1

    def test_too_few_matches_in_the_sample_are_counted_exactly(self, backend, record_index):
        festivals(record_index, 40, every_restricted=4)
        analysed()
        with CaptureQueriesContext(connection) as captured:
            results = search(backend, {"q": "lễ hội"})
        # 40 documents hold far fewer than SAMPLED_MATCHES matches in any sample.
        assert any(EXACT_COUNT in statement for statement in statements(captured))
        assert results.total_is_estimate and abs(results.total - 30) <= 3

    def test_a_table_postgresql_has_not_counted_yet_is_counted_exactly(self, backend, record_index, whole_table_sample):
        festivals(record_index, 40)
        with connection.cursor() as cursor:  # what a table never analysed reports
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'heritage_search_document'::regclass")
            (rows,) = cursor.fetchone()
        if rows >= 40:
            pytest.skip("autovacuum has counted the table already")
        with CaptureQueriesContext(connection) as captured:
            results = search(backend, {"q": "lễ hội"})
        assert any(EXACT_COUNT in statement for statement in statements(captured))
        assert results.total == 40

    def test_a_filter_on_a_broad_word_is_estimated_within_the_filter(self, backend, record_index, whole_table_sample):
        festivals(record_index, 30)
        festivals(record_index, 20, groups=["raglai"], province="56")
        analysed()
        results = search(backend, {"q": "lễ hội", "group": "raglai"})
        assert results.total_is_estimate and abs(results.total - 20) <= 2
        assert dict(results.facets["group"]) == {"raglai": results.total}
