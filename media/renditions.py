"""The responsive renditions every image gets: a few widths in modern formats.

Templates ask for them through `{% responsive_image %}`; new uploads get them made in
the background (`media.tasks`), so the first visitor does not wait for the encoder.
"""

import re
from functools import cache

WIDTHS = (480, 800, 1200)


@cache
def formats():
    """AVIF first where this Pillow can write it, then WebP for every other browser."""
    from PIL import features

    return ("avif", "webp") if features.check("avif") else ("webp",)


def filter_specs():
    return [f"width-{width}|format-{fmt}" for fmt in formats() for width in WIDTHS]


def renditions_by_format(image):
    """{format: [rendition, …] by width}, made on first use and reused after."""
    made = image.get_renditions(*(scaling_filter(spec) for spec in filter_specs()))
    by_format = {}
    for fmt in formats():
        unique = {}
        for width in WIDTHS:
            rendition = made[f"width-{width}|format-{fmt}"]
            unique.setdefault(rendition.width, rendition)  # a small original yields one size
        by_format[fmt] = list(unique.values())
    return by_format


_SCALE_ONLY = re.compile(r"^(?:width|height|max|min)-\d+(?:x\d+)?(?:\|format-[a-z]+)?$")


def scaling_filter(spec):
    """A Wagtail Filter for `spec` that decodes large JPEGs at reduced scale when it can."""
    from contextlib import contextmanager

    from wagtail.images.models import Filter

    class ReducedDecodeFilter(Filter):
        """JPEG can decode at 1/2, 1/4 or 1/8 of its size almost for free (Pillow's draft
        mode); for a 12-megapixel photo shown 1200 pixels wide that is most of the work.
        Only for filters that scale the whole image: crops and focal points need the full
        pixel grid."""

        @contextmanager
        def get_willow_image(self, image, source=None):
            from PIL import Image as PILImage
            from willow.plugins.pillow import PillowImage

            opened = source if source is not None else image.open_file()
            try:
                opened.seek(0)
                decoded = PILImage.open(opened)
                if decoded.format != "JPEG":
                    opened.seek(0)
                    with super().get_willow_image(image, opened) as willow_image:
                        yield willow_image
                    return
                width, height = decoded.size
                if decoded.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
                target = self.get_transform(image, (width, height)).size
                side = max(target)
                decoded.draft("RGB", (side, side))  # never below the size asked for
                reduced = PillowImage(decoded)
                reduced.format_name = "jpeg"  # what Wagtail reads to keep the output format
                yield reduced
            finally:
                if source is None:
                    opened.close()

    return ReducedDecodeFilter(spec=spec) if _SCALE_ONLY.match(spec) else Filter(spec=spec)
