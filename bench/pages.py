"""Page benchmark (not a test): the home page and the library listing at scale.

    .venv/bin/python bench/pages.py [--sizes 10000 100000] [--requests 40] [--database-url postgres://…]

It works on its own SQLite database under var/bench/ (kept between runs, grown with
`generate_records` to each size; `--fresh` starts again), and times requests through
Django's test client, as an anonymous visitor: the home page, `/ho-so/` without and with
filters, a deep page and the map's first data request. Each kind is measured cold (the
cache emptied before every request), just after a publish (the access version bumped and
the counts warmed by the task a publish queues, as in production with
HERITAGE_WARM_COUNTS) and warm. Prints p50/p95 (and p95 of this process's CPU time) and
the number of queries beside the target (p95 ≤ 150 ms at 100 000 records) and writes
JSON, with the load average, to var/bench/.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
TARGET_P95_MS = 150

PAGES = {
    "home": "/",
    "library": "/ho-so/",
    "library, type": "/ho-so/?type=festival",
    "library, group": "/ho-so/?group=hre",
    "library, group+province": "/ho-so/?group=co-tu&province=49",
    "library, subject+type": "/ho-so/?subject=tin-nguong&type=custom",
    "library, page 400": "/ho-so/?page=400",
    # What /map/ asks for first (the whole country), as its script does.
    "map, first view": "/api/records.geojson?zoom=5",
}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client, url, requests, mode):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from heritage.access import bump_access_version

    timings, cpu, queries = [], [], 0
    for _ in range(requests):
        if mode == "cold":
            cache.clear()
        elif mode == "published":
            bump_access_version()  # as a publish does; the warming task runs (in-process here)
        connection.queries_log.clear()  # a full log (9000 queries) would count none
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        queries = len(captured)
    return {
        "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        # This process's CPU time: on SQLite the queries' work too, whatever else the
        # shared machine runs.
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "queries": queries,
    }


def open_library(name, *, fresh=False, database_url=""):
    """Sets Django up on the benchmark's own SQLite database, var/bench/`name`.sqlite3
    (or `database_url`), migrated and holding the demo: the library the page benchmarks
    grow with `grow_to`."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / f"{name}.sqlite3"
    if fresh:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from heritage.models import RecordPage

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.HERITAGE_WARM_COUNTS = True
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not RecordPage.objects.exists():
        call_command("load_demo", verbosity=0)


def grow_to(size):
    """Adds synthetic records (`generate_records`) until the library holds `size`."""
    from django.core.management import call_command

    from heritage.models import RecordPage

    missing = size - RecordPage.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate_records", count=missing, seed=size, verbosity=0)
        print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--published-requests",
        type=int,
        default=None,
        help="requests just after a publish (each runs the warming task first; default --requests)",
    )
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), help="only these pages (default: all)")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument(
        "--database-url", default="", help="another database, e.g. postgres://… (created and filled beforehand)"
    )
    args = parser.parse_args()

    open_library("pages", fresh=args.fresh, database_url=args.database_url)
    from django.test import Client

    from heritage.models import RecordPage

    client = Client()
    report = {
        "machine": f"{os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "target_p95_ms": TARGET_P95_MS,
        "runs": [],
    }
    for size in sorted(args.sizes):
        grow_to(size)
        total = RecordPage.objects.count()
        client.get("/")  # first request: templates, translations, content types
        for name, url in PAGES.items():
            if args.pages and name not in args.pages:
                continue
            for mode in ("cold", "published", "warm"):
                requests = args.published_requests if mode == "published" and args.published_requests else args.requests
                figures = measure(client, url, requests, mode)
                run = {"records": total, "page": name, "cache": mode, **figures}
                report["runs"].append(run)
                print(json.dumps(run, ensure_ascii=False), flush=True)
    report["load_average_after"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"pages-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"load average {report['load_average']} → {report['load_average_after']}")
    print(
        f"{'records':>8}  {'page':<26}{'cache':<10}{'p50 ms':>8}{'p95 ms':>8}{'CPU p95':>9}{'queries':>9}  target p95"
    )
    for run in report["runs"]:
        verdict = "met" if run["p95_ms"] <= TARGET_P95_MS else "NOT met"
        print(
            f"{run['records']:>8}  {run['page']:<26}{run['cache']:<10}{run['p50_ms']:>8}{run['p95_ms']:>8}"
            f"{run['cpu_p95_ms']:>9}{run['queries']:>9}  ≤ {TARGET_P95_MS} ms {verdict}"
        )


if __name__ == "__main__":
    main()
