"""Statistics benchmark (not a test): `/thong-ke/`, its workbook and the staff report at scale.

    .venv/bin/python bench/yearly_report.py [--sizes 10000 100000] [--requests 10] [--database-url postgres://…]

Works on its own SQLite database under var/bench/ (kept between runs, grown with
`generate_records` to each size; `--fresh` starts again) and times requests through
Django's test client: the public page (anonymous) without and with a period and a
filter, the public workbook, and the staff report. Each is measured cold (the cache
emptied before every request: every table counted again) and warm (the tables kept by
`cached_for_audience`). Prints p50/p95 and the number of queries and writes JSON to
var/bench/. No target is set by the issue; the cold figures say what a visitor after a
publish waits for.
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

PAGES = {
    "public page": "/thong-ke/",
    "public page, 2025": "/thong-ke/?from=2025&to=2025",
    "public page, group": "/thong-ke/?group=hre",
    "public workbook": "/thong-ke/bao-cao.xlsx",
    "staff report": "/admin/reports/statistics/",
}


def main():
    from pages import measure  # the page benchmark's timing loop

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--database-url", default="", help="another database, e.g. postgres://…")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "statistics.sqlite3"
    if args.fresh:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from heritage.models import RecordPage

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if not RecordPage.objects.exists():
        call_command("load_demo", verbosity=0)
    staff = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser(
        "bench-statistics", password=None
    )
    public, staff_client = Client(), Client()
    staff_client.force_login(staff)
    report = {"machine": f"{os.cpu_count()} cores", "runs": []}
    for size in sorted(args.sizes):
        missing = size - RecordPage.objects.count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_records", count=missing, seed=size, verbosity=0)
            print(f"generated {missing} records in {time.perf_counter() - started:.1f} s", flush=True)
        total = RecordPage.objects.count()
        for name, url in PAGES.items():
            client = staff_client if url.startswith("/admin/") else public
            client.get(url)  # first request: templates, translations, content types
            for mode in ("cold", "warm"):
                figures = measure(client, url, args.requests, mode)
                run = {"records": total, "page": name, "cache": mode, **figures}
                report["runs"].append(run)
                print(json.dumps(run, ensure_ascii=False), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"statistics-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"{'records':>8}  {'page':<22}{'cache':<8}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for run in report["runs"]:
        print(
            f"{run['records']:>8}  {run['page']:<22}{run['cache']:<8}{run['p50_ms']:>9}{run['p95_ms']:>9}"
            f"{run['queries']:>9}"
        )


if __name__ == "__main__":
    main()
