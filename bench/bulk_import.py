"""Bulk import benchmark (not a test): validate and import N generated spreadsheet rows.

    .venv/bin/python bench/bulk_import.py [--rows 10000] [--format csv|xlsx] [--database-url postgres://…]

Generates N rows in the import format (festivals, customs and products of real ethnic
groups and provinces, with coordinates, lunar dates, subjects, sources, contributors and
licences), writes them as a CSV or XLSX file, then on a fresh SQLite database under
var/bench/ (or an empty PostgreSQL database given with --database-url) times: reading
the file, the dry run over every row, the import as drafts (the same path the admin's
background task takes), and a second import of the same file (every row unchanged).
Prints each figure beside the target: validated and imported in ≤ 5 minutes.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
TARGET_SECONDS = 300

PLACES = [("51", 15.04, 108.47), ("49", 15.80, 107.70), ("56", 12.15, 108.90), ("62", 14.35, 108.00)]
GROUPS = ["Hrê", "Ca Dong", "Cơ Tu", "Giẻ Triêng", "Raglai", "Ê Đê", "Cơ Ho", "Katu", "Chăm Rê"]


def generated_rows(count, seed=1):
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        record_type = ("festival", "custom", "product")[number % 3]
        code, latitude, longitude = rng.choice(PLACES)
        row = {
            "identifier": f"BENCH-{number:06d}",
            "type": record_type,
            "title": f"Hồ sơ nhập thử số {number} của người {rng.choice(GROUPS)}",
            "title_en": f"Imported test record {number}",
            "summary": f"Bản ghi sinh tự động số {number} để đo tốc độ nhập hàng loạt; không phải tư liệu thật.",
            "ethnic_groups": "; ".join(rng.sample(GROUPS[:7], k=rng.randint(1, 2))),
            "province": code,
            "admin_unit": "huyện Sơn Hà",
            "place_name": f"Điểm khảo sát {number}",
            "latitude": f"{latitude + rng.uniform(-0.1, 0.1):.5f}",
            "longitude": f"{longitude + rng.uniform(-0.1, 0.1):.5f}",
            "recorded_on": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "sources": f"Điền dã năm 2024 | https://example.org/{number} | phiếu {number}",
            "contributors": "Nhóm biên tập | editor | Sở Dân tộc và Tôn giáo",
            "licence": rng.choice(["cc-by-4.0", "cc-by-sa-4.0"]),
            "access_level": rng.choice(["public"] * 8 + ["community", "staff"]),
        }
        if record_type == "festival":
            row.update(calendar="lunar", festival_date=f"{rng.randint(1, 30)}/{rng.randint(1, 12)} ÂL")
        elif record_type == "custom":
            row.update(category="belief", vitality="living")
        else:
            row.update(kind="textile", ocop_stars=str(rng.choice([3, 4, 5])))
        rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--database-url", default="", help="an empty database, e.g. postgres://…")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "bulk_import.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from bulk.importing import import_sheet, plan_sheet
    from bulk.sheets import csv_bytes, read_sheet, xlsx_bytes
    from heritage.models import RecordPage
    from tests.factories import make_site_tree

    setup_test_environment()
    call_command("migrate", verbosity=0)
    make_site_tree()
    rows = generated_rows(args.rows)
    data = csv_bytes(rows) if args.format == "csv" else xlsx_bytes(rows)
    figures = {"rows": args.rows, "format": args.format, "cores": os.cpu_count()}

    started = time.perf_counter()
    sheet = read_sheet(data)
    figures["read_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    plans = plan_sheet(sheet)
    figures["dry_run_s"] = round(time.perf_counter() - started, 1)
    refused = [plan for plan in plans if plan.refused]
    if refused:
        raise SystemExit(f"{len(refused)} generated rows refused, e.g. {refused[0].as_json()}")

    started = time.perf_counter()
    last = [started]

    def progress(done, total):
        now = time.perf_counter()
        if done % 1000 < 50 or done == total:
            print(f"  {done}/{total} rows, {now - started:.0f} s", flush=True)
        last[0] = now

    report = import_sheet(sheet, progress=progress)
    figures["import_s"] = round(time.perf_counter() - started, 1)
    figures["created"] = report.created
    if RecordPage.objects.count() != args.rows:
        raise SystemExit("every row should have made one record")

    started = time.perf_counter()
    again = import_sheet(sheet)
    figures["reimport_s"] = round(time.perf_counter() - started, 1)
    figures["reimport_unchanged"] = again.unchanged
    if RecordPage.objects.count() != args.rows:
        raise SystemExit("a second import must not duplicate")

    total = figures["read_s"] + figures["dry_run_s"] + figures["import_s"]
    figures["validated_and_imported_s"] = round(total, 1)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"bulk_import-{stamp}.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, ensure_ascii=False))
    print()
    print(f"{'step':<34}{'seconds':>9}  target")
    print(f"{'read ' + args.format:<34}{figures['read_s']:>9}")
    print(f"{'dry run (validate every row)':<34}{figures['dry_run_s']:>9}")
    print(f"{'import as drafts':<34}{figures['import_s']:>9}")
    verdict = "met" if total <= TARGET_SECONDS else "NOT met"
    print(f"{'validated and imported':<34}{total:>9.1f}  ≤ {TARGET_SECONDS} s for 10 000 rows: {verdict}")
    print(f"{'re-import (all unchanged)':<34}{figures['reimport_s']:>9}")


if __name__ == "__main__":
    main()
