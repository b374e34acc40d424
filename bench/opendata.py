"""Open-data benchmark (not a test): streaming the record files at 10 000 to 100 000 records.

    .venv/bin/python bench/opendata.py [--sizes 10000 100000] [--fresh] [--database-url postgres://…]

Works on its own SQLite database under var/bench/ (never the demo's): loads the demo,
grows it with `generate_records` to each size, then downloads records.csv, .json and
.geojson through Django's test client (the whole request path: URL routing, the view,
the writers; as an anonymous visitor), measuring the time to the first byte and to the
last, the bytes and rows per second, the queries, and, in a second pass under
tracemalloc (which slows Python, so never in the timed pass), the peak memory the
download allocates: it must not grow with the number of records. Also times the
open-data page just after a change (sizes estimated from a sample) and once settled.
Prints a table and writes JSON to var/bench/.
"""

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
FILES = ("records.csv", "records.json", "records.geojson")
TARGET_FIRST_BYTE_MS = 1000


def stream(client, url, measure_memory=False, **headers):
    """One download: {first_byte_ms, total_ms, bytes, queries} or, with `measure_memory`,
    {peak_kb}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if measure_memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url, **headers)
        pieces = iter(response.streaming_content)
        size = len(next(pieces))
        first_byte = time.perf_counter() - started
        for piece in pieces:
            size += len(piece)
        total = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"peak_kb": round(peak / 1024)}
    return {
        "first_byte_ms": round(first_byte * 1000, 1),
        "total_s": round(total, 2),
        "bytes": size,
        "queries": len(captured),
    }


def page(client):
    started = time.perf_counter()
    response = client.get("/du-lieu-mo/")
    if response.status_code != 200:
        raise SystemExit(f"/du-lieu-mo/ answered {response.status_code}")
    return round((time.perf_counter() - started) * 1000, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--database-url", default="", help="another database, e.g. sqlite:///… or postgres://…")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "opendata.sqlite3"
    if args.fresh:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from heritage.access import bump_access_version
    from heritage.models import RecordPage
    from opendata.datasets import public_records

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not RecordPage.objects.exists():
        call_command("load_demo", verbosity=0)
    client = Client()
    report = {"machine": f"{os.cpu_count()} cores", "target_first_byte_ms": TARGET_FIRST_BYTE_MS, "runs": []}
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=size, verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        total = RecordPage.objects.count()
        public = public_records().count()
        bump_access_version()  # as a publish does: the catalogue starts a new version
        page_after_change = page(client)
        page_settled = page(client)
        print(
            json.dumps({"records": total, "page_after_change_ms": page_after_change, "page_ms": page_settled}),
            flush=True,
        )
        report["runs"].append(
            {"records": total, "file": "/du-lieu-mo/", "after_change_ms": page_after_change, "ms": page_settled}
        )
        for filename in FILES:
            url = f"/du-lieu-mo/{filename}"
            figures = stream(client, url)
            figures.update(stream(client, url, measure_memory=True))
            figures["mb_per_s"] = round(figures["bytes"] / 1e6 / figures["total_s"], 1)
            figures["records_per_s"] = round(public / figures["total_s"])
            run = {"records": total, "public": public, "file": filename, **figures}
            report["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), flush=True)
        gzipped = stream(client, "/du-lieu-mo/records.csv", HTTP_ACCEPT_ENCODING="gzip")
        run = {"records": total, "public": public, "file": "records.csv (gzip)", **gzipped}
        report["runs"].append(run)
        print(json.dumps(run, ensure_ascii=False), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"opendata-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(
        f"{'records':>8} {'public':>7}  {'file':<20}{'1st byte ms':>12}{'total s':>9}{'MB':>8}"
        f"{'rec/s':>9}{'queries':>9}{'peak KB':>9}"
    )
    for run in report["runs"]:
        if "bytes" not in run:
            continue
        print(
            f"{run['records']:>8} {run['public']:>7}  {run['file']:<20}{run['first_byte_ms']:>12}"
            f"{run['total_s']:>9}{run['bytes'] / 1e6:>8.1f}{run.get('records_per_s', ''):>9}{run['queries']:>9}"
            f"{run.get('peak_kb', ''):>9}"
        )
    worst = max(run["first_byte_ms"] for run in report["runs"] if "first_byte_ms" in run)
    verdict = "met" if worst < TARGET_FIRST_BYTE_MS else "NOT met"
    print(f"first byte: worst {worst} ms, target < {TARGET_FIRST_BYTE_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
