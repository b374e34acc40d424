"""Reindex benchmark (not a test): a full rebuild of the engine's index from the database.

    .venv/bin/python bench/reindex.py [--sizes 10000 100000] [--engine-url opensearch://127.0.0.1:9201]
                                      [--workers N] [--repeat 3] [--whole-command] [--fresh]

It works on its own SQLite database under var/bench/reindex/ (kept between runs unless
--fresh, grown with `generate_records` to each size) and an index of its own on the engine. For each
size it measures, best of --repeat runs:

- documents built from the database in this one process, as a rebuild builds them (the
  builder alone);
- the engine's rebuild from the database as `search_reindex` makes it: documents built
  (by --workers processes; default one fewer than the cores, so on two cores in this
  process while the engine indexes what was sent), sent as a bulk load (no
  refreshes, replicas or translog syncs until the index is full, two requests in
  flight), its settings put back, the alias moved. Records per second of wall time is
  the figure; beside it the CPU seconds of this process, its workers and, when the
  engine runs on this machine (var/opensearch/opensearch.pid), the engine's JVM, so a
  run on a busy machine can be told from a slow one. Target: at least 5 000 records/s;
- with --whole-command, `manage.py search_reindex` itself (the database fallback too).

Prints a table and writes JSON to var/bench/. Start the engine first (`make search-engine`).
"""

import argparse
import io
import json
import os
import resource
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
WORK = BENCH_DIR / "reindex"
TARGET_RECORDS_PER_SECOND = 5000


def engine_pid():
    pidfile = ROOT / "var" / "opensearch" / "opensearch.pid"
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    return pid


def cpu_seconds(pid=None):
    """CPU seconds (user + system) of this process and its reaped children, or of `pid`."""
    if pid is None:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(action, pid):
    """(result, wall seconds, our CPU seconds, engine CPU seconds)."""
    wall, ours, engine = time.perf_counter(), cpu_seconds(), cpu_seconds(pid)
    result = action()
    return result, time.perf_counter() - wall, cpu_seconds() - ours, cpu_seconds(pid) - engine


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engine-url", default=os.environ.get("SEARCH_URL", "opensearch://127.0.0.1:9201"))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--whole-command", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        (WORK / "reindex.sqlite3").unlink(missing_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{WORK / 'reindex.sqlite3'}",
        DJANGO_SETTINGS_MODULE="heritage.settings.dev",
        HERITAGE_VAR_DIR=str(WORK),
        DEBUG="0",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from heritage.models import RecordPage
    from search import backends, indexing

    call_command("migrate", verbosity=0)
    settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}  # generating needs no engine
    if not RecordPage.objects.exists():
        with redirect_stdout(io.StringIO()):
            call_command("load_demo", verbosity=0)
    settings.HERITAGE_SEARCH = {"URL": args.engine_url, "INDEX": "heritage-bench-reindex"}
    pid = engine_pid()
    cores = len(os.sched_getaffinity(0))
    report = {"machine": {"cores": cores, "engine_pid": pid}, "target_records_per_s": TARGET_RECORDS_PER_SECOND}
    report["runs"] = []
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=size, verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        records = RecordPage.objects.live().count()
        run = {"records": records}

        builds = [timed(lambda: sum(1 for _ in indexing.LiveDocuments(workers=1)), None) for _ in range(2)]
        _count, wall, ours, _engine = min(builds, key=lambda measured: measured[1])
        run["documents_built_per_s"] = {"wall": round(records / wall), "cpu": round(records / ours)}

        backend = backends.get_backend()
        engine = backend.writer  # the engine alone, without the database fallback beside it

        def rebuild(engine=engine):
            with engine.client.loading():
                return engine.rebuild(indexing.LiveDocuments(args.workers))

        rebuilds = [timed(rebuild, pid) for _ in range(args.repeat)]
        count, wall, ours, theirs = min(rebuilds, key=lambda measured: measured[1])
        if count != records:
            sys.exit(f"the engine got {count} documents for {records} live records")
        run["engine_rebuild"] = {
            "records_per_s": round(records / wall),
            "seconds": round(wall, 2),
            "cpu_seconds_python": round(ours, 2),
            "cpu_seconds_engine": round(theirs, 2),
            "cpu_ms_per_1000_records": round((ours + theirs) / records * 1e6),
            "all_runs_records_per_s": [round(records / measured[1]) for measured in rebuilds],
        }
        if args.whole_command:
            _none, wall, ours, theirs = timed(lambda: call_command("search_reindex", verbosity=0), pid)
            run["search_reindex_command"] = {"seconds": round(wall, 2), "records_per_s": round(records / wall)}
        engine.drop()
        backends._backends.clear()
        report["runs"].append(run)
        print(json.dumps(run), flush=True)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"reindex-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(f"\n{'records':>8}{'built/s':>9}{'reindex/s':>11}{'CPU s py':>10}{'CPU s engine':>14}  target")
    for run in report["runs"]:
        rebuild = run["engine_rebuild"]
        verdict = "met" if rebuild["records_per_s"] >= TARGET_RECORDS_PER_SECOND else "NOT met"
        print(
            f"{run['records']:>8}{run['documents_built_per_s']['wall']:>9}{rebuild['records_per_s']:>11}"
            f"{rebuild['cpu_seconds_python']:>10}{rebuild['cpu_seconds_engine']:>14}"
            f"  ≥ {TARGET_RECORDS_PER_SECOND}/s {verdict}"
        )
    print(f"JSON: {BENCH_DIR / f'reindex-{stamp}.json'}")


if __name__ == "__main__":
    main()
