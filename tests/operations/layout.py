"""The production process layout on 127.0.0.1 for tests: `scripts/serve.sh prepare`, the
demo loaded, gunicorn (`web`) started, the task worker started on demand; plus small
HTTP helpers. Used by test_production_layout.py, test_database_restart.py and
test_search_outage.py."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def production_layout(var, database_url=None, extra_env=None):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SEARCH_", "CACHE_", "TASKS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="heritage.settings.production",
        HERITAGE_VAR_DIR=str(var),
        DATABASE_URL=database_url or f"sqlite:///{var / 'db.sqlite3'}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_BASE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
        HTTPS="0",
        WEB_CONCURRENCY="2",
        # One address sends every request of the load below: the per-client budgets
        # (tested in test_staff_security.py) would answer it with 429 by design.
        RATE_LIMITS="off",
        WEB_ACCESS_LOG="",
        VENV_BIN=str(BIN),
        DEMO_PASSWORD=secrets.token_urlsafe(12),
    )
    env.update(extra_env or {})
    serve = [str(ROOT / "scripts" / "serve.sh")]
    for command in ([*serve, "prepare"], [str(BIN / "python"), "manage.py", "load_demo"]):
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    processes = {}

    def start(part):
        log = open(var / f"{part}.log", "ab")  # noqa: SIM115 - closed with the process
        processes[part] = subprocess.Popen(
            [*serve, part], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
        return processes[part]

    def stop(part, sig=signal.SIGTERM):
        process = processes.pop(part)
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def manage(code):
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def running(part):
        return part in processes

    base = f"http://127.0.0.1:{port}"
    web = start("web")
    wait_for(lambda: web.poll() is None and get(base + "/healthz")[0] == 200, "gunicorn to answer", var / "web.log", 60)
    try:
        yield {"base": base, "var": var, "env": env, "start": start, "stop": stop, "running": running, "manage": manage}
    finally:
        for part in list(processes):
            stop(part)


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own server on 127.0.0.1
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError:
        return None, {}, b""


def get_json(url):
    status, _headers, body = get(url)
    return status, json.loads(body)


def wait_for(condition, what, log=None, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"Timed out waiting for {what}.\n{tail}")
