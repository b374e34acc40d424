"""Screenshots of the main pages, at a desktop's and a phone's width, for the docs.

    .venv/bin/python scripts/screenshots.py --serve
    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 [--password …]

`--serve` starts the production layout itself with the demo loaded, as bench/phone.py
does (its own library under var/screenshots/, MAP_TILES=none: there are no map tiles
without the internet), and stops it after; `--base` uses a demo already running (`make
demo` or `make serve` after `manage.py load_demo`, started with MAP_TILES=none and
TWO_FACTOR_REQUIRED=0 so the script can sign in to the admin as the demo's `admin`).

Each page is opened in Debian's Chromium (Playwright) at 1280 and 390 CSS pixels wide,
the map (or a record's map, opened with its button) drawn, and the top of the page (at
most 1.8 screens tall) saved to docs/screenshots/<page>-<width>.png, reduced to a
256-colour palette and optimised with Pillow so the set stays small. docs/screenshots.md
shows them.
"""

import argparse
import io
import json
import os
import shutil
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
TALLEST = 1.8  # screens: the top of a long page says what it is


def pages(base):
    """(name, caption, path) of every page shot, the record and dictionary found in the demo."""
    record = next(
        detail
        for summary in read_json(f"{base}/api/v1/records?page_size=50")["results"]
        if summary["latitude"] is not None
        for detail in [read_json(f"{base}/api/v1/records/{summary['id']}")]
        if detail["image"]
    )
    record_path = urllib.parse.urlsplit(record["url"]).path
    return [
        ("home", "Trang chủ · Home", "/"),
        ("record", "Hồ sơ · A record", record_path),
        ("library", "Thư viện hồ sơ · The library", "/ho-so/"),
        ("search", "Tìm kiếm · Search", "/search/?q=" + urllib.parse.quote("lễ hội")),
        ("map", "Bản đồ · Search by map", "/map/"),
        ("calendar", "Lịch lễ hội · Festival calendar", "/lich-le-hoi/"),
        ("dictionary", "Từ điển · Dictionaries", "/tu-dien/"),
        ("statistics", "Thống kê · Statistics", "/thong-ke/"),
        ("admin-edit", "Biên tập hồ sơ · Editing a record (admin)", f"/admin/pages/{record['id']}/edit/"),
    ]


def read_json(url):
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - our own server
        return json.load(answer)


def shrink(png_bytes, path):
    """A 256-colour, optimised PNG: screenshots of flat pages lose nothing visible."""
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def sign_in(page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")


def shoot(browser, base, shots, password):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    for label, (width, height) in WIDTHS.items():
        phone = label == "phone"
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, device_scale_factor=1
        )
        page = context.new_page()
        signed_in = False
        for name, _caption, path in shots:
            if path.startswith("/admin/") and not signed_in:
                sign_in(page, base, "admin", password)
                signed_in = True
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            opener = page.locator("[data-map-open]")
            if opener.count():
                opener.first.click()
                page.wait_for_selector(".leaflet-container")
                page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # maps settle their markers
            full = page.evaluate("() => document.documentElement.scrollHeight")
            clip = {"x": 0, "y": 0, "width": width, "height": min(full, int(height * TALLEST))}
            target = OUTPUT / f"{name}-{width}.png"
            shrink(page.screenshot(clip=clip, full_page=True), target)
            written.append(target)
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1000:.0f} KB", flush=True)
        context.close()
    return written


def write_page(shots):
    lines = [
        "# Screenshots",
        "",
        "The main pages of the demo at a desktop's width (1280 px) and a phone's (390 px),",
        "drawn by `scripts/screenshots.py` (run it again after a change to the pages; map",
        "tiles are off, as they come from the internet).",
        "",
    ]
    for name, caption, path in shots:
        lines += [
            f"## {caption}",
            "",
            f"`{urllib.parse.unquote(path)}`",
            "",
            f'<img src="screenshots/{name}-1280.png" alt="{caption}, desktop" width="640"> '
            f'<img src="screenshots/{name}-390.png" alt="{caption}, phone" width="195">',
            "",
        ]
    (ROOT / "docs" / "screenshots.md").write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    place = parser.add_mutually_exclusive_group(required=True)
    place.add_argument("--base", help="a running demo, e.g. http://127.0.0.1:8000")
    place.add_argument("--serve", action="store_true", help="start the production layout with the demo")
    parser.add_argument("--port", type=int, default=8792)
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "heritage-demo"))
    options = parser.parse_args()

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    def run(base):
        shots = pages(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            written = shoot(browser, base, shots, options.password)
            browser.close()
        write_page(shots)
        total = sum(path.stat().st_size for path in written)
        print(f"{len(written)} screenshots, {total / 1e6:.1f} MB; docs/screenshots.md written")

    if options.base:
        run(options.base.rstrip("/"))
        return 0
    sys.path.insert(0, str(ROOT / "bench"))
    from serving import environment, prepare_demo, serving

    folder = ROOT / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    env = environment(
        folder, options.port, 2, MAP_TILES="none", TWO_FACTOR_REQUIRED="0", DEMO_PASSWORD=options.password
    )
    prepare_demo(env)
    with serving(env, folder) as base:
        run(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
