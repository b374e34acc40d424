"""Fault drill: PostgreSQL restarts while visitors browse the production layout.

While the database is down, every answer is a quick 503 with Retry-After (never a 500,
never a hang); once it is back, every answer is right again, with no error from a
connection the app servers kept from before the restart.
"""

import os
import subprocess
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.operations.layout import ROOT, free_port, get, production_layout, wait_for

PAGES = ["/", "/ho-so/", "/search/?q=chi%C3%AAng", "/api/search?q=l%E1%BB%85+h%E1%BB%99i", "/lich-le-hoi/"]


@pytest.fixture(scope="module")
def private_postgres():
    """A PostgreSQL server of this test's own (the suite's shared one must not restart)."""
    if not os.environ.get("POSTGRES_TEST_URL"):
        if os.environ.get("CI") == "true":
            pytest.fail("POSTGRES_TEST_URL is not set: `make test` starts PostgreSQL and sets it.")
        pytest.skip("No PostgreSQL here: `make test` starts one and sets POSTGRES_TEST_URL.")
    env = {**os.environ, "POSTGRES_TEST_PORT": str(free_port())}
    script = str(ROOT / "scripts" / "postgres.sh")

    def control(*arguments):
        done = subprocess.run([script, *arguments], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout.strip()

    control("start")
    try:
        yield control("url"), control
    finally:
        control("stop")


class Visitors(threading.Thread):
    """Requests the pages one after another until stopped, noting each answer's time,
    status and duration."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            for page in PAGES:
                started = time.monotonic()
                status, headers, _body = get(self.base + page)
                self.answers.append((started, status, headers.get("Retry-After"), time.monotonic() - started, page))


def test_a_database_restart_under_load_gives_503s_then_recovers_with_no_errors(private_postgres, tmp_path):
    url, control = private_postgres
    parts = urlsplit(url)
    database_url = urlunsplit(parts._replace(scheme="postgres"))
    with production_layout(tmp_path / "layout", database_url) as layout:
        layout["start"]("worker")
        visitors = Visitors(layout["base"])
        visitors.start()
        time.sleep(5)
        down_at = time.monotonic()
        control("restart", "4")
        back_at = time.monotonic()
        time.sleep(8)
        visitors.stopping.set()
        visitors.join(timeout=30)
        wait_for(lambda: get(layout["base"] + "/readyz")[0] == 200, "readiness after the restart", timeout=30)

    answers = visitors.answers
    # Answered before the restart began, and asked a second after it ended.
    before = [a for a in answers if a[0] + a[3] < down_at]
    after = [a for a in answers if a[0] > back_at + 1]
    assert before and after
    assert {status for _t, status, *_ in before} == {200}
    assert {status for _t, status, *_ in after} == {200}, [a for a in after if a[1] != 200][:5]
    assert all(status in (200, 503) for _t, status, *_ in answers), [a for a in answers if a[1] not in (200, 503)][:5]
    outages = [a for a in answers if a[1] == 503]
    assert outages, "some visitor should have met the restart"
    assert all(retry == "30" for _t, _s, retry, *_ in outages)
    assert max(duration for *_, duration, _page in answers) < 10, "no request hangs"
