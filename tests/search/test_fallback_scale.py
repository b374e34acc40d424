"""The database fallback at scale: bounded work for common words with an honest "about N",
pages that continue past what it examined, one pass that writes nothing, the public
point in the spatial index, highlights made by the database, the access rule on the
live tables. Runs on whichever database the suite uses (SQLite, or PostgreSQL with
DATABASE_URL); the timings themselves are measured by bench/search.py."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from heritage.models import RecordPage
from search import backends
from search.backends import database
from search.params import parse
from tests.factories import make_record

PUBLIC = ("public",)
EVERYONE = ("public", "community", "staff")
SENSITIVE = (15.0442, 108.4681)  # a burial ground's exact place


@pytest.fixture
def fallback(settings, db):
    settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}
    backends._backends.clear()
    yield backends.get_backend()
    backends._backends.clear()


@pytest.fixture
def small_sample(monkeypatch):
    """A fallback that examines 10 records in full, so a few dozen make a "broad" search."""
    monkeypatch.setattr(database, "SAMPLE_LIMIT", 10)


def search(backend, query, levels=PUBLIC):
    return backend.search(parse(QueryDict(urlencode(query, doseq=True))), levels)


def festivals(record_index, count, every_restricted=0, **fields):
    records = []
    for number in range(count):
        restricted = every_restricted and number % every_restricted == every_restricted - 1
        records.append(
            make_record(
                record_index,
                title=f"Lễ hội mùa {number:02d}",
                access_level="community" if restricted else "public",
                **fields,
            )
        )
    return records


class TestCommonWords:
    def test_within_the_sample_totals_and_facets_are_exact(self, fallback, record_index):
        festivals(record_index, 6)
        results = search(fallback, {"q": "lễ hội"})
        assert (results.total, results.total_is_estimate) == (6, False)
        assert dict(results.facets["type"]) == {"festival": 6}

    def test_a_broad_search_estimates_its_total_from_what_it_examined(self, fallback, record_index, small_sample):
        festivals(record_index, 40, every_restricted=4)  # 30 public, 10 community-only
        results = search(fallback, {"q": "lễ hội"})
        assert results.total_is_estimate
        assert abs(results.total - 30) <= 3
        assert len(results.ids) == 20
        member = search(fallback, {"q": "lễ hội"}, ("public", "community"))
        assert member.total_is_estimate and member.total == 40

    def test_estimated_facet_counts_are_scaled_to_the_estimate(self, fallback, record_index, small_sample):
        festivals(record_index, 40)
        results = search(fallback, {"q": "lễ hội"})
        assert dict(results.facets["type"]) == {"festival": results.total}
        assert dict(results.facets["group"]) == {"hre": results.total}

    def test_a_selective_filter_on_a_common_word_stays_exact(self, fallback, record_index, small_sample):
        festivals(record_index, 30)
        festivals(record_index, 3, groups=["raglai"], province="56")
        results = search(fallback, {"q": "lễ hội", "group": "raglai"})
        assert (results.total, results.total_is_estimate) == (3, False)

    @pytest.mark.parametrize("sort", ["relevance", "date", "title"])
    def test_pages_continue_past_the_sample_without_gaps_or_repeats(self, fallback, record_index, small_sample, sort):
        records = festivals(record_index, 35)
        pages = [search(fallback, {"q": "lễ hội", "sort": sort, "page": page}).ids for page in (1, 2)]
        assert [len(page) for page in pages] == [20, 15]
        assert sorted(pages[0] + pages[1]) == sorted(record.pk for record in records)
        if sort == "title":
            titles = dict(RecordPage.objects.values_list("pk", "title"))
            shown = [titles[pk] for pk in pages[0] + pages[1]]
            assert shown == sorted(shown)
        if sort == "date":
            assert pages[0] + pages[1] == sorted((record.pk for record in records), reverse=True)

    def test_the_map_layer_gets_every_match_up_to_its_limit(self, fallback, record_index, small_sample):
        records = festivals(record_index, 25)
        params = parse(QueryDict(urlencode({"q": "lễ hội"})))
        assert sorted(fallback.matching_ids(params, PUBLIC, 100)) == sorted(record.pk for record in records)
        assert len(set(fallback.matching_ids(params, PUBLIC, 15))) == 15

    def test_browsing_without_words_is_bounded_too(self, fallback, record_index, small_sample):
        festivals(record_index, 25)
        results = search(fallback, {})
        assert results.total_is_estimate and results.total == 25
        assert len(results.ids) == 20


WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REPLACE")


def only_reads(captured):
    statements = [query["sql"].upper() for query in captured.captured_queries]
    return not any(word in statement for statement in statements for word in WRITES)


class TestOnePass:
    def test_a_search_reads_in_at_most_four_statements_and_writes_nothing(self, fallback, record_index):
        festivals(record_index, 5, latitude=15.0, longitude=108.5)
        with CaptureQueriesContext(connection) as captured:
            results = search(fallback, {"q": "lễ hội", "group": "hre", "bbox": "108.2,14.8,108.7,15.3"})
        assert results.total == 5
        # The points in the box, the matches (checked against the access rule), their
        # facets (in the same statement on PostgreSQL), the page's highlights.
        assert len(captured.captured_queries) <= 4
        assert only_reads(captured)

    def test_an_estimated_search_adds_only_two_counts(self, fallback, record_index, monkeypatch):
        monkeypatch.setattr(database, "SAMPLE_LIMIT", 25)  # the first page lies within the sample
        festivals(record_index, 25)
        with CaptureQueriesContext(connection) as exact:
            search(fallback, {"q": "lễ hội", "group": "hre"}, ("public", "community"))
        festivals(record_index, 1)  # one more than the sample
        with CaptureQueriesContext(connection) as estimated:
            results = search(fallback, {"q": "lễ hội", "group": "hre"}, ("public", "community"))
        assert results.total_is_estimate
        assert len(estimated.captured_queries) == len(exact.captured_queries) + 2
        assert only_reads(estimated)


class TestPlaces:
    @pytest.fixture
    def burial_ground(self, record_index):
        return make_record(
            record_index,
            title="Lễ bỏ mả ở khu mộ làng",
            latitude=SENSITIVE[0],
            longitude=SENSITIVE[1],
            location_access="community",
        )

    def tiny_box(self, lat, lon):
        return f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"

    def test_the_spatial_index_holds_the_public_point_not_the_place(self, fallback, burial_ground):
        burial_ground.refresh_from_db()
        public = (burial_ground.public_latitude, burial_ground.public_longitude)
        assert public != SENSITIVE
        # Not even staff find the place by drawing around it: search by map uses the public point.
        assert search(fallback, {"bbox": self.tiny_box(*SENSITIVE)}, EVERYONE).ids == []
        assert search(fallback, {"near": f"{SENSITIVE[0]},{SENSITIVE[1]},0.5"}, EVERYONE).ids == []
        assert search(fallback, {"bbox": self.tiny_box(*public)}, EVERYONE).ids == [burial_ground.pk]

    def test_box_polygon_and_distance_agree_on_edges(self, fallback, record_index):
        inside = make_record(record_index, latitude=15.0, longitude=108.5)
        make_record(record_index, latitude=15.2, longitude=108.9)
        assert search(fallback, {"bbox": "108.5,15.0,108.6,15.1"}).ids == [inside.pk]  # on the corner
        polygon = (
            '{"type":"Polygon","coordinates":[[[108.4,14.9],[108.6,14.9],[108.6,15.1],[108.4,15.1],[108.4,14.9]]]}'
        )
        assert search(fallback, {"polygon": polygon}).ids == [inside.pk]
        assert search(fallback, {"near": "15.0,108.5,1"}).ids == [inside.pk]
        assert search(fallback, {"bbox": "108.5,15.0,108.6,15.1", "near": "15.2,108.9,1"}).ids == []

    def test_the_indexes_stay_in_step_when_a_record_leaves(self, fallback, record_index):
        leaving = make_record(record_index, title="Lễ rời đi", latitude=15.0, longitude=108.5)
        staying = make_record(record_index, title="Lễ ở lại", latitude=15.01, longitude=108.51)
        box = {"bbox": "108.4,14.9,108.6,15.1"}
        assert sorted(search(fallback, box).ids) == sorted([leaving.pk, staying.pk])
        leaving.unpublish()
        assert search(fallback, box).ids == [staying.pk]
        assert search(fallback, {"q": "rời đi"}).total == 0
        staying.delete()
        assert search(fallback, box).ids == []
        assert fallback.indexed_ids() == set()

    def test_republishing_moves_the_record_in_every_index(self, fallback, record_index):
        record = make_record(record_index, title="Lễ dời làng", latitude=15.0, longitude=108.5)
        record.latitude, record.longitude = 12.0, 108.9
        record.save_revision().publish()
        assert search(fallback, {"bbox": "108.4,14.9,108.6,15.1"}).ids == []
        assert search(fallback, {"q": "dời làng", "bbox": "108.8,11.9,109.0,12.1"}).ids == [record.pk]
        assert fallback.indexed_ids() == {record.pk}


class TestHighlights:
    def test_the_database_marks_the_words_with_their_accents(self, fallback, record_index):
        record = make_record(
            record_index, title="Đàn đá Khánh Sơn", summary="Nhạc cụ <b>đá</b> & tre của người Raglai."
        )
        highlights = search(fallback, {"q": "dan da"}).highlights[record.pk]
        assert highlights[0] == "<mark>Đàn</mark> <mark>đá</mark> Khánh Sơn"
        summary = highlights[1]
        assert "&lt;b&gt;<mark>đá</mark>&lt;/b&gt;" in summary and "&amp;" in summary

    def test_a_phrase_is_marked_only_where_it_matches_as_a_phrase(self, fallback, record_index):
        record = make_record(record_index, title="Mừng lúa mới", summary="Lúa rẫy; mừng mùa mới.")
        highlights = search(fallback, {"q": '"mừng lúa mới"'}).highlights[record.pk]
        assert len(highlights) == 1  # the summary has the words, not the phrase
        assert " ".join(re.findall(r"<mark>(.*?)</mark>", highlights[0])) == "Mừng lúa mới"


class TestAccessRule:
    def test_a_stale_index_entry_cannot_reveal_a_restricted_record(self, fallback, record_index):
        """The index still says "public", the live record says "community": the fallback
        asks the access rule on the live tables, so neither results nor counts show it."""
        record = make_record(record_index, title="Lễ kín của làng")
        RecordPage.objects.filter(pk=record.pk).update(access_level="community")  # no signals: the index is stale
        results = search(fallback, {"q": "lễ kín"})
        assert (results.ids, results.total, results.facets["group"]) == ([], 0, [])
        assert search(fallback, {"q": "lễ kín"}, ("public", "community")).ids == [record.pk]

    def test_a_record_no_longer_live_is_not_found_even_if_still_indexed(self, fallback, record_index):
        record = make_record(record_index, title="Lễ đã gỡ")
        RecordPage.objects.filter(pk=record.pk).update(live=False)
        assert search(fallback, {"q": "lễ đã gỡ"}, EVERYONE).total == 0

    def test_records_waiting_for_an_index_update_are_left_out(self, fallback, record_index):
        kept, waiting = festivals(record_index, 2)
        params = parse(QueryDict(urlencode({"q": "lễ hội"})))
        params.exclude_ids = (waiting.pk,)
        results = fallback.search(params, PUBLIC)
        assert (results.ids, results.total) == ([kept.pk], 1)


def test_an_estimated_total_says_so_on_every_surface(client, fallback, record_index, small_sample):
    festivals(record_index, 30)
    answer = client.get("/api/search", {"q": "lễ hội"}).json()
    assert answer["total_is_estimate"] is True
    for url in ("/search/", "/map/"):
        assert "khoảng" in client.get(url, {"q": "lễ hội"}).content.decode()
    assert client.get("/api/search", {"q": "mùa 07"}).json()["total_is_estimate"] is False
