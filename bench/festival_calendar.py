"""Festival calendar benchmark (not a test): `/lich-le-hoi/` and its iCalendar feeds at scale.

    .venv/bin/python bench/festival_calendar.py [--records 10000] [--requests 40] [--views ...] [--fresh]

It grows its own SQLite library, var/bench/calendar-<records>.sqlite3, with bench/pages.py's
builders (the demo, then `generate_records`), and times requests through Django's test
client: the month view, the list view, "this month", "next 30 days", a filter by ethnic
group and by province, a past year and the feeds, as an anonymous visitor, plus the month
view as a community member and as staff (who see other festivals). Each is measured cold
(the cache emptied before every request), just after a publish (the access version
bumped, the counts warmed as production does) and warm. Prints p50/p95 beside the target
(p95 ≤ 150 ms at 10 000 records, ≤ 300 ms at 100 000) with the load average (the machine
is shared), and writes JSON to var/bench/.
"""

import argparse
import datetime
import json
import os
import time

from pages import BENCH_DIR, grow_to, measure, open_library

PAST_YEAR = 1990
VIEWS = {
    "this month": ("anonymous", "/lich-le-hoi/"),
    "month view": ("anonymous", "/lich-le-hoi/?year={year}&month={next_month}"),
    "list view": ("anonymous", "/lich-le-hoi/?view=list&year={year}&month={next_month}"),
    "next 30 days": ("anonymous", "/lich-le-hoi/?period=next30"),
    "ethnic group": ("anonymous", "/lich-le-hoi/?group=hre"),
    "province": ("anonymous", "/lich-le-hoi/?province=51"),
    "past year": ("anonymous", f"/lich-le-hoi/?period=year&year={PAST_YEAR}"),
    "year, page 20": ("anonymous", f"/lich-le-hoi/?period=year&year={PAST_YEAR}&page=20"),
    "month, community": ("community", "/lich-le-hoi/"),
    "month, staff": ("staff", "/lich-le-hoi/"),
    "feed, all": ("anonymous", "/lich-le-hoi/le-hoi.ics"),
    "feed, group": ("anonymous", "/lich-le-hoi/dan-toc/hre.ics"),
    "feed, province": ("anonymous", "/lich-le-hoi/tinh/51.ics"),
}
MODES = ("cold", "published", "warm")


def target_for(records):
    return 150 if records <= 10_000 else 300


def signed_in_clients():
    """A test client per audience: anonymous, a member of a community group, staff."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.test import Client

    clients = {"anonymous": Client()}
    for audience, group_name in (
        ("community", settings.HERITAGE_COMMUNITY_GROUPS[0]),
        ("staff", settings.HERITAGE_STAFF_GROUPS[0]),
    ):
        user, _ = User.objects.get_or_create(username=f"bench-calendar-{audience}")
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        client = Client()
        client.force_login(user)
        clients[audience] = client
    return clients


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--views", nargs="+", choices=list(VIEWS), help="only these (default: all)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument(
        "--feed-cold-requests",
        type=int,
        default=2,
        help="requests of a feed with an empty cache (each writes every event again: seconds, minutes at 100 000)",
    )
    parser.add_argument("--fresh", action="store_true", help="start from an empty database")
    parser.add_argument("--database-url", default="", help="another database, e.g. postgres://…")
    args = parser.parse_args()

    open_library(f"calendar-{args.records}", fresh=args.fresh, database_url=args.database_url)
    grow_to(args.records)
    from django.utils import timezone

    from heritage.models import FestivalPage, RecordPage

    today = timezone.localdate()
    following = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    clients = signed_in_clients()
    for client in clients.values():
        client.get("/lich-le-hoi/")  # first request: templates, translations, content types
    total, festivals = RecordPage.objects.count(), FestivalPage.objects.count()
    target = target_for(total)
    report = {
        "machine": f"{os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "records": total,
        "festivals": festivals,
        "target_p95_ms": target,
        "runs": [],
    }
    print(f"{total} records, {festivals} festivals; load average {report['load_average']}", flush=True)
    for name, (audience, pattern) in VIEWS.items():
        if args.views and name not in args.views:
            continue
        url = pattern.format(year=following.year, next_month=following.month)
        for mode in args.modes:
            requests = args.feed_cold_requests if mode == "cold" and url.endswith(".ics") else args.requests
            figures = measure(clients[audience], url, requests, mode)
            run = {"view": name, "url": url, "cache": mode, "requests": requests, **figures}
            report["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), flush=True)
    report["load_average_after"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"calendar-{total}-{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print(f"{total} records, {festivals} festivals on {report['machine']}")
    print(f"load average {report['load_average']} → {report['load_average_after']}")
    print(f"{'view':<20}{'cache':<11}{'p50 ms':>8}{'p95 ms':>8}{'CPU p95':>9}{'queries':>9}  target p95")
    for run in report["runs"]:
        verdict = "met" if run["p95_ms"] <= target else "NOT met"
        print(
            f"{run['view']:<20}{run['cache']:<11}{run['p50_ms']:>8}{run['p95_ms']:>8}"
            f"{run['cpu_p95_ms']:>9}{run['queries']:>9}  ≤ {target} ms {verdict}"
        )


if __name__ == "__main__":
    main()
