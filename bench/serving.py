"""The production layout for benchmarks: a library of its own under var/bench/<name>/,
served as `make serve` serves it (scripts/serve.sh: gunicorn, the task worker, the
database cache, hashed and compressed static files, production settings) on 127.0.0.1.
Used by bench/load.py and bench/phone.py."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVE = str(ROOT / "scripts" / "serve.sh")


def environment(folder, port, workers, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    key_file = folder / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    env.update(
        DJANGO_SETTINGS_MODULE="heritage.settings.production",
        HERITAGE_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        SECRET_KEY=key_file.read_text(),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_BASE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
        HTTPS="0",
        WEB_CONCURRENCY=str(workers),
        WEB_ACCESS_LOG="",
        RATE_LIMITS="off",
        VENV_BIN=str(BIN),
        **extra,
    )
    return env


def run(env, *command):
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def manage_shell(env, code):
    """Run `code` in `manage.py shell` under `env`; its last line of output."""
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def count_records(env):
    return int(manage_shell(env, "from heritage.models import RecordPage; print(RecordPage.objects.live().count())"))


def prepare_demo(env):
    """Migrate, collect static files and load the demo once (kept between runs)."""
    run(env, SERVE, "prepare")
    if count_records(env) == 0:
        run(env, str(BIN / "python"), "manage.py", "load_demo")


def wait_until_up(url, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer at {url}.")


@contextmanager
def serving(env, folder, parts=("worker", "web")):
    """The task worker and gunicorn running under `env` (logs in `folder`), stopped on exit."""
    processes = []
    try:
        for part in parts:
            log = (folder / f"{part}.log").open("ab")
            processes.append(
                subprocess.Popen([SERVE, part], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
            )
        wait_until_up(f"{env['SITE_BASE_URL']}/healthz")
        yield env["SITE_BASE_URL"]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
