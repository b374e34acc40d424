"""Search on a two-node OpenSearch cluster (search/engine/cluster.sh, started by `make test`
and named by SEARCH_CLUSTER_URL, e.g. opensearch://127.0.0.1:9211,127.0.0.1:9212): with
one replica of every shard, the engine keeps answering while one node is stopped, the
returning node catches up with what was indexed meanwhile, and a reindex under a steady
stream of searches moves the alias without one failed query. Every answer must be the
engine's: the database fallback answering would hide exactly the failures looked for.
Under CI=true a missing cluster fails the run instead of skipping."""

import os
import subprocess
import threading
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict

from heritage.access import levels_visible_to
from search import backends, indexing, service
from search.backends.opensearch import connection_options
from search.models import PendingIndexUpdate
from search.params import parse
from tests.factories import make_record
from tests.search.conftest import REAL_ENGINE_TIMEOUT

pytestmark = pytest.mark.django_db

CLUSTER_SCRIPT = Path(__file__).resolve().parents[2] / "search" / "engine" / "cluster.sh"
RECOVERY_TIMEOUT = "120s"


def cluster_url():
    url = os.environ.get("SEARCH_CLUSTER_URL", "")
    if not url:
        return None, "SEARCH_CLUSTER_URL is not set (make test starts the two-node cluster and sets it)"
    hosts = connection_options(url)["hosts"]
    if len(hosts) < 2:
        return None, f"SEARCH_CLUSTER_URL {url} names one node; a cluster test needs two"
    from opensearchpy import OpenSearch

    try:
        health = OpenSearch(hosts=[{"host": h, "port": p} for h, p in hosts], timeout=5).cluster.health()
    except Exception as error:  # noqa: BLE001 - any failure means the cluster is not there
        return None, f"The OpenSearch cluster at {url} is not reachable: {error}"
    if health["number_of_nodes"] < 2:
        return None, f"The OpenSearch cluster at {url} has {health['number_of_nodes']} node(s), not 2"
    if "replicas=" not in url:
        url += ("&" if "?" in url else "?") + "replicas=1"
    return url, ""


class Cluster:
    """The cluster under test: node N is the N-th address of SEARCH_CLUSTER_URL (and
    cluster.sh's node N)."""

    def __init__(self, url, backend):
        self.url = url
        self.backend = backend
        self.client = backend.client.client  # opensearch-py, knowing both nodes
        self.stopped = set()

    def run(self, *args):
        subprocess.run([str(CLUSTER_SCRIPT), *args], check=True, capture_output=True, timeout=180)

    def stop_node(self, number):
        self.stopped.add(number)
        self.run("stop-node", str(number))

    def start_node(self, number):
        self.run("start-node", str(number))
        self.stopped.discard(number)
        self.wait_green()

    def wait_green(self):
        health = self.client.cluster.health(
            wait_for_nodes="2", wait_for_status="green", timeout=RECOVERY_TIMEOUT, params={"request_timeout": 150}
        )
        assert not health["timed_out"], f"the cluster did not recover: {health}"

    def node_ids(self):
        """{node number: node id}, from the HTTP address each node publishes."""
        ports = {port: number for number, (_host, port) in enumerate(connection_options(self.url)["hosts"], 1)}
        nodes = self.client.nodes.info(metric="http")["nodes"]
        return {ports[int(info["http"]["publish_address"].rsplit(":", 1)[1])]: node for node, info in nodes.items()}

    def manager(self):
        """The number of the node elected cluster manager."""
        manager_id = self.client.cluster.state(metric="cluster_manager_node")["cluster_manager_node"]
        return next(number for number, node in self.node_ids().items() if node == manager_id)

    def ids_on_node(self, node_id, index):
        """The record ids the shard copies on one node hold: what that node would answer."""
        found = self.client.search(
            index=index,
            body={"size": 10000, "_source": False, "query": {"match_all": {}}},
            params={"preference": f"_only_nodes:{node_id}"},
        )
        return {int(hit["_id"]) for hit in found["hits"]["hits"]}


@pytest.fixture
def cluster(settings, db):
    url, problem = cluster_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    settings.HERITAGE_SEARCH = {
        "URL": url,
        "INDEX": f"heritage-cluster-test-{uuid.uuid4().hex[:8]}",
        "TIMEOUT": REAL_ENGINE_TIMEOUT,
    }
    backend = backends.get_backend()
    cluster = Cluster(url, backend)
    yield cluster
    for number in sorted(cluster.stopped):  # a failed test must not leave a node down
        cluster.start_node(number)
    backend.drop()
    backends._backends.clear()
    assert backend.fallback_answers == 0, "the engine failed and the database fallback answered"


@pytest.fixture
def festival_records(cluster, record_index):
    records = [make_record(record_index, title=f"Lễ hội mùa xuân số {number}") for number in range(6)]
    assert not PendingIndexUpdate.objects.exists(), "the cluster refused the first records"
    cluster.wait_green()
    return records


def engine_search(text):
    """The project's search service, as an anonymous visitor: (record ids, notice)."""
    outcome = service.search(AnonymousUser(), QueryDict(f"q={text}"))
    assert outcome.ok, outcome.error
    return {record.pk for record in outcome.records}, outcome.results.notice


def test_the_index_keeps_one_replica_on_the_other_node(cluster, festival_records):
    (index,) = cluster.backend.client.alias_targets(cluster.backend.alias)
    assert cluster.backend.client.index_settings(index, ["index.number_of_replicas"]) == {
        "index.number_of_replicas": "1"
    }
    shards = cluster.client.cat.shards(index=index, format="json", h="prirep,state,id")
    assert sorted((shard["prirep"], shard["state"]) for shard in shards) == [("p", "STARTED"), ("r", "STARTED")]
    assert {shard["id"] for shard in shards} == set(cluster.node_ids().values())
    expected = {record.pk for record in festival_records}
    for node_id in cluster.node_ids().values():
        assert cluster.ids_on_node(node_id, index) == expected


def test_search_answers_from_the_engine_while_the_cluster_manager_is_stopped(cluster, festival_records):
    expected = {record.pk for record in festival_records}
    assert engine_search("mùa xuân") == (expected, "")
    manager = cluster.manager()
    cluster.stop_node(manager)
    # The first searches find the stopped node's address refusing and are retried on
    # the other node, which answers from its replica even without a cluster manager.
    for _ in range(5):
        assert engine_search("mùa xuân") == (expected, "")
    assert cluster.backend.fallback_answers == 0
    assert cluster.backend.breaker.state == "closed"
    cluster.start_node(manager)
    assert engine_search("mùa xuân") == (expected, "")


def test_indexing_goes_on_and_the_returning_node_catches_up(cluster, festival_records):
    (index,) = cluster.backend.client.alias_targets(cluster.backend.alias)
    away = 2 if cluster.manager() == 1 else 1
    away_id = cluster.node_ids()[away]
    cluster.stop_node(away)

    newcomers = [make_record(cluster_index_page(festival_records), title=f"Lễ cúng bến nước {n}") for n in range(3)]
    removed = festival_records[0]
    removed.unpublish()
    indexing.update_records([removed.pk])
    assert not PendingIndexUpdate.objects.exists(), "the remaining node did not take the updates"
    found, notice = engine_search("bến nước")
    assert (found, notice) == ({record.pk for record in newcomers}, "")

    cluster.start_node(away)
    expected = {record.pk for record in festival_records[1:] + newcomers}
    # The returned node's own copies hold what was indexed and removed while it was away.
    assert cluster.ids_on_node(away_id, index) == expected
    # and it takes new updates like the other node.
    late = make_record(cluster_index_page(festival_records), title="Lễ cúng bến nước muộn")
    cluster.backend.client.refresh(index)
    assert late.pk in cluster.ids_on_node(away_id, index)
    assert engine_search("bến nước") == ({record.pk for record in newcomers} | {late.pk}, "")


def cluster_index_page(records):
    return records[0].get_parent().specific


def test_a_reindex_under_load_swaps_the_alias_with_no_failed_query(cluster, festival_records):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The test database's threads share one in-memory SQLite in shared-cache mode,
        # where a reader meeting the fallback's rebuild transaction is refused at once
        # ("database table is locked") instead of waiting as a file database does.
        pytest.skip("threads cannot wait on an in-memory SQLite database's locks (the PostgreSQL run covers it)")
    backend = cluster.backend
    (before,) = backend.client.alias_targets(backend.alias)
    params = parse(QueryDict("q=mùa xuân"))
    levels = levels_visible_to(AnonymousUser())
    expected = {record.pk for record in festival_records}
    answers, failures = [], []
    done = threading.Event()

    def visitor():
        # The engine's own reader (what the service asks first), from other threads: the
        # database fallback is not consulted here, so a failed query cannot be hidden.
        while not done.is_set():
            try:
                answers.append(set(backend.reader.search(params, levels).ids))
            except Exception as error:  # noqa: BLE001 - every failure is what this test counts
                failures.append(error)

    visitors = [threading.Thread(target=visitor) for _ in range(3)]
    for thread in visitors:
        thread.start()
    try:
        for _ in range(2):
            assert indexing.rebuild(workers=1) == len(festival_records)
    finally:
        done.set()
        for thread in visitors:
            thread.join(timeout=30)

    assert failures == []
    assert len(answers) >= 10
    assert all(answer == expected for answer in answers), "a search saw an empty or half-built index"
    (after,) = backend.client.alias_targets(backend.alias)
    assert after != before
    assert not backend.client.client.indices.exists(index=before)
    # The bulk load dropped the replica while filling the index and put it back.
    assert backend.client.index_settings(after, ["index.number_of_replicas"]) == {"index.number_of_replicas": "1"}
    cluster.wait_green()
    assert engine_search("mùa xuân") == (expected, "")


def test_a_cluster_url_names_every_node_and_the_replicas():
    options = connection_options(
        "opensearch+https://ana:m%40t@10.0.0.1:9200,10.0.0.2,10.0.0.3:9300?replicas=1&verify=0"
    )
    assert options["hosts"] == [("10.0.0.1", 9200), ("10.0.0.2", 443), ("10.0.0.3", 9300)]
    assert (options["host"], options["port"]) == ("10.0.0.1", 9200)
    assert options["credentials"] == ("ana", "m@t")
    assert options["replicas"] == 1
    single = connection_options("opensearch://127.0.0.1:9201")
    assert (single["hosts"], single["replicas"]) == ([("127.0.0.1", 9201)], None)


def test_searches_may_be_retried_once_on_each_other_node():
    backend = backends.create_backend("opensearch://127.0.0.1:9211,127.0.0.1:9212,127.0.0.1:9213", "unused")
    assert backend.reader.client.client.transport.max_retries == 2
    assert len(backend.reader.client.client.transport.connection_pool.connections) == 3
    single = backends.create_backend("opensearch://127.0.0.1:9201", "unused")
    assert single.reader.client.client.transport.max_retries == 0
