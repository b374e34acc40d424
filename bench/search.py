"""Search benchmark (not a test): index rate and query latency, engine and fallback, and
the fallback against Wagtail's stock database search backend.

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--engine-url opensearch://127.0.0.1:9201]
                                     [--queries 200] [--stock-runs 3] [--stock-timeout 120] [--no-stock]
                                     [--database-url postgres://…]

It works on its own SQLite database under var/bench/ (never the demo's; made afresh each
run), or on an empty PostgreSQL database given by --database-url (kept: records are
added up to each size), grows it with `generate_records` to each size, rebuilds each
index and, calling the backends directly (no HTTP):

- times three kinds of query (text + 2 facets, text + bounding box, facets only), p50,
  p95 and p99 wall-clock and p95 CPU time of this process (the machine is shared: CPU
  time shows the work, wall-clock what a visitor waits), beside the targets;
- compares the database fallback with Wagtail's stock database backend
  (`wagtail.search.backends.database`, SQLite FTS through django-modelsearch, which
  Wagtail keeps current on every page save; the synthetic records are added to it here)
  on the same words, broad ones (a third or all of the records) and selective ones:
  the fallback's full search (page, total, facets, highlights) against the stock
  backend's page of 20 and its count, both restricted to the public records. The stock
  backend is given `--stock-runs` tries per query, at most `--stock-timeout` seconds each
  (a query cut off counts as that long, so its speed-up is a lower bound).

Prints tables and writes JSON to var/bench/. Start the engine first with `make search-engine`.
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
# Misspelt words: on the database fallback each costs a look-up of close indexed words.
MISSPELT = ["raglia", "tin nguongg", "le hoii", "mung lua moii", "nguoi hree", "thổ cẩmm"]
GROUPS = ["hre", "co", "xo-dang", "co-tu", "raglai", "e-de", "gia-rai", "ba-na", "thai", "mong"]
PROVINCES = ["51", "49", "56", "62", "64", "66", "02", "10", "14"]
SUBJECTS = ["le-hoi-cong-dong", "tin-nguong", "nong-nghiep-mua-vu", "det-tho-cam", "am-thuc"]
# Words compared with the stock backend: broad ones match a third ("lễ hội") or all
# ("tổng hợp": every synthetic record) of the collection, selective ones a few percent
# or only the demo records.
COMPARED = [
    ("broad", "lễ hội"),
    ("broad", "tổng hợp"),
    ("selective", "Raglai"),
    ("selective", "người Hrê"),
    ("selective", "mừng lúa mới"),
]
# p95 targets in ms: (engine, collection size) → target.
TARGETS = {("database", 10_000): 50, ("database", 100_000): 200, ("engine", 100_000): 50}
SPEED_UP_TARGETS = {"broad": 20.0, "selective": 1.0}
LEVELS = ("public",)


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

    def misspelt():
        return {"q": rng.choice(MISSPELT), "type": rng.choice(["festival", "custom", "product"])}

    return {
        "text+2 facets": text_and_facets,
        "text+bbox": text_and_bbox,
        "facets only": facets_only,
        "misspelt+facet": misspelt,
    }


def parsed(query):
    from django.http import QueryDict
    from django.utils.http import urlencode

    from search.params import parse

    return parse(QueryDict(urlencode(query)))


def measure(backend, count, rng):
    results = {}
    for kind, make in query_kinds(rng).items():
        timings, cpu = [], []
        for _ in range(count):
            params = parsed(make())
            started, started_cpu = time.perf_counter(), time.process_time()
            backend.search(params, LEVELS)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[kind] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "p99_ms": round(percentile(timings, 0.99), 1),
            "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
            "queries": count,
        }
    return results


def index_for_stock_backend(after_pk):
    """Add the records with ids above `after_pk` to Wagtail's own search index (the
    generator writes rows in bulk, without the page signals that would)."""
    from wagtail.search.backends import get_search_backend

    from heritage.models import RecordPage

    stock = get_search_backend()
    added = 0
    for model in RecordPage.record_types().values():
        batch = []
        for record in model.objects.live().filter(pk__gt=after_pk).order_by("pk").iterator(chunk_size=1000):
            batch.append(record)
            if len(batch) == 1000:
                stock.add_bulk(model, batch)
                added, batch = added + len(batch), []
        if batch:
            stock.add_bulk(model, batch)
            added += len(batch)
    return added


class TimedOut(Exception):
    pass


def stock_search(text, timeout):
    """The stock backend's page of 20 and total for `text`, public records only."""
    from django.db import OperationalError, connection

    from heritage.models import RecordPage

    deadline = time.perf_counter() + timeout
    connection.ensure_connection()
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        connection.connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), 100_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{int(timeout * 1000)}"])
    try:
        results = RecordPage.objects.visible_at(LEVELS).search(text, operator="and")
        page = [record.pk for record in results[:20]]
        return page, results.count()
    except OperationalError as error:
        if time.perf_counter() > deadline:
            raise TimedOut from error
        raise
    finally:
        if sqlite:
            connection.connection.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', '0', false)")


def compare_with_stock(backend, runs, timeout, own_runs=20):
    comparison = []
    for breadth, text in COMPARED:
        params = parsed({"q": text})
        own = []
        for _ in range(own_runs):
            started = time.perf_counter()
            found = backend.search(params, LEVELS)
            own.append((time.perf_counter() - started) * 1000)
        stock, stock_total, cut_off, spent = [], None, False, 0.0
        for _ in range(runs):
            started = time.perf_counter()
            try:
                _page, stock_total = stock_search(text, timeout)
            except TimedOut:
                cut_off = True
            elapsed = time.perf_counter() - started
            stock.append(elapsed * 1000)
            spent += elapsed
            if cut_off or spent > 60:
                break  # enough of a slow query
        own_ms, stock_ms = statistics.median(own), statistics.median(stock)
        comparison.append(
            {
                "breadth": breadth,
                "query": text,
                "fallback_total": found.total,
                "fallback_total_is_estimate": found.total_is_estimate,
                "stock_total": stock_total,
                "fallback_p50_ms": round(own_ms, 1),
                "stock_p50_ms": round(stock_ms, 1),
                "stock_runs": len(stock),
                "stock_cut_off": cut_off,
                "speed_up": round(stock_ms / own_ms, 1),
                "target_speed_up": SPEED_UP_TARGETS[breadth],
            }
        )
        print(json.dumps(comparison[-1], ensure_ascii=False), flush=True)
    return comparison


def target_for(engine, size):
    return TARGETS.get(("database" if engine == "database" else "engine", size))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engine-url", default=os.environ.get("SEARCH_URL", ""))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--stock-runs", type=int, default=3)
    parser.add_argument("--stock-timeout", type=float, default=120.0)
    parser.add_argument("--no-stock", action="store_true", help="skip the comparison with Wagtail's stock backend")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database of its own instead of SQLite")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "bench.sqlite3"
    if not args.database_url:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from heritage.models import RecordPage
    from search import backends, indexing

    settings.HERITAGE_SEARCH_SYNC = True
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    rng = random.Random(args.seed)
    engines = {"database": {"URL": "", "INDEX": "unused"}}
    if args.engine_url:
        engines["engine"] = {"URL": args.engine_url, "INDEX": "heritage-bench"}
    report = {
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "database": connection.vendor,
        "runs": [],
        "comparison": [],
    }
    stock_indexed_up_to = max(RecordPage.objects.values_list("pk", flat=True), default=0)  # the demo: by signals
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=rng.randint(0, 10**6), verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as a maintained database would be (autovacuum on PostgreSQL)
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
                "size": size,
                "records": total,
                "documents_built_per_s": round(total / build_seconds),
                "indexed_per_s": round(total / index_seconds),
                "load_average": os.getloadavg(),
                "latency": measure(backend, args.queries, rng),
            }
            report["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), flush=True)
        if not args.no_stock:
            started = time.perf_counter()
            added = index_for_stock_backend(stock_indexed_up_to)
            stock_indexed_up_to = max(RecordPage.objects.values_list("pk", flat=True), default=0)
            print(f"stock backend: indexed {added} records in {time.perf_counter() - started:.1f} s", flush=True)
            settings.HERITAGE_SEARCH = engines["database"]
            comparison = compare_with_stock(backends.get_backend(), args.stock_runs, args.stock_timeout)
            report["comparison"].append({"size": size, "records": total, "queries": comparison})
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"search-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(
        f"{'engine':<12}{'records':>9}{'index/s':>9}  {'query kind':<15}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'cpu p95':>9}  target p95"
    )
    for run in report["runs"]:
        target = target_for(run["engine"], run["size"])
        for kind, numbers in run["latency"].items():
            print(
                f"{run['engine']:<12}{run['records']:>9}{run['indexed_per_s']:>9}  {kind:<15}"
                f"{numbers['p50_ms']:>8}{numbers['p95_ms']:>8}{numbers['p99_ms']:>8}{numbers['cpu_p95_ms']:>9}"
                f"  {f'≤ {target} ms' if target else '—'}"
            )
    if report["comparison"]:
        print()
        print(
            f"{'records':>9}  {'query':<14}{'breadth':<11}{'found':>9}{'stock found':>12}"
            f"{'fallback ms':>12}{'stock ms':>11}{'speed-up':>10}  target"
        )
        for size in report["comparison"]:
            for row in size["queries"]:
                found = f"{'~' if row['fallback_total_is_estimate'] else ''}{row['fallback_total']}"
                stock_ms = f"{'>' if row['stock_cut_off'] else ''}{row['stock_p50_ms']}"
                speed_up = f"{'≥' if row['stock_cut_off'] else ''}{row['speed_up']}×"
                print(
                    f"{size['records']:>9}  {row['query']:<14}{row['breadth']:<11}{found:>9}"
                    f"{str(row['stock_total']):>12}{row['fallback_p50_ms']:>12}{stock_ms:>11}{speed_up:>10}"
                    f"  ≥ {row['target_speed_up']}×"
                )
    print(f"\nJSON: {BENCH_DIR / f'search-{stamp}.json'}")


if __name__ == "__main__":
    main()
