"""Vietnam's extent and the geometry a visitor can put in a URL, checked in one place.

Boxes, polygons and distances arrive from the search page, the map, the API and the
GeoJSON endpoints; each is parsed here, and anything malformed becomes a `BadGeometry`
with a sentence saying what is wrong (answered with 400), never a server error.
"""

import json
import math

from django.utils.translation import gettext as _

# Vietnam's extent, Hoàng Sa and Trường Sa included.
VIETNAM_LATITUDE = (6.0, 23.5)
VIETNAM_LONGITUDE = (102.0, 118.0)
VIETNAM_CENTRE = (15.9, 106.5)
MAX_POLYGON_POINTS = 2_000
# Room for MAX_POLYGON_POINTS points written out generously; longer text is not parsed.
MAX_POLYGON_CHARACTERS = 100_000


class BadGeometry(ValueError):
    """A box, polygon or distance that cannot be used; its message says why."""


def in_vietnam(latitude, longitude):
    return (
        VIETNAM_LATITUDE[0] <= latitude <= VIETNAM_LATITUDE[1]
        and VIETNAM_LONGITUDE[0] <= longitude <= VIETNAM_LONGITUDE[1]
    )


# A sensitive place is shown as the cell of this grid (about 22 km) that holds it, until
# the GIS layer ties it to its commune or district.
GENERALISED_CELL_DEGREES = 0.2


def generalised_cell(latitude, longitude):
    """The grid cell holding a point: (west, south, east, north)."""
    size = GENERALISED_CELL_DEGREES
    south = math.floor(latitude / size) * size
    west = math.floor(longitude / size) * size
    return (round(west, 6), round(south, 6), round(west + size, 6), round(south + size, 6))


def cell_centre(cell):
    west, south, east, north = cell
    return round((south + north) / 2, 6), round((west + east) / 2, 6)


def box_polygon(box):
    """A (west, south, east, north) box as a GeoJSON Polygon."""
    west, south, east, north = box
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def number(value, name):
    try:
        result = float(value)
    except (TypeError, ValueError, OverflowError):
        raise BadGeometry(_("%(name)s must be a number.") % {"name": name}) from None
    if not math.isfinite(result):
        raise BadGeometry(_("%(name)s must be a number.") % {"name": name})
    return result


def parse_bbox(value):
    """`west,south,east,north` in degrees → a tuple of four floats."""
    parts = str(value).split(",")
    if len(parts) != 4:
        raise BadGeometry(_("bbox needs four numbers: west,south,east,north."))
    west, south, east, north = (number(part, "bbox") for part in parts)
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise BadGeometry(_("bbox is outside the world's coordinates."))
    if west >= east or south >= north:
        raise BadGeometry(_("bbox must have west < east and south < north."))
    return west, south, east, north


def parse_polygon(value):
    """A GeoJSON Polygon (or a bare ring of [lon, lat] pairs) → its outer ring as
    [(lon, lat), ...]; the ring must close."""
    if len(str(value)) > MAX_POLYGON_CHARACTERS:
        raise BadGeometry(_("The polygon is too large: at most %(max)d points.") % {"max": MAX_POLYGON_POINTS})
    try:
        # ValueError as well: a number of more than 4300 digits cannot become an int.
        data = json.loads(value)
    except (ValueError, RecursionError, TypeError):
        raise BadGeometry(_("polygon must be GeoJSON.")) from None
    if isinstance(data, dict):
        if data.get("type") != "Polygon":
            raise BadGeometry(_("polygon must be a GeoJSON Polygon."))
        rings = data.get("coordinates")
        ring = rings[0] if isinstance(rings, list) and rings else None
    else:
        ring = data
    if not isinstance(ring, list) or len(ring) < 4:
        raise BadGeometry(_("A polygon needs at least four points (the last one closing the ring)."))
    if len(ring) > MAX_POLYGON_POINTS:
        raise BadGeometry(_("The polygon is too large: at most %(max)d points.") % {"max": MAX_POLYGON_POINTS})
    points = []
    for point in ring:
        if (
            not isinstance(point, list)
            or len(point) != 2
            or not all(isinstance(coordinate, int | float) and not isinstance(coordinate, bool) for coordinate in point)
        ):
            raise BadGeometry(_("Each polygon point must be [longitude, latitude]."))
        lon, lat = (number(coordinate, "polygon") for coordinate in point)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadGeometry(_("A polygon point is outside the world's coordinates."))
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise BadGeometry(_("The polygon does not close: its last point must repeat the first."))
    if len(set(points)) < 3:
        raise BadGeometry(_("A polygon needs at least three different points."))
    return points


def parse_near(value):
    """`latitude,longitude,km` → (lat, lon, km), a point in or around Vietnam."""
    parts = str(value).split(",")
    if len(parts) != 3:
        raise BadGeometry(_("near needs latitude,longitude,kilometres."))
    lat, lon, km = (number(part, "near") for part in parts)
    if not (VIETNAM_LATITUDE[0] - 5 <= lat <= VIETNAM_LATITUDE[1] + 5) or not (
        VIETNAM_LONGITUDE[0] - 5 <= lon <= VIETNAM_LONGITUDE[1] + 5
    ):
        raise BadGeometry(_("near must be a point in or around Vietnam."))
    if not 0 < km <= 2000:
        raise BadGeometry(_("The distance must be between 0 and 2000 km."))
    return lat, lon, km


def point_in_polygon(lon, lat, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def kilometres_between(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
