"""Search benchmark (not a test): index rate and query latency, engine and fallback.

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--engine-url opensearch://127.0.0.1:9201]
                                     [--queries 200]

It works on its own SQLite database under var/bench/ (never the demo's), grows it with
`generate_records` to each size, rebuilds each index and times three kinds of query:
text + 2 facets, text + bounding box, facets only. Prints a table and writes JSON to
var/bench/. Start the engine first with `make search-engine`.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"

WORDS = [
    "lễ hội",
    "le hoi",
    "trâu",
    "mừng lúa mới",
    "phong tục",
    "sản phẩm",
    "người Hrê",
    "Cơ Tu",
    "Raglai",
    "tong hop",
]
GROUPS = ["hre", "co", "xo-dang", "co-tu", "raglai", "e-de", "gia-rai", "ba-na", "thai", "mong"]
PROVINCES = ["51", "49", "56", "62", "64", "66", "02", "10", "14"]
SUBJECTS = ["le-hoi-cong-dong", "tin-nguong", "nong-nghiep-mua-vu", "det-tho-cam", "am-thuc"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def query_kinds(rng):
    def text_and_facets():
        return {
            "q": rng.choice(WORDS),
            "type": rng.choice(["festival", "custom", "product"]),
            "province": rng.choice(PROVINCES),
        }

    def text_and_bbox():
        lat, lon = rng.uniform(11.5, 16.0), rng.uniform(107.5, 108.8)
        return {"q": rng.choice(WORDS), "bbox": f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}"}

    def facets_only():
        return {"group": rng.choice(GROUPS), "subject": rng.choice(SUBJECTS)}

    return {"text+2 facets": text_and_facets, "text+bbox": text_and_bbox, "facets only": facets_only}


def measure(backend, count, rng):
    from django.http import QueryDict
    from django.utils.http import urlencode

    from search.params import parse

    levels = ("public",)
    results = {}
    for kind, make in query_kinds(rng).items():
        timings = []
        for _ in range(count):
            params = parse(QueryDict(urlencode(make())))
            started = time.perf_counter()
            backend.search(params, levels)
            timings.append((time.perf_counter() - started) * 1000)
        results[kind] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "p99_ms": round(percentile(timings, 0.99), 1),
            "queries": count,
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engine-url", default=os.environ.get("SEARCH_URL", ""))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "bench.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from heritage.models import RecordPage
    from search import backends, indexing

    settings.HERITAGE_SEARCH_SYNC = True
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    rng = random.Random(args.seed)
    engines = {"database": {"URL": "", "INDEX": "unused"}}
    if args.engine_url:
        engines["engine"] = {"URL": args.engine_url, "INDEX": "heritage-bench"}
    report = {"machine": {"cpus": os.cpu_count()}, "runs": []}
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=rng.randint(0, 10**6), verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        total = RecordPage.objects.live().count()
        started = time.perf_counter()
        documents = list(indexing.documents(RecordPage.objects.live()))
        build_seconds = time.perf_counter() - started
        for config in engines.values():
            settings.HERITAGE_SEARCH = config
            # The engine itself, not the resilient wrapper (which would also feed and
            # time the database fallback beside it).
            backend = getattr(backends.get_backend(), "reader", backends.get_backend())
            started = time.perf_counter()
            backend.rebuild(iter(documents))
            index_seconds = time.perf_counter() - started
            run = {
                "engine": backend.name,
                "records": total,
                "documents_built_per_s": round(total / build_seconds),
                "indexed_per_s": round(total / index_seconds),
                "latency": measure(backend, args.queries, rng),
            }
            report["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"search-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"{'engine':<12}{'records':>9}{'index/s':>9}  {'query kind':<15}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for run in report["runs"]:
        for kind, numbers in run["latency"].items():
            print(
                f"{run['engine']:<12}{run['records']:>9}{run['indexed_per_s']:>9}  {kind:<15}"
                f"{numbers['p50_ms']:>8}{numbers['p95_ms']:>8}{numbers['p99_ms']:>8}"
            )
    print(f"\nJSON: {BENCH_DIR / f'search-{stamp}.json'}")


if __name__ == "__main__":
    main()
