"""The responsive renditions every image gets: a few widths in modern formats.

Templates ask for them through `{% responsive_image %}`; new uploads get them made in
the background (`media.tasks`), so the first visitor does not wait for the encoder.

Wagtail makes each rendition on its own: it decodes the whole original once per width
and format (five times for the set below), which for a 24-megapixel photograph is most
of the work. Here the original is decoded once, at the smallest scale JPEG allows that
still covers the largest width (draft mode: a 4000-pixel photo shown 1200 wide is
decoded at 2000, a 6000-pixel one at 1500), each smaller width is derived from the one
above it, and the encoders run in parallel threads (Pillow releases the GIL while it
encodes). The files, names, sizes and database rows are those Wagtail would make; like
`HeritageImage.generate_rendition_file`, every file is written without location metadata.
"""

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from io import BytesIO

WIDTHS = (480, 800, 1200)
# AVIF only where it pays. The set is shown full width on phones and at 44rem on larger
# screens, so with today's pixel densities (1.5 and up) browsers pick 800 or 1200 pixels;
# 480 is chosen only by density-1 screens narrower than 480 pixels, which hardly exist
# any more. An AVIF at 480 would cost an encoding (a twelfth of the set's time) for
# almost no visitor; those few get the AVIF at 800, and browsers without AVIF keep WebP
# at every width.
AVIF_WIDTHS = (800, 1200)

# Encoder effort, chosen on camera-like photographs (bench/media.py) for the CPU budget of
# five images per core-second. libaom's speed 9 (the same as 10 for still images) encodes
# an 800-pixel AVIF in about 25 ms instead of 280 ms at Pillow's default speed 6, for files
# some 15 % larger that are still a third smaller than WebP at the same PSNR: AVIF
# still pays. When AVIF is served, WebP only reaches the few browsers without AVIF, so it
# gets the fastest method 0 (files ~20 % larger than method 4, in a quarter of the time);
# where this Pillow cannot write AVIF, WebP is what everyone gets and takes Pillow's default 4.
AVIF_SPEED = 9
WEBP_METHOD_BESIDE_AVIF = 0
WEBP_METHOD_ALONE = 4

EXIF_ORIENTATION = 0x0112
# What turns the picture upright, by EXIF orientation (as PIL.ImageOps.exif_transpose).
UPRIGHT = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270"}
UPRIGHT |= {7: "TRANSVERSE", 8: "ROTATE_90"}

_SCALE_ONLY = re.compile(r"^(?:width|height|max|min)-\d+(?:x\d+)?\|format-(avif|webp)$")


@cache
def formats():
    """AVIF first where this Pillow can write it, then WebP for every other browser."""
    from PIL import features

    return ("avif", "webp") if features.check("avif") else ("webp",)


def widths(fmt):
    return AVIF_WIDTHS if fmt == "avif" else WIDTHS


def filter_specs():
    return [f"width-{width}|format-{fmt}" for fmt in formats() for width in widths(fmt)]


def renditions_by_format(image):
    """{format: [rendition, …] by width}, made on first use and reused after."""
    made = get_renditions(image, filter_specs())
    by_format = {}
    for fmt in formats():
        unique = {}
        for width in widths(fmt):
            rendition = made[f"width-{width}|format-{fmt}"]
            unique.setdefault(rendition.width, rendition)  # a small original yields one size
        by_format[fmt] = list(unique.values())
    return by_format


def get_renditions(image, specs):
    """`image.get_renditions(*specs)`, with the missing ones made from one decoding.

    Specs that only scale the whole image to AVIF or WebP take the fast path; anything
    else (crops, other formats, a source Pillow cannot read as plain RGB) is left to
    Wagtail, which makes them one by one as usual.
    """
    from wagtail.images.models import Filter

    by_spec = {spec: Filter(spec=spec) for spec in specs}
    filters = list(by_spec.values())
    found = image.find_existing_renditions(*filters)
    missing = [filter for filter in filters if filter not in found]
    if missing:
        try:
            created = _create_renditions(image, missing)
        except OSError as error:
            from .storage import is_disk_full, rendition_not_stored

            if not is_disk_full(error):
                raise
            return {spec: found.get(each) or rendition_not_stored(image, each, error) for spec, each in by_spec.items()}
        if created is None:
            return image.get_renditions(*specs)
        for filter, rendition in created.items():
            image._add_to_prefetched_renditions(rendition)
            found[filter] = rendition
    Rendition = image.get_rendition_model()
    additions = {
        Rendition.construct_cache_key(image, filter.get_cache_key(image), filter.spec): rendition
        for filter, rendition in found.items()
        if not getattr(rendition, "_from_cache", False)
    }
    # Wagtail marks only prefetched renditions as cached, so those it just read from the
    # cache would be written back on every page view: one committed write per rendition
    # with the database cache of production (about 0.2 s of a record page's time on SQLite).
    for key in Rendition.cache_backend.get_many(list(additions)) if additions else ():
        del additions[key]
    if additions:
        Rendition.cache_backend.set_many(additions)
    return {spec: found[filter] for spec, filter in by_spec.items()}


def _create_renditions(image, filters):
    """{filter: saved rendition} for `filters`, or None when the fast path does not apply."""
    if not all(_SCALE_ONLY.match(filter.spec) for filter in filters):
        return None
    with image.open_file() as original:
        data = original.read()
    planned = _plan(image, data, filters)
    if planned is None:
        return None
    source, targets = planned
    encoded = _encode_all(source, targets)
    return _save(image, filters, encoded)


class _Source:
    """The original, opened but not yet decoded, and what it takes to turn it upright."""

    def __init__(self, picture, orientation):
        self.picture = picture
        self.orientation = orientation if orientation in UPRIGHT else 1
        self.sideways = self.orientation in (5, 6, 7, 8)
        width, height = picture.size
        self.upright_size = (height, width) if self.sideways else (width, height)

    def on_sensor(self, size):
        """An upright size as the stored pixel grid has it."""
        return (size[1], size[0]) if self.sideways else size

    def upright(self, picture):
        from PIL import Image

        if self.orientation == 1:
            return picture
        return picture.transpose(getattr(Image.Transpose, UPRIGHT[self.orientation]))


def _plan(image, data, filters):
    """(source, {filter: (format, upright size)}), or None for what Wagtail should make."""
    from PIL import Image, UnidentifiedImageError

    try:
        picture = Image.open(BytesIO(data))
    except (UnidentifiedImageError, OSError):
        return None
    if picture.mode not in ("RGB", "RGBA", "L", "LA", "P", "1") or getattr(picture, "n_frames", 1) > 1:
        return None  # CMYK, 16-bit, animations: Willow knows their colour handling
    source = _Source(picture, picture.getexif().get(EXIF_ORIENTATION, 1))
    whole = (0, 0, *source.upright_size)
    targets = {}
    for filter in filters:
        transform = filter.get_transform(image, source.upright_size)
        if tuple(round(edge) for edge in transform.get_rect()) != whole:
            return None
        targets[filter] = (_SCALE_ONLY.match(filter.spec).group(1), tuple(transform.size))
    return source, targets


def _encode_all(source, targets):
    """{filter: (bytes, (width, height))}: decode once, scale down width by width, encode in parallel."""
    from PIL import Image

    picture = source.picture
    sizes = sorted({size for _fmt, size in targets.values()}, reverse=True)
    largest = source.on_sensor(sizes[0])
    box = None
    if picture.format == "JPEG":
        # Never below the largest size asked for; `box` is the drafted picture's part that
        # corresponds to the whole original (the last row and column may be padding).
        drafted = picture.draft("RGB", largest)
        box = drafted[1] if drafted else None
    picture.load()
    if picture.mode in ("P", "1"):
        picture = picture.convert("RGBA" if picture.has_transparency_data else "RGB")
    icc_profile = picture.info.get("icc_profile")

    futures = {}
    scaled = {}  # on-sensor size → picture, so each width comes from the one above it
    pool = _encoder_pool()
    for size in sizes:
        on_sensor = source.on_sensor(size)
        larger = min((done for done in scaled if done[0] >= on_sensor[0]), default=None, key=lambda done: done[0])
        if larger is not None:
            scaled[on_sensor] = scaled[larger].resize(on_sensor, Image.Resampling.LANCZOS)
        elif on_sensor == picture.size and box is None:
            scaled[on_sensor] = picture
        else:
            # Bicubic for the one large step: within 0.4 dB of Lanczos (48.5 against 48.9 dB
            # PSNR to Wagtail's full-size Lanczos) in two thirds of the time.
            scaled[on_sensor] = picture.resize(on_sensor, Image.Resampling.BICUBIC, box=box)
        upright = source.upright(scaled[on_sensor])
        wanted = [(filter, fmt) for filter, (fmt, target) in targets.items() if target == size]
        for number, (filter, fmt) in enumerate(wanted):
            # Each encoder gets an Image object of its own: Pillow keeps a save's options on it.
            futures[filter] = pool.submit(_encode, upright.copy() if number else upright, fmt, icc_profile)
    return {filter: (future.result(), targets[filter][1]) for filter, future in futures.items()}


def _encode(picture, fmt, icc_profile):
    from django.conf import settings

    options = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "avif":
        quality = getattr(settings, "WAGTAILIMAGES_AVIF_QUALITY", 61)
        options |= {"quality": quality, "speed": AVIF_SPEED, "max_threads": 1}
    else:
        quality = getattr(settings, "WAGTAILIMAGES_WEBP_QUALITY", 80)
        method = WEBP_METHOD_BESIDE_AVIF if "avif" in formats() else WEBP_METHOD_ALONE
        options |= {"quality": quality, "method": method}
    output = BytesIO()
    picture.save(output, fmt.upper(), **options)
    return _without_location(output.getvalue())


def _without_location(data):
    """What `HeritageImage.generate_rendition_file` guarantees: no GPS in a rendition.
    The encoders here are given no EXIF or XMP, so this is a check that finds nothing to
    do; a file whose metadata cannot be read is kept, and `media.uploads` refuses it to
    whoever may not see the place, as for Wagtail's own renditions."""
    from .location_metadata import UnreadableMetadata, without_location

    try:
        cleaned = without_location(data)
    except UnreadableMetadata:
        return data
    return data if cleaned is None else cleaned


_pool = None
_pool_lock = threading.Lock()


def _encoder_pool():
    """One thread per core this process may use, made on first use (and again after a fork)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0)) or 1))
        return _pool[1]


def _save(image, filters, encoded):
    """Store the files and rows as `AbstractImage.create_renditions` does; renditions another
    process made meanwhile win, and the files made here for them are not stored."""
    from django.db.models import Q

    Rendition = image.get_rendition_model()
    created = {}
    clash = Q()
    for filter in filters:
        clash |= Q(filter_spec=filter.spec, focal_point_key=filter.get_cache_key(image))
    by_spec = {filter.spec: filter for filter in filters}
    for existing in image.renditions.filter(clash):
        created[by_spec[existing.filter_spec]] = existing
    # Stored here rather than by the model field on save, which would decode every new
    # file again to learn the width and height we already know.
    field = Rendition._meta.get_field("file")
    stem = os.path.splitext(os.path.basename(image.file.name))[0]
    to_create = []
    try:
        _store_files(image, filters, encoded, created, field, stem, to_create)
    except BaseException:
        for rendition in to_create:  # a file without its row would never be found again
            field.storage.delete(rendition.file.name)
        raise
    for rendition in Rendition.objects.bulk_create(to_create, ignore_conflicts=True):
        created[by_spec[rendition.filter_spec]] = rendition
    return created


def _store_files(image, filters, encoded, created, field, stem, to_create):
    from django.core.files.base import ContentFile
    from wagtail.images.models import IMAGE_FORMAT_EXTENSIONS

    Rendition = image.get_rendition_model()
    for filter in filters:
        if filter in created:
            continue
        data, (width, height) = encoded[filter]
        cache_key = filter.get_cache_key(image)
        fmt = _SCALE_ONLY.match(filter.spec).group(1)
        extension = filter.spec.replace("|", ".") + IMAGE_FORMAT_EXTENSIONS[fmt]
        if cache_key:
            extension = f"{cache_key}.{extension}"
        name = field.generate_filename(Rendition(image=image), f"{stem[: 59 - len(extension)]}.{extension}")
        to_create.append(
            Rendition(
                image=image,
                filter_spec=filter.spec,
                focal_point_key=cache_key,
                file=field.storage.save(name, ContentFile(data), max_length=field.max_length),
                width=width,
                height=height,
            )
        )
