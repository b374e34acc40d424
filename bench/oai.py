"""OAI-PMH benchmark (not a test): ListRecords pages of 100, time and memory.

    .venv/bin/python bench/oai.py [--count 5000] [--seed 2024]

Works on its own SQLite database under var/bench/ (never the demo's): loads the demo,
adds `--count` synthetic records with `generate_records`, fills the provider's items
with `oai_sync`, then harvests the whole list in both formats through Django's test
client (the full request path: URL routing, the view, the XML), timing every page and
the memory each page allocates. Prints a table and writes JSON to var/bench/.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def harvest(client, prefix, measure_memory=False, **arguments):
    """Every page of one complete list: (page timings in ms, or with `measure_memory` the
    peak KB each page allocates (tracemalloc slows Python, so not both at once), records,
    bytes)."""
    from lxml import etree

    namespace = {"oai": "http://www.openarchives.org/OAI/2.0/"}
    arguments = {"verb": "ListRecords", "metadataPrefix": prefix, **arguments}
    timings, peaks, records, size = [], [], 0, 0
    while arguments:
        if measure_memory:
            tracemalloc.start()
        started = time.perf_counter()
        response = client.get("/oai/", arguments)
        timings.append((time.perf_counter() - started) * 1000)
        if measure_memory:
            peaks.append(tracemalloc.get_traced_memory()[1] / 1024)
            tracemalloc.stop()
        size += len(response.content)
        root = etree.fromstring(response.content)
        records += len(root.findall(".//oai:record", namespace))
        token = root.find(".//oai:resumptionToken", namespace)
        arguments = {"verb": "ListRecords", "resumptionToken": token.text} if token is not None and token.text else None
    return (peaks if measure_memory else timings), records, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "oai.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from exchange import clock
    from heritage.models import RecordPage

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    call_command("generate_records", count=args.count, seed=args.seed, verbosity=0)
    print(f"generated {args.count} records in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    call_command("oai_sync", verbosity=0)
    sync_seconds = time.perf_counter() - started
    public = RecordPage.objects.public().count()
    print(f"oai_sync: {public} public records in {sync_seconds:.1f} s", flush=True)
    time.sleep(max(0.0, 1.05 - (time.time() % 1)))  # lists leave out the current second
    assert clock.now()  # noqa: S101 - the provider's clock is importable

    client = Client()
    report = {"machine": {"cpus": os.cpu_count()}, "records": public, "sync_s": round(sync_seconds, 1), "runs": []}
    for prefix in ("oai_dc", "edm"):
        for label, arguments in (("all", {}), ("set group:hre", {"set": "group:hre"})):
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            timings, records, size = harvest(client, prefix, **arguments)
            peaks, _records, _size = harvest(client, prefix, measure_memory=True, **arguments)
            run = {
                "format": prefix,
                "list": label,
                "pages": len(timings),
                "records": records,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(percentile(timings, 0.95), 1),
                "max_ms": round(max(timings), 1),
                "page_peak_kb_median": round(statistics.median(peaks)),
                "page_peak_kb_max": round(max(peaks)),
                "first_page_peak_kb": round(peaks[0]),
                "last_page_peak_kb": round(peaks[-1]),
                "kb_per_page": round(size / len(timings) / 1024, 1),
                "max_rss_growth_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1),
            }
            report["runs"].append(run)
            print(json.dumps(run), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"oai-{stamp}.json").write_text(json.dumps(report, indent=2))
    print()
    print(f"{'format':<8}{'list':<15}{'pages':>6}{'records':>8}{'p50 ms':>8}{'p95 ms':>8}{'peak KB/page':>13}")
    for run in report["runs"]:
        print(
            f"{run['format']:<8}{run['list']:<15}{run['pages']:>6}{run['records']:>8}"
            f"{run['p50_ms']:>8}{run['p95_ms']:>8}{run['page_peak_kb_max']:>13}"
        )


if __name__ == "__main__":
    main()
