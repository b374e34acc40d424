"""Media benchmark (not a test): renditions of 12- and 24-megapixel photographs, IIIF tiles.

    .venv/bin/python bench/media.py [--images 60] [--tiles 300] [--portrait 0.25]

Generates camera-like JPEGs (a scene of shapes over a textured gradient with sensor grain,
encoded at quality 90; half of them 4000 × 3000, half 6000 × 4000, a quarter of them
(--portrait) phone photos taken upright, with EXIF rotation and GPS), stores them as
images in its own SQLite database under var/bench/, then measures:

- the site's full responsive set (`media.renditions`: WebP at 480, 800 and 1200 pixels
  and AVIF, where Pillow writes it, at 800 and 1200), made cold as the background task makes it, one
  image after another. The figure that counts is **images per core-second**: images
  divided by the CPU time of the whole process (every thread, Django and SQLite
  included), so it does not depend on how many cores were free; wall-clock images per
  second and the parallelism it reached are printed beside it. Target: at least 5.
- IIIF Image API tile requests per second, cold and from the disk cache.

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
TARGET_IMAGES_PER_CORE_SECOND = 5
SIZES = {"12 MP": (4000, 3000), "24 MP": (6000, 4000)}


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def camera_scene(size, rng):
    """Shapes over a textured gradient, with grain: costs an encoder about what a photograph does."""
    from PIL import Image, ImageDraw

    width, height = size
    texture = Image.effect_noise((width // 16, height // 16), 60).convert("RGB").resize(size, Image.Resampling.BICUBIC)
    scene = Image.blend(Image.linear_gradient("L").resize(size).convert("RGB"), texture, 0.5)
    draw = ImageDraw.Draw(scene)
    for _ in range(300):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse([x, y, x + rng.randrange(10, 300), y + rng.randrange(10, 300)], fill=colour)
    return Image.blend(scene, Image.effect_noise(size, 18).convert("RGB"), 0.15)


def phone_exif():
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    exif = Image.Exif()
    exif[0x0112] = 6  # the sensor lies on its side: turned upright when shown
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (IFDRational(15), IFDRational(2), IFDRational(3900, 100)), 3: "E", 4: (IFDRational(108), 0, 0)}
    )
    return exif


def camera_like_jpegs(count, portrait=0.25):
    """`count` distinct JPEGs, alternately 12 and 24 megapixels, the share `portrait` of
    them phone photos taken upright (as many of one size as of the other): (size label, bytes)."""
    from PIL import ImageDraw

    rng = random.Random(12)
    scenes = {label: camera_scene(size, rng) for label, size in SIZES.items()}
    for number in range(count):
        label = list(SIZES)[number % len(SIZES)]
        image = scenes[label].copy()
        x = number * 13 % (image.width - 200)
        ImageDraw.Draw(image).rectangle([x, 40, x + 160, 200], fill=(number % 256, 30, 90))
        buffer = io.BytesIO()
        upright = number // 2 % round(1 / portrait) == 0 if portrait else False
        image.save(buffer, "JPEG", quality=90, **({"exif": phone_exif()} if upright else {}))
        yield label, buffer.getvalue()


def print_renditions(report):
    print(
        f"{'responsive set':<16}{'images':>7}{'CPU s':>8}{'wall s':>8}{'img/core-s':>12}{'img/s':>8}  target",
        flush=True,
    )
    for label in [*SIZES, "all"]:
        row = report[f"responsive_set_{label.replace(' ', '')}"]
        verdict = "met" if row["images_per_core_second"] >= TARGET_IMAGES_PER_CORE_SECOND else "NOT met"
        print(
            f"{label:<16}{row['images']:>7}{row['cpu_seconds']:>8}{row['wall_seconds']:>8}"
            f"{row['images_per_core_second']:>12}{row['images_per_second_wall']:>8}"
            f"  ≥ {TARGET_IMAGES_PER_CORE_SECOND}/core-s {verdict}"
        )
    print("mean KB:", ", ".join(f"{key} {value}" for key, value in report["rendition_kb_mean"].items()), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=60)
    parser.add_argument("--tiles", type=int, default=300)
    parser.add_argument("--portrait", type=float, default=0.25, help="share of upright phone photos (0 to 1)")
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
    from media.renditions import filter_specs, renditions_by_format
    from media.signals import queue_renditions

    call_command("migrate", verbosity=0)
    report = {"machine": {"cpus": os.cpu_count()}, "target_images_per_core_second": TARGET_IMAGES_PER_CORE_SECOND}

    post_save.disconnect(queue_renditions, sender=HeritageImage)  # measured below, not while storing
    started = time.perf_counter()
    images = []
    for number, (label, data) in enumerate(camera_like_jpegs(args.images, args.portrait)):
        image = HeritageImage(title=f"Ảnh thử {number}", description="Ảnh đo hiệu năng", credit="Ảnh: tạo tự động")
        image.file = ImageFile(io.BytesIO(data), name=f"bench-{number}.jpg")
        image.save()
        images.append((label, image))
    report["generate_and_store"] = {"images": len(images), "seconds": round(time.perf_counter() - started, 1)}

    # The full responsive set, cold, one image after another as the background task makes them.
    specs = filter_specs()
    for label in SIZES:
        chosen = [image for size, image in images if size == label]
        wall, cpu = time.perf_counter(), time.process_time()
        for image in chosen:
            renditions_by_format(image)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        report[f"responsive_set_{label.replace(' ', '')}"] = {
            "images": len(chosen),
            "renditions_each": len(specs),
            "cpu_seconds": round(cpu, 1),
            "wall_seconds": round(wall, 1),
            "images_per_core_second": round(len(chosen) / cpu, 2),
            "images_per_second_wall": round(len(chosen) / wall, 2),
            "cores_busy": round(cpu / wall, 2),
        }
    rows = [report[f"responsive_set_{label.replace(' ', '')}"] for label in SIZES]
    cpu = sum(row["cpu_seconds"] for row in rows)
    wall = sum(row["wall_seconds"] for row in rows)
    report["responsive_set_all"] = {
        "images": len(images),
        "renditions_each": len(specs),
        "cpu_seconds": round(cpu, 1),
        "wall_seconds": round(wall, 1),
        "images_per_core_second": round(len(images) / cpu, 2),
        "images_per_second_wall": round(len(images) / wall, 2),
        "cores_busy": round(cpu / wall, 2),
        "peak_memory_mb": round(peak_memory_mb()),
    }
    sizes = {}
    for _label, image in images:
        for rendition in image.renditions.all():
            fmt = rendition.filter_spec.rsplit("-", 1)[-1]
            key = f"{fmt} {rendition.filter_spec.split('|')[0].split('-')[1]}"
            sizes.setdefault(key, []).append(rendition.file.size)
    report["rendition_kb_mean"] = {
        key: round(sum(values) / len(values) / 1024, 1) for key, values in sorted(sizes.items())
    }
    print_renditions(report)

    # IIIF: tiles of 512 × 512 at scale factors 1, 2, 4, 8 from random images, as a viewer asks.
    user = get_user_model().objects.create_superuser("bench", password="bench-password-long")  # noqa: S106 - a throwaway database
    client = Client()
    client.force_login(user)  # images used by no page are staff-only
    rng = random.Random(5)
    requests = []
    for _ in range(args.tiles):
        label, image = rng.choice(images)
        width, height = image.displayed_size()
        factor = rng.choice([1, 2, 4, 8])
        side = 512 * factor
        x, y = rng.randrange(0, width, side), rng.randrange(0, height, side)
        w, h = min(side, width - x), min(side, height - y)
        requests.append(f"/iiif/3/{image.pk}/{x},{y},{w},{h}/{max(1, w // factor)},/0/default.jpg")
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
        if isinstance(numbers, dict):
            print(f"{name:<28} " + ", ".join(f"{key}={value}" for key, value in numbers.items()))
    print(f"JSON: {BENCH_DIR / f'media-{stamp}.json'}")
    shutil.rmtree(work / "uploads", ignore_errors=True)


if __name__ == "__main__":
    main()
