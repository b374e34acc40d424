"""Search degrades instead of failing: an unreachable or hung engine is answered for by the
database fallback within a short timeout, behind a circuit breaker; index updates the
engine misses are queued, kept out of its answers, and sent again once it is back.

These run against the real OpenSearch node (SEARCH_TEST_URL), a port where nothing
listens, and a stand-in server that accepts connections and never answers."""

import time

import pytest
from django.core.management import call_command
from django.http import QueryDict
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import RequestError

from search import indexing
from search.backends.base import SearchUnavailable
from search.backends.resilient import CircuitBreaker, is_outage
from search.models import PendingIndexUpdate
from search.params import parse
from tests.factories import make_record

from .conftest import RESILIENCE, unused_port

PUBLIC = ("public",)
NOTICE = "The search engine is temporarily unavailable; the results below come from the database."


@pytest.fixture(autouse=True)
def in_english():
    from django.utils import translation

    with translation.override("en"):
        yield


def params(query=""):
    return parse(QueryDict(query))


@pytest.fixture
def records(engine, record_index):
    """Three records indexed by the real engine (and the database fallback)."""
    return {
        "gong": make_record(record_index, title="Lễ hội cồng chiêng Hrê", province="51"),
        "rice": make_record(record_index, title="Lễ cúng lúa mới", province="51"),
        "weaving": make_record(record_index, title="Nghề dệt thổ cẩm Cơ Tu", province="49"),
    }


# The breaker on its own -------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_breaker_opens_after_failures_in_a_row_then_half_opens_for_one_probe():
    clock = Clock()
    breaker = CircuitBreaker(failures=2, cooldown=10, clock=clock)
    assert breaker.allow() and breaker.state == "closed"
    breaker.failed()
    breaker.succeeded()  # a success in between resets the count
    breaker.failed()
    assert breaker.allow()
    breaker.failed()
    assert breaker.state == "open" and not breaker.allow()
    clock.now += 10
    assert breaker.allow()  # the one probe
    assert not breaker.allow()  # everyone else keeps the fallback meanwhile
    breaker.failed()  # the probe failed: open for another cool-down
    assert breaker.state == "open" and not breaker.allow()
    clock.now += 10
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.state == "closed" and breaker.allow()


def test_a_refused_query_is_not_an_outage():
    def wrapped(cause):
        error = SearchUnavailable(str(cause))
        error.__cause__ = cause
        return error

    assert not is_outage(wrapped(RequestError(400, "parsing_exception", {})))
    assert is_outage(wrapped(EngineConnectionError("N/A", "refused", None)))
    assert is_outage(SearchUnavailable("circuit open"))


# An unreachable engine ---------------------------------------------------------------------


def test_unreachable_engine_answers_every_question_from_the_database_with_a_notice(engine, records):
    backend = engine.at(f"opensearch://127.0.0.1:{unused_port()}", BREAKER_FAILURES=100)
    started = time.perf_counter()
    results = backend.search(params("q=le+hoi+cong+chieng"), PUBLIC)
    assert results.ids == [records["gong"].pk]
    assert results.total == 1
    assert results.notice == NOTICE
    assert dict(results.facets["province"]) == {"51": 1}
    assert backend.count(params("province=51"), PUBLIC) == 2
    assert set(backend.matching_ids(params("province=51"), PUBLIC, 100)) == {records["gong"].pk, records["rice"].pk}
    assert backend.suggest("Lễ cú", PUBLIC) == [(records["rice"].pk, "Lễ cúng lúa mới")]
    assert time.perf_counter() - started < RESILIENCE["TIMEOUT"] * 4  # refused at once, not timed out


def test_every_search_surface_answers_200_while_the_engine_is_unreachable(client, engine, records):
    engine.at(f"opensearch://127.0.0.1:{unused_port()}")
    page = client.get("/search/", {"q": "cồng chiêng"})
    assert page.status_code == 200
    assert "Lễ hội cồng chiêng Hrê" in page.content.decode()
    assert "data-search-notice" in page.content.decode()
    assert (
        "Máy tìm kiếm đang tạm gián đoạn"
        in client.get("/search/", {"q": "cong"}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    )
    api = client.get("/api/search", {"q": "cong chieng"})
    assert api.status_code == 200
    assert [result["id"] for result in api.json()["results"]] == [records["gong"].pk]
    suggestions = client.get("/api/search/suggest", {"q": "Lễ cú"})
    assert suggestions.status_code == 200
    assert [item["title"] for item in suggestions.json()["suggestions"]] == ["Lễ cúng lúa mới"]


# A hung engine -----------------------------------------------------------------------------


def test_hung_engine_times_out_then_the_breaker_stops_asking_it(engine, records, stand_in_engine):
    backend = engine.at(stand_in_engine.url)  # two failures open the breaker
    timeout = RESILIENCE["TIMEOUT"]
    for _attempt in range(2):
        started = time.perf_counter()
        results = backend.search(params("q=det+tho+cam"), PUBLIC)
        waited = time.perf_counter() - started
        assert results.ids == [records["weaving"].pk]
        assert results.notice == NOTICE
        assert timeout * 0.8 <= waited < timeout + 2  # gave up after the timeout, not 10 s
    assert backend.breaker.state == "open"
    asked = stand_in_engine.accepted
    results = backend.search(params("q=det+tho+cam"), PUBLIC)
    assert results.ids == [records["weaving"].pk] and results.notice == NOTICE
    assert backend.suggest("Nghề dệt", PUBLIC) == [(records["weaving"].pk, "Nghề dệt thổ cẩm Cơ Tu")]
    # The open breaker answers without knocking on the engine's door, so without waiting
    # for it (a time limit here would only measure how busy the machine is).
    assert stand_in_engine.accepted == asked


def test_breaker_closes_again_when_the_engine_is_back(engine, records, stand_in_engine):
    backend = engine.at(stand_in_engine.url, BREAKER_COOLDOWN=0.3)
    backend.search(params("q=le"), PUBLIC)
    backend.count(params("q=le"), PUBLIC)
    assert backend.breaker.state == "open"
    stand_in_engine.set_mode("up")
    time.sleep(0.35)
    results = backend.search(params("q=cong+chieng"), PUBLIC)
    assert results.notice == ""  # the probe reached the engine
    assert results.ids == [records["gong"].pk]
    assert backend.breaker.state == "closed"
    assert backend.matching_ids(params("province=49"), PUBLIC, 10) == [records["weaving"].pk]


def test_publishing_while_the_breaker_is_open_does_not_wait_for_the_engine(engine, record_index, stand_in_engine):
    backend = engine.at(stand_in_engine.url + "?timeout=5")
    backend.search(params("q=le"), PUBLIC)
    backend.search(params("q=le"), PUBLIC)
    assert backend.breaker.state == "open"
    started = time.perf_counter()
    record = make_record(record_index, title="Lễ mừng nhà rông mới")
    assert time.perf_counter() - started < 5  # the index write failed at once
    assert PendingIndexUpdate.objects.filter(record_id=record.pk).exists()
    assert backend.search(params("q=nha+rong"), PUBLIC).ids == [record.pk]  # the fallback has it


# Changes while the engine is down ---------------------------------------------------------


def test_changes_while_the_engine_is_down_are_queued_hidden_and_sent_again(engine, records, record_index, capsys):
    gong, rice = records["gong"], records["rice"]
    down = engine.at(f"opensearch://127.0.0.1:{unused_port()}", BREAKER_FAILURES=100)

    rice.access_level = "community"
    rice.save_revision().publish()
    added = make_record(record_index, title="Lễ cầu mưa của người Hrê", province="51")

    queued = {row.record_id: row for row in PendingIndexUpdate.objects.all()}
    assert set(queued) == {rice.pk, added.pk}  # nothing lost
    assert all(row.attempts >= 1 and row.last_error for row in queued.values())
    # The database fallback is current: it answers right while the engine is down.
    assert down.search(params("province=51"), PUBLIC).ids == [added.pk, gong.pk]

    up = engine.back()
    # The engine's entry for the rice ceremony is stale: it still says public.
    assert rice.pk in up.reader.matching_ids(params("province=51"), PUBLIC, 10)
    # Yet an anonymous engine search neither shows nor counts it.
    results = up.search(params("province=51"), PUBLIC)
    assert results.notice == ""
    assert results.ids == [gong.pk]
    assert results.total == 1
    assert dict(results.facets["province"]) == {"51": 1}
    assert up.count(params("q=lua+moi"), PUBLIC) == 0
    assert rice.pk not in up.matching_ids(params(""), PUBLIC, 100)
    assert up.suggest("Lễ cúng", PUBLIC) == []

    call_command("search_status")
    status = capsys.readouterr().out
    assert "2 index updates waiting" in status
    assert "search_retry" in status

    call_command("search_retry")
    assert "Sent 2 of 2" in capsys.readouterr().out
    assert not PendingIndexUpdate.objects.exists()
    assert indexing.drift(indexing.index_targets()[1]) == ([], [])
    assert up.search(params("province=51"), PUBLIC).ids == [added.pk, gong.pk]
    assert up.search(params("q=lua+moi"), ("public", "community")).ids == [rice.pk]
    call_command("search_retry")  # safe to run again
    assert "No queued index updates" in capsys.readouterr().out


def test_retrying_while_the_engine_is_still_down_keeps_the_queue(engine, records):
    engine.at(f"opensearch://127.0.0.1:{unused_port()}", BREAKER_FAILURES=100)
    records["gong"].save_revision().publish()
    sent, queued = indexing.retry_pending()
    assert (sent, queued) == (0, 1)
    assert PendingIndexUpdate.objects.get().attempts == 2


def test_the_next_successful_update_also_sends_what_failed_before(engine, records, record_index):
    engine.at(f"opensearch://127.0.0.1:{unused_port()}", BREAKER_FAILURES=100)
    records["gong"].title = "Lễ hội cồng chiêng làng Teng"
    records["gong"].save_revision().publish()
    assert PendingIndexUpdate.objects.count() == 1
    up = engine.back()
    make_record(record_index, title="Lễ bỏ mả")
    assert not PendingIndexUpdate.objects.exists()
    assert up.search(params("q=lang+teng"), PUBLIC).ids == [records["gong"].pk]


def test_search_status_reports_an_unreachable_engine_instead_of_crashing(engine, records, capsys):
    engine.at(f"opensearch://127.0.0.1:{unused_port()}")
    call_command("search_status")
    output = capsys.readouterr().out
    assert "unreachable" in output
    assert "the index cannot be read" in output


def test_reindex_rebuilds_the_database_fallback_and_the_engine(engine, records):
    backend = engine.back()
    gong = records["gong"]
    backend.fallback.remove([gong.pk])
    backend.writer.remove([gong.pk])
    PendingIndexUpdate.enqueue([gong.pk])
    call_command("search_reindex", verbosity=0)
    assert gong.pk in backend.fallback.indexed_ids()
    assert gong.pk in backend.indexed_ids()
    assert not PendingIndexUpdate.objects.exists()
