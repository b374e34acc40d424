"""GIS benchmark (not a test): area import, spatial join, GeoJSON payload.

    .venv/bin/python bench/gis.py [--shared ../shared/data/gis] [--points 100000] [--records 10000]

Uses its own SQLite database under var/bench/. Prints a table and writes JSON there.
"""

import argparse
import gzip
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "gis"))
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000)
    args = parser.parse_args()
    districts = Path(args.shared) / "vn-districts-2025-03.geojson"
    if not districts.exists():
        sys.exit(f"No district file at {districts}: pass --shared.")

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "gis.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="heritage.settings.dev", DEBUG="0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from gis.importing import import_areas
    from gis.linking import containing_areas
    from gis.models import Area

    call_command("migrate", verbosity=0)
    report = {}

    started = time.perf_counter()
    imported = import_areas(str(districts), level="district", parent_code_field="province_code")
    report["import_692_districts"] = {
        "seconds": round(time.perf_counter() - started, 2),
        "created": imported.created,
        "repaired": len(imported.repaired),
        "peak_memory_mb": round(peak_memory_mb()),
    }

    rng = random.Random(7)
    points = [(rng.uniform(102.2, 109.4), rng.uniform(8.6, 23.3)) for _ in range(args.points)]
    areas = list(Area.objects.all())
    started = time.perf_counter()
    found = containing_areas(points, areas)
    seconds = time.perf_counter() - started
    report["spatial_join"] = {
        "points": args.points,
        "seconds": round(seconds, 3),
        "points_per_second": round(args.points / seconds),
        "points_inside_a_district": sum(1 for matches in found if matches),
    }

    call_command("load_demo", verbosity=0)
    call_command("generate_records", count=args.records - 46, seed=3, verbosity=0)
    client = Client()
    started = time.perf_counter()
    response = client.get("/api/records.geojson", HTTP_HOST="127.0.0.1")
    cold = time.perf_counter() - started
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        cached = client.get("/api/records.geojson", HTTP_HOST="127.0.0.1")
        timings.append(time.perf_counter() - started)
    body = cached.content
    report["records_geojson"] = {
        "features": len(json.loads(body)["features"]),
        "bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)),
        "cold_ms": round(cold * 1000, 1),
        "cached_median_ms": round(sorted(timings)[len(timings) // 2] * 1000, 1),
        "status": response.status_code,
    }

    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"gis-{stamp}.json").write_text(json.dumps(report, indent=2))
    for name, numbers in report.items():
        print(f"{name:<22} " + ", ".join(f"{key}={value}" for key, value in numbers.items()))
    print(f"JSON: {BENCH_DIR / f'gis-{stamp}.json'}")


if __name__ == "__main__":
    main()
