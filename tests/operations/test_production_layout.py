"""The production process layout, started as `make serve` and the systemd units start it:
gunicorn with two workers, the task worker on the database queue, the database cache,
hashed and compressed static files. It runs the demo collection through it end to end.

Nothing here is mocked: these are the real processes on 127.0.0.1, talking through the
real database, so the test needs no Django test database (it never touches one).
"""

import csv
import gzip
import json
import re
import signal
import subprocess
import time
import urllib.parse

import pytest

from tests.operations.layout import BIN, ROOT, get, get_json, production_layout, wait_for


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    with production_layout(tmp_path_factory.mktemp("production")) as running:
        yield running


def search_total(base, text):
    status, answer = get_json(f"{base}/api/search?q={urllib.parse.quote(text)}")
    assert status == 200
    return answer["total"]


def test_queued_work_waits_for_the_worker_and_is_done_by_it(layout):
    base = layout["base"]
    status, report = get_json(base + "/readyz")
    assert status == 200
    assert report["checks"]["cache"]["backend"] == "DatabaseCache"
    assert report["checks"]["cache"]["shared"] is True
    assert report["checks"]["tasks"]["backend"] == "DatabaseBackend"
    assert report["checks"]["tasks"]["queued"] > 0, "publishing the demo queues index updates"
    # The demo's records are published, but the index updates wait in the queue:
    assert search_total(base, "chiêng") == 0

    layout["start"]("worker")
    wait_for(lambda: search_total(base, "chiêng") > 0, "the worker to index the demo", layout["var"] / "worker.log")
    wait_for(lambda: get_json(base + "/readyz")[1]["checks"]["tasks"]["queued"] == 0, "the queue to empty")
    assert get_json(base + "/readyz")[1]["checks"]["tasks"]["failed"] == 0


def test_a_task_queued_while_no_worker_runs_is_done_after_the_restart(layout):
    if not layout["running"]("worker"):
        layout["start"]("worker")
    layout["stop"]("worker")
    task_id = layout["manage"](
        "from search.tasks import retry_search_updates; print(retry_search_updates.enqueue().id)"
    )
    status_of = (
        f"from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.get(id='{task_id}').status)"
    )
    time.sleep(2)
    assert layout["manage"](status_of) == "READY"
    layout["start"]("worker")
    wait_for(lambda: layout["manage"](status_of) == "SUCCESSFUL", "the restarted worker to run the queued task")


def test_a_worker_killed_in_the_middle_of_a_task_runs_it_again_once_restarted(layout):
    if layout["running"]("worker"):
        layout["stop"]("worker")
    task_id = layout["manage"]("from operations.tasks import queue_drill; print(queue_drill.enqueue(6).id)")
    state = (
        "from django_tasks_db.models import DBTaskResult; "
        f"r = DBTaskResult.objects.get(id='{task_id}'); print(r.status, len(r.worker_ids), len(set(r.worker_ids)))"
    )
    layout["start"]("worker")
    wait_for(lambda: layout["manage"](state).startswith("RUNNING"), "the worker to take the task")
    layout["stop"]("worker", signal.SIGKILL)
    time.sleep(1)
    assert layout["manage"](state) == "RUNNING 1 1", "cut off: nothing finished it"
    layout["start"]("worker")
    wait_for(lambda: layout["manage"](state).startswith("SUCCESSFUL"), "the restarted worker to run it again")
    assert layout["manage"](state) == "SUCCESSFUL 2 1", "taken twice by the same worker, finished once"
    count = (
        f"from django_tasks_db.models import DBTaskResult; print(DBTaskResult.objects.filter(id='{task_id}').count())"
    )
    assert layout["manage"](count) == "1"


def test_pages_and_hashed_static_files_are_served_for_production(layout):
    base = layout["base"]
    status, headers, body = get(base + "/")
    assert status == 200
    assert "Content-Security-Policy" in headers
    manifest = json.loads((layout["var"] / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/leaflet/leaflet.js"]
    assert hashed != "vendor/leaflet/leaflet.js"
    status, headers, body = get(f"{base}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    status, headers, _body = get(f"{base}/static/vendor/leaflet/leaflet.js")
    assert status == 200
    assert "immutable" not in headers.get("Cache-Control", ""), "an unhashed name must not be cached for ever"


def test_pages_and_api_answers_are_gzipped_and_images_are_sent_as_they_are(layout):
    base = layout["base"]
    plain_status, _headers, plain = get(base + "/ho-so/")
    status, headers, body = get(base + "/ho-so/", {"Accept-Encoding": "gzip, br"})
    assert plain_status == status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body).count(b"<article") == plain.count(b"<article") > 0
    assert len(body) < len(plain) / 3
    status, headers, body = get(base + "/api/v1/records?page_size=5", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(body))["results"]) == 5
    image = re.search(rb'src="(/uploads/images/[^"]+)"', plain).group(1).decode()
    status, headers, body = get(base + image, {"Accept-Encoding": "gzip"})
    assert status == 200 and "Content-Encoding" not in headers  # compressed already: sent as it is


def test_django_deploy_checks_pass_under_the_production_settings(layout):
    env = {
        **layout["env"],
        "HTTPS": "1",
        "ALLOWED_HOSTS": "heritage.example.org",
        "SITE_BASE_URL": "https://heritage.example.org",
    }
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_refuses_to_start_without_its_secret(layout):
    env = {key: value for key, value in layout["env"].items() if key != "SECRET_KEY"}
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


def test_a_short_load_of_visitors_gets_no_errors(layout, tmp_path):
    """The CI smoke run of bench/load.py's scenario: 20 visitors for 30 seconds."""
    stats = tmp_path / "smoke"
    done = subprocess.run(
        [
            str(BIN / "locust"),
            "--locustfile",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            "20",
            "--spawn-rate",
            "10",
            "--run-time",
            "30s",
            "--host",
            layout["base"],
            "--csv",
            str(stats),
            "--only-summary",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    rows = list(csv.DictReader((tmp_path / "smoke_stats.csv").open()))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = (tmp_path / "smoke_failures.csv").read_text()
    assert int(total["Failure Count"]) == 0, failures + done.stderr[-2000:]
    assert int(total["Request Count"]) > 100
    assert {row["Name"] for row in rows} >= {"/", "/search/?q", "record page", "map layer"}
    assert done.returncode == 0, done.stderr[-2000:]
