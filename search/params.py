"""Search parameters: parsed and checked once, for the page, the API and every engine.

Anything a visitor can type or put in a URL comes through here, so a bad value turns
into a `BadSearchParameter` (answered with 400 and a clear message), never an engine
error.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from heritage.geography import BadGeometry, parse_bbox, parse_near, parse_polygon

MAX_QUERY_LENGTH = 500
PAGE_SIZE = 20
MAX_RESULT_WINDOW = 10_000
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
    # Records the engine must leave out (their index entry is waiting to be updated).
    exclude_ids: tuple = ()

    @property
    def offset(self):
        return (self.page - 1) * self.size

    def terms(self):
        """Free words and quoted phrases of the query text."""
        return split_query(self.text)

    def has_geo(self):
        return any((self.bbox, self.polygon, self.near))


def normalise_text(value):
    """NFC, trimmed, and without NUL characters (PostgreSQL refuses them in any string)."""
    return unicodedata.normalize("NFC", (value or "").replace("\x00", "")).strip()


def split_query(text):
    """("words", "phrases"): quoted parts are phrases; an unbalanced quote is just a character."""
    phrases = re.findall(r'"([^"]+)"', text)
    rest = re.sub(r'"[^"]+"', " ", text).replace('"', " ")
    words = [word for word in re.findall(r"[\w'’-]+", rest) if word.strip("-'’")]
    return words, [phrase.strip() for phrase in phrases if phrase.strip()]


def parse(query_dict):
    text = normalise_text(query_dict.get("q", ""))
    if len(text) > MAX_QUERY_LENGTH:
        raise BadSearchParameter(
            _("The query is too long (%(length)d characters; at most %(max)d).")
            % {"length": len(text), "max": MAX_QUERY_LENGTH}
        )
    filters = {}
    for name in LIST_FILTERS:
        values = [value for value in (normalise_text(raw)[:100] for raw in query_dict.getlist(name)) if value]
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
    page_text = (query_dict.get("page") or "1").strip()
    if not (page_text.isascii() and page_text.isdigit() and len(page_text) <= 9):
        raise BadSearchParameter(_("page must be a whole number."))
    page = int(page_text)
    if page < 1:
        raise BadSearchParameter(_("page starts at 1."))
    if page * PAGE_SIZE > MAX_RESULT_WINDOW:
        raise BadSearchParameter(
            _("Results are browsable to the %(max)dth; narrow the search with filters.") % {"max": MAX_RESULT_WINDOW}
        )
    try:
        bbox = parse_bbox(query_dict["bbox"]) if query_dict.get("bbox") else None
        polygon = parse_polygon(query_dict["polygon"]) if query_dict.get("polygon") else None
        near = parse_near(query_dict["near"]) if query_dict.get("near") else None
    except BadGeometry as error:
        raise BadSearchParameter(str(error)) from None
    return SearchParams(text=text, filters=filters, bbox=bbox, polygon=polygon, near=near, sort=sort, page=page)
