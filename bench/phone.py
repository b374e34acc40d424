"""Phone benchmark (not a test): the main pages on an emulated phone on a slow 4G line.

    .venv/bin/python bench/phone.py [--runs 3] [--cpu 4] [--dpr 2.625] [--fresh]

It loads the demo into its own library under var/bench/phone/, serves it as `make serve`
does (bench/serving.py: gunicorn, the task worker, production settings, hashed and
compressed static files; MAP_TILES=none, as there is no internet here), waits for the
task queue to empty (renditions, index), and opens each page in Debian's Chromium
through Playwright, with a cold cache every time, at 390 × 844 CSS pixels (touch,
device pixel ratio --dpr) under Chrome DevTools Protocol throttling: Lighthouse's
slow-4G profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) and --cpu times
slower scripts. For each page it measures, before any interaction (up to `load` and
then no request for 500 ms):

- bytes transferred: the sum of every response's encodedDataLength (headers and
  compressed body, as it crossed the wire);
- requests: how many were made;
- LCP (largest contentful paint) and CLS (layout shifts without input, summed) from
  PerformanceObserver entries read with `buffered: true`.

The median of --runs runs is printed beside the targets of issue 9 (the record page:
≤ 150 KB, LCP ≤ 1.5 s, CLS ≤ 0.05; the other pages are reported against the same bar)
and written as JSON to var/bench/phone/summary.json.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import urllib.parse

from serving import ROOT, environment, manage_shell, prepare_demo, serving

TARGET_BYTES = 150_000
TARGET_LCP_MS = 1500
TARGET_CLS = 0.05
# Lighthouse's "slow 4G" (its simulated mobile profile), in DevTools' units: bytes per second.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]

# The demo's record with the most to carry: several images, a main image and a map.
RECORD_CHOICE = """
from heritage.models import RecordPage
records = [r.specific for r in RecordPage.objects.live().public().exclude(main_image=None).exclude(latitude=None)]
record = max(records, key=lambda r: sum(1 for b in r.body if b.block_type in ("image", "gallery")))
print(record.url)
"""
DICTIONARY_CHOICE = "from dictionary.models import Language; print(Language.objects.order_by('pk').first().code)"

READ_VITALS = """() => new Promise((resolve) => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const vitals = {lcp: null, lcpElement: null, lcpLoad: null, cls: 0, ttfb: navigation.responseStart};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      vitals.lcp = entry.startTime;
      vitals.lcpLoad = entry.loadTime || null;
      const element = entry.element;
      const source = element && element.currentSrc ? ' ' + element.currentSrc.split('/').pop() : '';
      vitals.lcpElement = element ? element.tagName + source : null;
    }
  }).observe({type: 'largest-contentful-paint', buffered: true});
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) vitals.cls += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(vitals), 200);
})"""


def measure(browser, url, cpu, dpr):
    """One cold-cache visit of `url` on the emulated phone: bytes, requests, LCP, CLS."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=dpr, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    requests, finished = {}, {}
    cdp.on("Network.requestWillBeSent", lambda event: requests.setdefault(event["requestId"], event["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda event: finished.update({event["requestId"]: event["encodedDataLength"]}))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    vitals = page.evaluate(READ_VITALS)
    by_kind = {}
    for request_id, size in finished.items():
        path = urllib.parse.urlsplit(requests.get(request_id, "")).path
        kind = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "page/api"
        by_kind[kind] = by_kind.get(kind, 0) + size
    context.close()
    return {
        "bytes": sum(finished.values()),
        "requests": len(requests),
        "lcp_ms": vitals["lcp"],
        "lcp_element": vitals["lcpElement"],
        "lcp_resource_loaded_ms": vitals["lcpLoad"],
        "ttfb_ms": vitals["ttfb"],
        "cls": vitals["cls"],
        "bytes_by_kind": by_kind,
        "urls": sorted({urllib.parse.urlsplit(url).path for url in requests.values()}),
    }


def median_of(runs):
    middle = sorted(runs, key=lambda run: run["bytes"])[len(runs) // 2]
    return {
        **middle,
        "bytes": statistics.median(run["bytes"] for run in runs),
        "lcp_ms": statistics.median(run["lcp_ms"] or 0 for run in runs),
        "cls": statistics.median(run["cls"] for run in runs),
        "requests": statistics.median(run["requests"] for run in runs),
        "ttfb_ms": statistics.median(run["ttfb_ms"] for run in runs),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown (1 = none)")
    parser.add_argument("--dpr", type=float, default=2.625, help="device pixel ratio (Lighthouse's phone: 2.625)")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--fresh", action="store_true", help="start from an empty library")
    parser.add_argument("--pages", nargs="*", help="only these pages (home, record, library, …)")
    options = parser.parse_args()

    folder = ROOT / "var" / "bench" / "phone"
    if options.fresh and folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    env = environment(folder, options.port, 2, MAP_TILES="none")
    prepare_demo(env)
    record = manage_shell(env, RECORD_CHOICE)
    dictionary = manage_shell(env, DICTIONARY_CHOICE)
    pages = {
        "home": "/",
        "record": record,
        "library": "/ho-so/",
        "search": "/search/?q=" + urllib.parse.quote("lễ hội"),
        "map": "/map/",
        "calendar": "/lich-le-hoi/",
        "dictionary": f"/tu-dien/{dictionary}/",
    }

    if options.pages:
        pages = {name: path for name, path in pages.items() if name in options.pages}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    results = {}
    with serving(env, folder) as base, sync_playwright() as playwright:
        wait_for_queue(env)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in pages.items():
            measure(browser, base + path, 1, options.dpr)  # the server's own caches warm, not measured
            runs = [measure(browser, base + path, options.cpu, options.dpr) for _ in range(options.runs)]
            results[name] = {"path": path, **median_of(runs)}
            report(name, results[name])
        browser.close()

    summary = {
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, {platform.processor() or platform.system()}",
        "network": SLOW_4G,
        "cpu_slowdown": options.cpu,
        "viewport": "390×844",
        "device_pixel_ratio": options.dpr,
        "runs": options.runs,
        "targets": {"bytes": TARGET_BYTES, "lcp_ms": TARGET_LCP_MS, "cls": TARGET_CLS},
        "pages": results,
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    if "record" not in results:
        return 0
    met = meets_bar(results["record"])
    print("Record page: target met." if met else "Record page: target NOT met.")
    return 0 if met else 1


def wait_for_queue(env):
    """Renditions and index updates are made by the worker: measure what visitors get after."""
    manage_shell(
        env,
        "import time\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "deadline = time.monotonic() + 600\n"
        "while DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).exists() and time.monotonic() < deadline:\n"
        "    time.sleep(1)\n"
        "print('ok')",
    )


def meets_bar(result):
    return result["bytes"] <= TARGET_BYTES and result["lcp_ms"] <= TARGET_LCP_MS and result["cls"] <= TARGET_CLS


def report(name, result):
    mark = "ok " if meets_bar(result) else "MISS"
    print(
        f"{mark} {name:>10}: {result['bytes'] / 1000:6.1f} KB (≤ {TARGET_BYTES / 1000:.0f})  "
        f"LCP {result['lcp_ms']:6.0f} ms (≤ {TARGET_LCP_MS})  CLS {result['cls']:.3f} (≤ {TARGET_CLS})  "
        f"{result['requests']:.0f} requests  [{result['path']}]  LCP: {result['lcp_element']}",
        flush=True,
    )
    kinds = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in sorted(result["bytes_by_kind"].items()))
    print(f"{'':>16}KB by kind: {kinds}", flush=True)
    loaded = result["lcp_resource_loaded_ms"]
    loaded = f", LCP resource loaded at {loaded:.0f} ms" if loaded else ""
    print(f"{'':>16}first byte at {result['ttfb_ms']:.0f} ms{loaded}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
