"""The responsive renditions every image gets: a few widths in modern formats.

Templates ask for them through `{% responsive_image %}`; new uploads get them made in
the background (`media.tasks`), so the first visitor does not wait for the encoder.
"""

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
    made = image.get_renditions(*filter_specs())
    by_format = {}
    for fmt in formats():
        unique = {}
        for width in WIDTHS:
            rendition = made[f"width-{width}|format-{fmt}"]
            unique.setdefault(rendition.width, rendition)  # a small original yields one size
        by_format[fmt] = list(unique.values())
    return by_format
