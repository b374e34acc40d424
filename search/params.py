"""Search parameters: parsed and checked once, for the page, the API and every engine.

Anything a visitor can type or put in a URL comes through here, so a bad value turns
into a `BadSearchParameter` (answered with 400 and a clear message), never an engine
error.
"""

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from heritage.blocks import VIETNAM_LATITUDE, VIETNAM_LONGITUDE

MAX_QUERY_LENGTH = 500
PAGE_SIZE = 20
MAX_RESULT_WINDOW = 10_000
MAX_POLYGON_POINTS = 2_000
SORTS = ("relevance", "date", "title")
MEDIA_KINDS = ("image", "audio", "video")
# Period buckets by the year a practice or product is first documented.
PERIODS = {
    "before-1900": (None, 1899),
    "1900-1944": (1900, 1944),
    "1945-1974": (1945, 1974),
    "1975-1999": (1975, 1999),
    "since-2000": (2000, None),
}
LIST_FILTERS = ("type", "group", "province", "subject", "licence", "media", "ocop", "period")


class BadSearchParameter(ValueError):
    """A parameter a visitor gave that cannot be searched; its message says why."""


@dataclass
class SearchParams:
    text: str = ""
    filters: dict = field(default_factory=dict)  # name → list of values
    bbox: tuple | None = None  # (west, south, east, north)
    polygon: list | None = None  # [(lon, lat), ...] closed ring
    near: tuple | None = None  # (lat, lon, km)
    sort: str = "relevance"
    page: int = 1
    size: int = PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.size

    def terms(self):
        """Free words and quoted phrases of the query text."""
        return split_query(self.text)

    def has_geo(self):
        return any((self.bbox, self.polygon, self.near))


def normalise_text(value):
    return unicodedata.normalize("NFC", value or "").strip()


def split_query(text):
    """("words", "phrases"): quoted parts are phrases; an unbalanced quote is just a character."""
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]+"', " ", text).replace('"', " ")
    words = [word for word in re.findall(r"[\w'’-]+", rest) if word.strip("-'’")]
    return words, [phrase.strip() for phrase in phrases if phrase.strip()]


def _float(value, name):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadSearchParameter(_("%(name)s must be a number.") % {"name": name}) from None
    if not math.isfinite(number):
        raise BadSearchParameter(_("%(name)s must be a number.") % {"name": name})
    return number


def parse_bbox(value):
    parts = value.split(",")
    if len(parts) != 4:
        raise BadSearchParameter(_("bbox needs four numbers: west,south,east,north."))
    west, south, east, north = (_float(part, "bbox") for part in parts)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise BadSearchParameter(_("bbox is outside the world's coordinates."))
    if west >= east or south >= north:
        raise BadSearchParameter(_("bbox must have west < east and south < north."))
    return west, south, east, north


def parse_polygon(value):
    """A GeoJSON Polygon (or a bare ring of [lon, lat] pairs); the ring must close."""
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        raise BadSearchParameter(_("polygon must be GeoJSON.")) from None
    ring = data.get("coordinates", [None])[0] if isinstance(data, dict) else data
    if isinstance(data, dict) and data.get("type") != "Polygon":
        raise BadSearchParameter(_("polygon must be a GeoJSON Polygon."))
    if not isinstance(ring, list) or len(ring) < 4 or len(ring) > MAX_POLYGON_POINTS:
        raise BadSearchParameter(_("A polygon needs at least four points (the last one closing the ring)."))
    points = []
    for point in ring:
        if not isinstance(point, list) or len(point) != 2:
            raise BadSearchParameter(_("Each polygon point must be [longitude, latitude]."))
        lon, lat = (_float(coordinate, "polygon") for coordinate in point)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadSearchParameter(_("A polygon point is outside the world's coordinates."))
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise BadSearchParameter(_("The polygon does not close: its last point must repeat the first."))
    return points


def parse_near(value):
    parts = value.split(",")
    if len(parts) != 3:
        raise BadSearchParameter(_("near needs latitude,longitude,kilometres."))
    lat, lon, km = (_float(part, "near") for part in parts)
    if not (VIETNAM_LATITUDE[0] - 5 <= lat <= VIETNAM_LATITUDE[1] + 5) or not (
        VIETNAM_LONGITUDE[0] - 5 <= lon <= VIETNAM_LONGITUDE[1] + 5
    ):
        raise BadSearchParameter(_("near must be a point in or around Vietnam."))
    if not 0 < km <= 2000:
        raise BadSearchParameter(_("The distance must be between 0 and 2000 km."))
    return lat, lon, km


def parse(query_dict):
    text = normalise_text(query_dict.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        raise BadSearchParameter(
            _("The query is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(text), "max": MAX_QUERY_LENGTH}
        )
    filters = {}
    for name in LIST_FILTERS:
        values = [normalise_text(value)[:100] for value in query_dict.getlist(name) if value.strip()]
        if values:
            filters[name] = values
    for value in filters.get("media", []):
        if value not in MEDIA_KINDS:
            raise BadSearchParameter(_("media is one of image, audio, video."))
    for value in filters.get("ocop", []):
        if value not in ("3", "4", "5"):
            raise BadSearchParameter(_("ocop is a star rating: 3, 4 or 5."))
    for value in filters.get("period", []):
        if value not in PERIODS:
            raise BadSearchParameter(_("Unknown period: %(value)s") % {"value": value})
    sort = query_dict.get("sort") or ("relevance" if text else "date")
    if sort not in SORTS:
        raise BadSearchParameter(_("sort is one of relevance, date, title."))
    try:
        page = int(query_dict.get("page") or 1)
    except ValueError:
        raise BadSearchParameter(_("page must be a whole number.")) from None
    if page < 1:
        raise BadSearchParameter(_("page starts at 1."))
    if page * PAGE_SIZE > MAX_RESULT_WINDOW:
        raise BadSearchParameter(
            _("Results are browsable to the %(max)dth; narrow the search with filters.") % {"max": MAX_RESULT_WINDOW}
        )
    return SearchParams(
        text=text,
        filters=filters,
        bbox=parse_bbox(query_dict["bbox"]) if query_dict.get("bbox") else None,
        polygon=parse_polygon(query_dict["polygon"]) if query_dict.get("polygon") else None,
        near=parse_near(query_dict["near"]) if query_dict.get("near") else None,
        sort=sort,
        page=page,
    )
