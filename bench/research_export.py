"""Export benchmark (not a test): a search result exported whole, in every format.

    .venv/bin/python bench/research_export.py [--size 30000] [--query "type=festival"] [--database-url postgres://…]

Works on its own SQLite database under var/bench/ (kept between runs, grown with
`generate_records` to the size, the search fallback rebuilt with `search_reindex`), and
asks `/nghien-cuu/xuat/<format>/?<query>` through Django's test client as an anonymous
visitor, reading the streamed answer to its end. For each format: records, bytes,
seconds and records per second (best of three), and the peak of Python memory while the
file is written (tracemalloc, in a separate pass: it slows the code it watches). Then
the same for the whole collection, which is over the export limit: the time to refuse
it. Writes JSON to var/bench/.

Targets: 10 000 records in under 10 s in every format, peak memory under 50 MB (the
ids and one chunk, not the file), and a refusal in under 1 s at any size.
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
FORMATS = ("json", "geojson", "ris", "bib", "csl-json")
TARGET_SECONDS = 10
TARGET_PEAK_MB = 50
TARGET_REFUSAL_SECONDS = 1


def read_export(client, format_name, query):
    started = time.perf_counter()
    response = client.get(f"/nghien-cuu/xuat/{format_name}/?{query}")
    if response.status_code != 200:
        return response.status_code, 0, time.perf_counter() - started
    size = sum(len(piece) for piece in response.streaming_content)
    return 200, size, time.perf_counter() - started


def count_records(query):
    from django.http import QueryDict

    from research.exports import search_result_ids
    from search.params import parse

    return len(search_result_ids(None, parse(QueryDict(query))))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--query", default="type=festival", help="a query string of /search/ within the limit")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{BENCH_DIR / 'research-export.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SEARCH_URL", "")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from heritage.models import RecordPage

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not RecordPage.objects.exists():
        call_command("load_demo", verbosity=0)
    missing = args.size - RecordPage.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate_records", count=missing, seed=args.size, verbosity=0)
        call_command("search_reindex", verbosity=0)
        print(f"generated and indexed {missing} records in {time.perf_counter() - started:.1f} s", flush=True)

    client = Client()
    total = RecordPage.objects.count()
    exported = count_records(args.query)
    report = {"machine": f"{os.cpu_count()} cores", "records": total, "query": args.query, "runs": []}
    for format_name in FORMATS:
        timings = []
        for _ in range(3):
            status, size, seconds = read_export(client, format_name, args.query)
            if status != 200:
                raise SystemExit(f"{format_name}: HTTP {status} (is the query within the export limit?)")
            timings.append(seconds)
        tracemalloc.start()
        read_export(client, format_name, args.query)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        best = min(timings)
        run = {
            "format": format_name,
            "exported": exported,
            "bytes": size,
            "seconds": round(best, 2),
            "records_per_second": round(exported / best),
            "peak_mb": round(peak / 1e6, 1),
        }
        report["runs"].append(run)
        print(json.dumps(run), flush=True)
    status, _size, refusal = read_export(client, "json", "")
    report["refusal"] = {"status": status, "seconds": round(refusal, 3)}
    print(json.dumps(report["refusal"]), flush=True)

    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"research-export-{stamp}.json").write_text(json.dumps(report, indent=2))
    print()
    print(f"{total} records in the library; `{args.query}` exports {exported}")
    print(
        f"{'format':<10}{'MB':>8}{'s':>8}{'records/s':>11}{'peak MB':>9}"
        f"  targets ≤ {TARGET_SECONDS} s, ≤ {TARGET_PEAK_MB} MB"
    )
    for run in report["runs"]:
        verdict = "met" if run["seconds"] <= TARGET_SECONDS and run["peak_mb"] <= TARGET_PEAK_MB else "NOT met"
        print(
            f"{run['format']:<10}{run['bytes'] / 1e6:>8.1f}{run['seconds']:>8}{run['records_per_second']:>11}"
            f"{run['peak_mb']:>9}  {verdict}"
        )
    verdict = "met" if status == 400 and refusal <= TARGET_REFUSAL_SECONDS else "NOT met"
    print(f"whole collection ({total}): HTTP {status} in {refusal:.3f} s (≤ {TARGET_REFUSAL_SECONDS} s {verdict})")


if __name__ == "__main__":
    main()
