"""IIIF Image API 3.0, compliance level 1: parsing a request and producing the image.

Plain functions on Pillow images, no Django: `parse_request` turns the four path
segments into an `ImageRequest` (or raises `BadIIIFRequest`, a 400), `render` crops and
scales. Large JPEGs are decoded at a reduced scale when the output is smaller
(`Image.draft`), which is most of the speed of a tile server.
"""

import io
import math
import re
from dataclasses import dataclass

FORMATS = {"jpg": ("JPEG", "image/jpeg"), "webp": ("WEBP", "image/webp")}
# The widest and tallest image each encoder can write: beyond it Pillow fails while
# saving, so a bigger size is refused up front (a 400), and `max` stops there.
FORMAT_MAX_SIDE = {"jpg": 65_535, "webp": 16_383}
FORMAT_NAMES = {"jpg": "JPEG", "webp": "WebP"}
QUALITIES = ("default",)
TILE_SIZE = 512
# Anything larger is refused: a single response never holds more than this many pixels.
MAX_AREA = 25_000_000

# Pixel numbers are ASCII digits: `\d` alone would also take "١٢٣" or "１２".
_REGION_PIXELS = re.compile(r"^(\d+),(\d+),(\d+),(\d+)$", re.ASCII)
_SIZE = re.compile(r"^(\^?)(?:(max)|(\d+),|,(\d+)|(\d+),(\d+))$", re.ASCII)
# No image is this large; a longer number is refused before any arithmetic on it (a
# 400-digit width would overflow a float, a 5000-digit one cannot even become an int).
MAX_DIGITS = 9


class BadIIIFRequest(ValueError):
    """A request the Image API cannot answer; the message says which part is wrong."""


@dataclass(frozen=True)
class ImageRequest:
    region: tuple  # x, y, width, height in pixels of the original
    size: tuple  # width, height of the output
    format: str  # "jpg" or "webp"

    @property
    def mimetype(self):
        return FORMATS[self.format][1]


def parse_region(region, width, height):
    if region == "full":
        return 0, 0, width, height
    if region == "square":
        side = min(width, height)
        return (width - side) // 2, (height - side) // 2, side, side
    match = _REGION_PIXELS.match(region)
    if not match:
        raise BadIIIFRequest(f"Region '{region[:40]}' is not full, square or x,y,w,h in pixels.")
    x, y, w, h = (_pixels(part, "region") for part in match.groups())
    if w == 0 or h == 0 or x >= width or y >= height:
        raise BadIIIFRequest("The region is empty or lies outside the image.")
    return x, y, min(w, width - x), min(h, height - y)


def _pixels(digits, part):
    if len(digits) > MAX_DIGITS:
        raise BadIIIFRequest(f"The {part} asks for more pixels than any image has.")
    return int(digits)


def parse_size(size, region_width, region_height, file_format="jpg"):
    """Width and height of the output for the size segment, within `MAX_AREA` and what
    the encoder of `file_format` can write."""
    match = _SIZE.match(size)
    if not match:
        raise BadIIIFRequest(f"Size '{size[:40]}' is not max, w, ,h or w,h (with ^ to ask for upscaling).")
    upscale, maximum, by_width, by_height, width, height = match.groups()
    max_side = FORMAT_MAX_SIDE[file_format]
    if maximum:
        scale = min(
            1.0,
            math.sqrt(MAX_AREA / (region_width * region_height)),
            max_side / region_width,
            max_side / region_height,
        )
        result = (
            min(max_side, max(1, round(region_width * scale))),
            min(max_side, max(1, round(region_height * scale))),
        )
    elif by_width:
        w = _pixels(by_width, "size")
        result = (w, max(1, round(region_height * w / region_width)))
    elif by_height:
        h = _pixels(by_height, "size")
        result = (max(1, round(region_width * h / region_height)), h)
    else:
        result = (_pixels(width, "size"), _pixels(height, "size"))
    if 0 in result:
        raise BadIIIFRequest("A size of zero pixels was asked for.")
    if result[0] > region_width or result[1] > region_height:
        if not upscale:
            raise BadIIIFRequest("The size is larger than the region; use ^ to ask for upscaling.")
        raise BadIIIFRequest("This server does not upscale images.")
    if result[0] * result[1] > MAX_AREA:
        raise BadIIIFRequest(f"The size is larger than {MAX_AREA} pixels.")
    if max(result) > max_side:
        raise BadIIIFRequest(
            f"{FORMAT_NAMES[file_format]} images are at most {max_side} pixels wide and high; "
            f"ask for a smaller size{' or for jpg' if max_side < FORMAT_MAX_SIDE['jpg'] else ''}."
        )
    return result


def parse_request(region, size, rotation, quality_format, width, height):
    """Check the four path segments against an image of `width` × `height`."""
    quality, _dot, file_format = quality_format.rpartition(".")
    if rotation != "0":
        raise BadIIIFRequest("Only rotation 0 is supported.")
    if quality not in QUALITIES:
        raise BadIIIFRequest(f"Quality '{quality[:40]}' is not supported; use default.")
    if file_format not in FORMATS:
        raise BadIIIFRequest(f"Format '{file_format[:10]}' is not supported; use jpg or webp.")
    x, y, w, h = parse_region(region, width, height)
    return ImageRequest(region=(x, y, w, h), size=parse_size(size, w, h, file_format), format=file_format)


def render(source, request):
    """Bytes of the requested image, read from the file object `source`.

    Regions are in the image as displayed, that is after its EXIF orientation.
    """
    from PIL import Image, ImageOps

    with Image.open(source) as image:
        x, y, w, h = request.region
        stored_width = image.width
        reduce = max(1, min(w // request.size[0], h // request.size[1]))
        if image.format == "JPEG" and reduce > 1:
            image.draft("RGB", (image.width // reduce, image.height // reduce))  # decode at 1/2, 1/4, 1/8
        scale = image.width / stored_width
        image = ImageOps.exif_transpose(image)
        box = (x * scale, y * scale, (x + w) * scale, (y + h) * scale)
        image = image.convert("RGB").resize(request.size, Image.Resampling.LANCZOS, box=box)
        output = io.BytesIO()
        if request.format == "jpg":
            image.save(output, "JPEG", quality=85, optimize=True)
        else:
            image.save(output, "WEBP", quality=80, method=4)
        return output.getvalue()


def displayed_size(source):
    """Width and height as shown, EXIF orientation applied, read from the header only."""
    from PIL import Image

    with Image.open(source) as image:
        width, height = image.size
        if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # rotated by 90° one way or the other
            width, height = height, width
        return width, height


def info(identifier_url, width, height, rights=None):
    """The info.json document for an image of `width` × `height`."""
    scale_factors = [1]
    while max(width, height) / (scale_factors[-1] * 2) >= TILE_SIZE / 2 and len(scale_factors) < 8:
        scale_factors.append(scale_factors[-1] * 2)
    document = {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": identifier_url,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": width,
        "height": height,
        "maxArea": MAX_AREA,
        "tiles": [{"width": TILE_SIZE, "scaleFactors": scale_factors}],
        "sizes": [
            {"width": math.ceil(width / factor), "height": math.ceil(height / factor)} for factor in scale_factors[1:]
        ][::-1],
        "extraFormats": ["webp"],
    }
    if rights:
        document["rights"] = rights
    return document
