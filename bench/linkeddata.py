"""Linked-data benchmark (not a test): the sitemap and the JSON-LD of record pages at scale.

    .venv/bin/python bench/linkeddata.py [--sizes 10000 100000] [--requests 10] [--fresh]

Its own SQLite database under var/bench/ (the demo collection, grown with
`generate_records` to each size and kept between runs). As an anonymous crawler, through
Django's test client: `/sitemap.xml` (the index: one aggregate per section), the first
and last files of the records section (5 000 records each, with their images), the
ethnic groups' file; and the JSON-LD of a record alone (`linkeddata.schema.record_graph`,
what `{% json_ld %}` adds to a record page). Sitemap answers are measured cold (the
cache emptied before each request, as after a publish) and warm (kept until the next
change). Prints p50/p95 and queries beside the targets and writes JSON to var/bench/.
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
# A crawler waits for a sitemap far longer than a visitor for a page: seconds are fine cold.
TARGETS_MS = {"sitemap index": 2000, "records file 1": 1500, "records file last": 1500, "groups file": 1000}
JSON_LD_TARGET_MS = 20


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "linkeddata.sqlite3"
    if args.fresh:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, RequestFactory
    from django.test.utils import setup_test_environment

    from bench.pages import measure, percentile
    from heritage.models import RecordPage
    from linkeddata import schema
    from linkeddata.sitemaps import RecordSitemap

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not RecordPage.objects.exists():
        call_command("load_demo", verbosity=0)
    client = Client()
    report = {"machine": f"{os.cpu_count()} cores", "runs": []}
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=size, verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        total = RecordPage.objects.count()
        last_page = RecordSitemap().paginator.num_pages
        pages = {
            "sitemap index": "/sitemap.xml",
            "records file 1": "/sitemap-records.xml",
            "records file last": f"/sitemap-records.xml?p={last_page}",
            "groups file": "/sitemap-groups.xml",
        }
        client.get("/sitemap.xml")  # first request: templates, content types
        for name, url in pages.items():
            for mode in ("cold", "warm"):
                figures = measure(client, url, args.requests, mode)
                run = {"records": total, "what": f"{name}, {mode}", **figures, "target_p95_ms": TARGETS_MS[name]}
                report["runs"].append(run)
                print(json.dumps(run, ensure_ascii=False), flush=True)

        request = RequestFactory().get("/")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        sample = list(RecordPage.objects.public().order_by("?")[: args.requests * 5])
        timings = []
        for record in sample:
            record = record.specific
            started = time.perf_counter()
            schema.script_tag(schema.record_graph(record, request))
            timings.append((time.perf_counter() - started) * 1000)
        run = {
            "records": total,
            "what": "record JSON-LD",
            "p50_ms": round(percentile(timings, 0.5), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "queries": None,
            "target_p95_ms": JSON_LD_TARGET_MS,
        }
        report["runs"].append(run)
        print(json.dumps(run, ensure_ascii=False), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"linkeddata-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"{'records':>8}  {'what':<26}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}  target p95")
    for run in report["runs"]:
        verdict = "met" if run["p95_ms"] <= run["target_p95_ms"] else "NOT met"
        print(
            f"{run['records']:>8}  {run['what']:<26}{run['p50_ms']:>8}{run['p95_ms']:>8}"
            f"{run['queries'] if run['queries'] is not None else '':>9}  ≤ {run['target_p95_ms']} ms {verdict}"
        )


if __name__ == "__main__":
    main()
