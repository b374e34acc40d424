"""The whole search cluster goes down, curators keep working, a worker dies: nothing is lost.

The production layout (gunicorn, the task worker on the database queue) runs against the
two-node OpenSearch cluster (SEARCH_CLUSTER_URL, search/engine/cluster.sh). With both
nodes stopped, records are edited, unpublished and published: the site answers (from the
database fallback) and every change waits in two persistent queues, the index updates
(`search.models.PendingIndexUpdate`) and the tasks that send them (django-tasks' database
backend). A worker started meanwhile fails to reach the engine, and is killed with SIGKILL
in the middle of a task. Then the cluster and a new worker start, and the index must end
up exactly as the database says: the edited record findable by its new title, the
unpublished one gone, the new one there once, nothing else changed.

Both nodes are started again whatever happens. Under CI=true a missing cluster fails the
test; locally it is skipped with the reason (as tests/search/test_cluster.py does).
"""

import os
import signal
import subprocess
import urllib.parse
import uuid

import pytest

from tests.operations.layout import ROOT, get, get_json, production_layout, wait_for

CLUSTER_SCRIPT = ROOT / "search" / "engine" / "cluster.sh"
NEW_WORD = "Kơtoang"  # in no demo record: found only in the edited one's new title


def cluster_or_skip():
    from opensearchpy import OpenSearch

    from search.backends.opensearch import connection_options

    url = os.environ.get("SEARCH_CLUSTER_URL", "")
    problem = "SEARCH_CLUSTER_URL is not set (make test starts the two-node cluster and sets it)"
    if url:
        hosts = connection_options(url)["hosts"]
        client = OpenSearch(hosts=[{"host": host, "port": port} for host, port in hosts], timeout=10)
        try:
            nodes = client.cluster.health()["number_of_nodes"]
        except Exception as error:  # noqa: BLE001 - any failure means the cluster is not there
            problem = f"The OpenSearch cluster at {url} is not reachable: {error}"
        else:
            if nodes >= 2:
                return url, client
            problem = f"The OpenSearch cluster at {url} has {nodes} node(s), not 2"
    if os.environ.get("CI") == "true":
        pytest.fail(problem)
    pytest.skip(problem)


def cluster_script(*args):
    subprocess.run([str(CLUSTER_SCRIPT), *args], check=True, capture_output=True, timeout=240)


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    url, client = cluster_or_skip()
    index = f"heritage-outage-test-{uuid.uuid4().hex[:8]}"
    extra = {"SEARCH_URL": url, "SEARCH_INDEX": index, "SEARCH_BREAKER_COOLDOWN": "2", "WORKER_ID": "outage-1"}
    stopped = []
    with production_layout(tmp_path_factory.mktemp("outage"), extra_env=extra) as layout:
        layout["manage"]("from django.core.management import call_command; call_command('search_reindex')")
        try:
            yield {**layout, "client": client, "index": index, "stopped": stopped}
        finally:
            for number in sorted(stopped):  # a failed test must not leave the shared cluster down
                cluster_script("start-node", str(number))
            client.cluster.health(wait_for_nodes="2", timeout="120s", params={"request_timeout": 150})
            client.indices.delete(index=f"{index}*", params={"ignore_unavailable": "true"})


def engine_ids(outage, text=None):
    """The record ids in the engine's index (all, or those matching `text`), each time it is
    listed: a record indexed twice would be there twice."""
    client, index = outage["client"], outage["index"]
    client.indices.refresh(index=index)
    query = {"match_all": {}} if text is None else {"multi_match": {"query": text, "fields": ["title", "title_en"]}}
    found = client.search(index=index, body={"size": 10000, "_source": False, "query": query})
    return sorted(int(hit["_id"]) for hit in found["hits"]["hits"])


def db(outage, code):
    """Run `code` in the site's own Django (the production settings) and return what it prints."""
    return outage["manage"](code)


LIVE_IDS = (
    "from heritage.models import RecordPage; "
    "print(','.join(str(pk) for pk in sorted(RecordPage.objects.live().values_list('pk', flat=True))))"
)
# The tasks this drill is about (publishing queues others too: Wagtail's reference index…).
TASKS = (
    "from django_tasks_db.models import DBTaskResult; "
    "results = DBTaskResult.objects.filter(enqueued_at__gte=START).order_by('enqueued_at'); "
    "names = ((r.task_path.rsplit('.', 1)[1], r.status) for r in results); "
    "print(';'.join(f'{name}:{status}' for name, status in names if name in ('update_search_index', 'queue_drill')))"
)


def tasks_since(outage, start):
    return db(outage, f"import datetime; START = datetime.datetime.fromisoformat('{start}'); " + TASKS).split(";")


def ids(text):
    return [int(pk) for pk in text.split(",") if pk]


def test_changes_made_while_the_cluster_is_down_reach_it_after_a_worker_is_killed(outage):
    base = outage["base"]
    outage["start"]("worker")
    wait_for(lambda: get_json(base + "/readyz")[1]["checks"]["tasks"]["queued"] == 0, "the demo's queue to empty")
    live_before = ids(db(outage, LIVE_IDS))
    assert engine_ids(outage) == live_before, "the reindex put every live record in the engine once"
    outage["stop"]("worker")

    edited, unpublished = live_before[0], live_before[1]
    for number in (2, 1):
        outage["stopped"].append(number)
        cluster_script("stop-node", str(number))
    start = db(outage, "from django.utils import timezone; print(timezone.now().isoformat())")

    # Curators work on: each change is one request to the site's Django, as the admin makes it.
    db(
        outage,
        f"from heritage.models import RecordPage; page = RecordPage.objects.get(pk={edited}).specific; "
        f"page.title = page.title + ' {NEW_WORD}'; page.save_revision().publish()",
    )
    db(outage, "from operations.tasks import queue_drill; queue_drill.enqueue(30)")
    db(outage, f"from heritage.models import RecordPage; RecordPage.objects.get(pk={unpublished}).specific.unpublish()")
    created = int(
        db(
            outage,
            "from heritage.models import RecordIndexPage, FestivalPage, Licence; "
            "index = RecordIndexPage.objects.first(); "
            "page = index.add_child(instance=FestivalPage(title='Lễ mừng lúa mới Xơ Đăng thử nghiệm', "
            "slug='le-mung-lua-moi-thu-nghiem', summary='Ghi chép khi máy tìm kiếm ngừng.', "
            "licence=Licence.objects.first(), access_level='public', live=False)); "
            "page.save_revision().publish(); print(page.pk)",
        )
    )

    # The site answers while the engine is gone, from the database fallback.
    for path in ("/", f"/api/search?q={urllib.parse.quote(NEW_WORD)}", "/search/?q=l%E1%BB%85+h%E1%BB%99i"):
        status = get(base + path)[0]
        assert status == 200, (path, status)
    ready = get_json(base + "/readyz")[1]
    assert ready["status"] == "degraded"

    # Every change waits: the index updates, and the tasks that will send them.
    pending = db(
        outage,
        "from search.models import PendingIndexUpdate; "
        "print(','.join(str(pk) for pk in sorted(PendingIndexUpdate.objects.values_list('record_id', flat=True))))",
    )
    assert set(ids(pending)) >= {edited, unpublished, created}
    queued = tasks_since(outage, start)
    assert queued == [
        "update_search_index:READY",
        "queue_drill:READY",
        "update_search_index:READY",
        "update_search_index:READY",
    ], queued

    # A worker takes the first update (the engine refuses it: it stays pending), then the
    # drill task, in the middle of which it is killed.
    outage["start"]("worker")
    wait_for(lambda: tasks_since(outage, start)[1] == "queue_drill:RUNNING", "the worker to reach the drill task")
    outage["stop"]("worker", signal.SIGKILL)
    after_kill = tasks_since(outage, start)
    assert after_kill[0] == "update_search_index:SUCCESSFUL"  # done, the engine's failure recorded
    assert after_kill[1:] == ["queue_drill:RUNNING", "update_search_index:READY", "update_search_index:READY"]
    assert edited in ids(
        db(
            outage,
            "from search.models import PendingIndexUpdate; print(','.join(str(p.record_id) for p in "
            "PendingIndexUpdate.objects.filter(attempts__gt=0)))",
        )
    ), "the refused update stays queued, with the engine's error"

    # The cluster returns, and a new worker (the same WORKER_ID) takes up the queue.
    for number in (1, 2):
        cluster_script("start-node", str(number))
        outage["stopped"].remove(number)
    outage["client"].cluster.health(
        wait_for_nodes="2", wait_for_status="green", timeout="120s", params={"request_timeout": 150}
    )
    outage["start"]("worker")
    wait_for(
        lambda: all(task.endswith(":SUCCESSFUL") for task in tasks_since(outage, start)),
        "the new worker to run every queued task",
        outage["var"] / "worker.log",
        240,
    )
    wait_for(
        lambda: (
            db(outage, "from search.models import PendingIndexUpdate; print(PendingIndexUpdate.objects.count())") == "0"
        ),
        "every pending index update to reach the engine",
        outage["var"] / "worker.log",
        120,
    )

    live_after = ids(db(outage, LIVE_IDS))
    assert sorted(set(live_before) - {unpublished} | {created}) == live_after
    assert engine_ids(outage) == live_after, "the engine holds each live record once, and nothing else"
    assert engine_ids(outage, NEW_WORD) == [edited]
    assert created in engine_ids(outage, "mừng lúa mới Xơ Đăng thử nghiệm")
    assert unpublished not in engine_ids(outage)

    def answered_by_the_engine():
        # After the breaker's cooldown the site asks the engine again; a first read that a
        # freshly restarted cluster is slow to answer opens the breaker once more, so
        # look until the site is back on the engine (or the wait runs out).
        status, answer = get_json(f"{base}/api/search?q={urllib.parse.quote(NEW_WORD)}")
        assert status == 200 and answer["total"] == 1
        search_check = get_json(base + "/readyz")[1]["checks"]["search"]
        return search_check["engine_ok"] is True and search_check["answers_from"] == "engine"

    wait_for(answered_by_the_engine, "the site to answer from the engine again", outage["var"] / "web.log", 60)
