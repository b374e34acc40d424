"""Load benchmark (not a test): visitors against the production layout on 127.0.0.1.

    .venv/bin/python bench/load.py [--records 10000] [--users 100] [--run-time 5m] [--fresh]

It builds its own library under var/bench/load/ (the demo, then synthetic records up to
--records, kept between runs), starts the layout `make serve` runs (gunicorn with
WEB_CONCURRENCY workers, the task worker, the database cache, production settings), and
runs bench/locustfile.py's visitors with locust: throughput, p50/p95/p99 and errors
beside the target (0 errors, p95 ≤ 500 ms at 100 visitors on 2 cores with 10 000
records, sustained 5 minutes). Rate limits are off: every visitor comes from 127.0.0.1.
Writes locust's CSV files and a JSON summary under var/bench/load/.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

from serving import BIN, ROOT, count_records, environment, prepare_demo, run, serving

TARGET_P95_MS = 500


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="5m")
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9))
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--fresh", action="store_true", help="start from an empty library")
    options = parser.parse_args()

    folder = ROOT / "var" / "bench" / "load"
    if options.fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = environment(folder, options.port, options.workers)
    prepare_demo(env)
    missing = options.records - count_records(env)
    if missing > 0:
        print(f"Adding {missing} synthetic records…", flush=True)
        run(env, str(BIN / "python"), "manage.py", "generate_records", "--count", str(missing))
    run(env, str(BIN / "python"), "manage.py", "search_reindex")

    with serving(env, folder) as base:
        records = count_records(env)
        print(
            f"{records} records; {options.users} visitors for {options.run_time} against {options.workers} "
            f"gunicorn workers on {os.cpu_count()} cores",
            flush=True,
        )
        stats = folder / "load"
        subprocess.run(
            [
                str(BIN / "locust"),
                "--locustfile",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                options.run_time,
                "--host",
                base,
                "--csv",
                str(stats),
                "--only-summary",
            ],
            cwd=ROOT,
            check=False,
        )

    rows = {row["Name"]: row for row in csv.DictReader((folder / "load_stats.csv").open())}
    total = rows["Aggregated"]
    summary = {
        "records": records,
        "users": options.users,
        "run_time": options.run_time,
        "workers": options.workers,
        "cores": os.cpu_count(),
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "requests_per_s": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=1))
    print()
    print(f"{'requests':>12}: {summary['requests']} ({summary['requests_per_s']:.1f}/s)")
    print(f"{'errors':>12}: {summary['errors']}   target 0")
    print(f"{'p50 / p99':>12}: {summary['p50_ms']:.0f} / {summary['p99_ms']:.0f} ms")
    print(f"{'p95':>12}: {summary['p95_ms']:.0f} ms   target ≤ {TARGET_P95_MS} ms")
    met = summary["errors"] == 0 and summary["p95_ms"] <= TARGET_P95_MS
    print("Target met." if met else "Target NOT met.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
