"""Media benchmark (not a test): renditions of 12-megapixel photographs, IIIF tiles.

    .venv/bin/python bench/media.py [--images 200] [--tiles 300]

Generates JPEGs of 4000 × 3000 pixels (shapes and gradients, encoded like a camera at
quality 90), stores them as images in its own SQLite database under var/bench/, then
measures: three WebP widths per image (images/s, cold), the site's full responsive set
(AVIF + WebP), and IIIF Image API tile requests per second, cold and from the cache.
Prints a table and writes JSON to var/bench/.
"""

import argparse
import io
import json
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def camera_like_jpegs(count, size=(4000, 3000)):
    """`count` distinct 12-megapixel JPEGs, made from one drawn scene with a unique patch each."""
    from PIL import Image, ImageDraw

    rng = random.Random(12)
    scene = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(scene)
    for _ in range(400):
        x, y = rng.randrange(size[0] - 400), rng.randrange(size[1] - 400)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x, y, x + rng.randrange(20, 400), y + rng.randrange(20, 400)], fill=colour)
    for number in range(count):
        image = scene.copy()
        ImageDraw.Draw(image).rectangle(
            [number * 13 % 3800, 40, number * 13 % 3800 + 160, 200], fill=(number % 256, 30, 90)
        )
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        yield buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--tiles", type=int, default=300)
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = BENCH_DIR / "media"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    os.environ.update(
        DATABASE_URL=f"sqlite:///{work / 'media.sqlite3'}",
        DJANGO_SETTINGS_MODULE="heritage.settings.dev",
        HERITAGE_VAR_DIR=str(work),
        HERITAGE_IIIF_CACHE_DIR=str(work / "iiif"),
        DEBUG="0",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from django.db.models.signals import post_save
    from django.test import Client

    from media.models import HeritageImage
    from media.renditions import filter_specs, scaling_filter
    from media.signals import queue_renditions

    call_command("migrate", verbosity=0)
    report = {}

    post_save.disconnect(queue_renditions, sender=HeritageImage)  # measured below, not while storing
    started = time.perf_counter()
    images = []
    for number, data in enumerate(camera_like_jpegs(args.images)):
        image = HeritageImage(title=f"Ảnh thử {number}", description="Ảnh đo hiệu năng", credit="Ảnh: tạo tự động")
        image.file = ImageFile(io.BytesIO(data), name=f"bench-{number}.jpg")
        image.save()
        images.append(image)
    report["generate_and_store"] = {"images": len(images), "seconds": round(time.perf_counter() - started, 1)}

    webp_specs = [f"width-{width}|format-webp" for width in (480, 800, 1200)]
    started = time.perf_counter()
    for image in images:
        image.get_renditions(*(scaling_filter(spec) for spec in webp_specs))
    seconds = time.perf_counter() - started
    report["renditions_3_webp_cold"] = {
        "images": len(images),
        "seconds": round(seconds, 1),
        "images_per_second": round(len(images) / seconds, 2),
        "peak_memory_mb": round(peak_memory_mb()),
    }

    subset = images[: max(1, len(images) // 4)]
    started = time.perf_counter()
    for image in subset:
        image.get_renditions(*(scaling_filter(spec) for spec in filter_specs() if "webp" not in spec))
    seconds = time.perf_counter() - started
    report["renditions_3_avif_cold"] = {
        "images": len(subset),
        "images_per_second": round(len(subset) / seconds, 2),
    }

    # IIIF: tiles of 512 × 512 at scale factors 1, 2, 4, 8 from random images, as a viewer asks.
    user = get_user_model().objects.create_superuser("bench", password="bench-password-long")  # noqa: S106 - a throwaway database
    client = Client()
    client.force_login(user)  # images used by no page are staff-only
    rng = random.Random(5)
    requests = []
    for _ in range(args.tiles):
        image = rng.choice(images)
        factor = rng.choice([1, 2, 4, 8])
        side = 512 * factor
        x, y = rng.randrange(0, 4000, side), rng.randrange(0, 3000, side)
        w, h = min(side, 4000 - x), min(side, 3000 - y)
        size = f"{max(1, w // factor)},"
        requests.append(f"/iiif/3/{image.pk}/{x},{y},{w},{h}/{size}/0/default.jpg")
    for label in ("iiif_tiles_cold", "iiif_tiles_cached"):
        started = time.perf_counter()
        for path in requests:
            response = client.get(path, HTTP_HOST="127.0.0.1")
            if response.status_code != 200:
                sys.exit(f"{path} answered {response.status_code}")
        seconds = time.perf_counter() - started
        report[label] = {"requests": len(requests), "requests_per_second": round(len(requests) / seconds, 1)}
    report["peak_memory_mb"] = {"whole_run": round(peak_memory_mb())}

    stamp = time.strftime("%Y%m%d-%H%M%S")
    (BENCH_DIR / f"media-{stamp}.json").write_text(json.dumps(report, indent=2))
    for name, numbers in report.items():
        print(f"{name:<24} " + ", ".join(f"{key}={value}" for key, value in numbers.items()))
    print(f"JSON: {BENCH_DIR / f'media-{stamp}.json'}")
    shutil.rmtree(work / "uploads", ignore_errors=True)


if __name__ == "__main__":
    main()
