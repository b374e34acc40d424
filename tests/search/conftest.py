"""Every contract test runs once per engine: the database fallback always, and the real
OpenSearch node given by SEARCH_TEST_URL (started by `make test`). Under CI=true an
unreachable engine fails the run instead of skipping."""

import contextlib
import os
import socket
import threading
import uuid

import pytest

from search import backends

ENGINES = ["database", "opensearch"]
# Seconds a search waits for the real engine before the database answers in its place:
# more than the site's 2 s, since a test expecting the engine's answer would fail on one
# slow read on a busy machine (a JVM pause, a fresh index). Only the stand-ins of the
# resilience tests are meant to time out.
REAL_ENGINE_TIMEOUT = 10


def engine_url():
    url = os.environ.get("SEARCH_TEST_URL", "")
    if not url:
        return None, "SEARCH_TEST_URL is not set (make test starts OpenSearch and sets it)"
    from opensearchpy import OpenSearch

    from search.backends.opensearch import connection_options

    options = connection_options(url)
    try:
        OpenSearch(hosts=[{"host": options["host"], "port": options["port"]}], timeout=5).cluster.health()
    except Exception as error:  # noqa: BLE001 - any failure means the engine is not there
        return None, f"OpenSearch at {url} is not reachable: {error}"
    return url, ""


@pytest.fixture(params=ENGINES)
def search_backend(request, settings, db):
    if request.param == "database":
        settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}
        yield backends.get_backend()
        return
    url, problem = engine_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    settings.HERITAGE_SEARCH = {
        "URL": url,
        "INDEX": f"heritage-test-{uuid.uuid4().hex[:8]}",
        "TIMEOUT": REAL_ENGINE_TIMEOUT,
    }
    backend = backends.get_backend()
    yield backend
    backend.drop()
    backends._backends.clear()
    # The contract is the engine's: an answer from the database fallback would hide a failure.
    assert backend.fallback_answers == 0, "the engine failed and the database fallback answered"


def require_engine():
    url, problem = engine_url()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    return url


# Small bounds keep the resilience tests fast: a search gives up on the engine after
# TIMEOUT seconds, the breaker opens after two failures.
RESILIENCE = {"TIMEOUT": 0.5, "BREAKER_FAILURES": 2, "BREAKER_COOLDOWN": 60}


@pytest.fixture
def engine(settings, db):
    """The real OpenSearch node under a fresh index: settings point at it, and
    `engine.at(url, **options)` points them at another address with the same index."""
    url = require_engine()
    index = f"heritage-test-{uuid.uuid4().hex[:8]}"

    class Engine:
        def __init__(self):
            self.url = url
            self.index = index

        def at(self, address, **options):
            settings.HERITAGE_SEARCH = {"URL": address, "INDEX": index, **RESILIENCE, **options}
            return backends.get_backend()

        def back(self, **options):
            return self.at(url, **{"TIMEOUT": REAL_ENGINE_TIMEOUT, **options})

    engine = Engine()
    engine.back()
    yield engine
    backends.create_backend(url, index).drop()
    backends._backends.clear()


def unused_port():
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StandInEngine:
    """A TCP server on 127.0.0.1 in front of the real engine. In "hang" mode it accepts
    connections and never answers (a hung engine); in "up" mode it passes bytes both
    ways to the engine. `accepted` counts the connections it was asked for."""

    def __init__(self, target):
        self.target = target
        self.mode = "hang"
        self.accepted = 0
        self._open = []
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self._server.getsockname()[1]
        self.url = f"opensearch://127.0.0.1:{self.port}"
        threading.Thread(target=self._serve, daemon=True).start()

    def set_mode(self, mode):
        self.mode = mode
        self._close_connections()  # no kept-alive connection outlives the change

    def _serve(self):
        while True:
            try:
                conn, _address = self._server.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                self._open.append(conn)
            if self.mode == "up":
                threading.Thread(target=self._forward, args=(conn,), daemon=True).start()

    def _forward(self, conn):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            conn.close()
            return
        with self._lock:
            self._open.append(upstream)
        threading.Thread(target=self._pipe, args=(upstream, conn), daemon=True).start()
        self._pipe(conn, upstream)

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def _close_connections(self):
        with self._lock:
            connections, self._open = self._open, []
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def close(self):
        self._server.close()
        self._close_connections()


@pytest.fixture
def stand_in_engine(engine):
    from search.backends.opensearch import connection_options

    options = connection_options(engine.url)
    stand_in = StandInEngine((options["host"], options["port"]))
    yield stand_in
    stand_in.close()
