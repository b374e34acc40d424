"""What is derived from an area's boundary when it is stored, so that neither a map nor
the spatial join reads the full boundary again.

- Outlines per zoom band (`AreaOutline`): the boundary simplified to about one screen
  pixel at the band's deepest zoom level, its coordinates rounded to match and parts
  smaller than a pixel left out. A country map of the 692 districts weighs tens of
  kilobytes instead of the 8 MB of the full boundaries.
- Join shapes (`AreaJoinShape`): the exact boundary as WKB, which shapely parses for every
  district in one vectorised call, an inner and an outer approximation for the coarse
  test of the join (see `gis.linking`), and a point inside the area.

Why the coarse test is exact: the boundary simplified by Douglas-Peucker with tolerance
t (topology kept) replaces each run of vertices by a segment that stays within t of all
of them, so the part of the plane where the simplified area and the real one disagree
lies within t of the simplified boundary. `inner` and `outer` are the simplified area
shrunk and grown by 1.5 t (arcs of two segments per quarter circle keep at least 1.39 t),
so a point inside `inner` is inside the area and a point outside `outer` is outside it.
"""

import json

# Outlines are stored for these zoom levels; a map at zoom z draws the first band ≥ z,
# and beyond the last one the full boundary.
OUTLINE_ZOOMS = (6, 8, 10, 12)
JOIN_TOLERANCE = 0.002  # degrees, about 200 m: the simplified boundary of the coarse test
JOIN_MARGIN = 1.5 * JOIN_TOLERANCE


def pixel_degrees(zoom):
    """Degrees of longitude one screen pixel spans at `zoom` (256-pixel Web Mercator tiles)."""
    return 360 / (256 * 2**zoom)


def outline_band(zoom):
    """The stored outline band that draws `zoom` without visible error, or None (full)."""
    return next((band for band in OUTLINE_ZOOMS if band >= zoom), None)


def _decimals(zoom):
    """Decimals that keep rounding well under a pixel at `zoom`."""
    return 3 if zoom <= 6 else 4 if zoom <= 10 else 5


def _plain(geometry):
    from shapely.geometry import mapping

    return json.loads(json.dumps(mapping(geometry)))


def outline_for_zoom(shape, zoom):
    """`shape` (a shapely MultiPolygon) as a GeoJSON geometry fit to draw at `zoom`."""
    import shapely
    from shapely.geometry import MultiPolygon

    from .importing import polygonal

    pixel = pixel_degrees(zoom)
    simple = polygonal(shapely.simplify(shape, pixel, preserve_topology=True)) or shape
    parts = sorted(simple.geoms, key=lambda part: part.area, reverse=True)
    # Islets smaller than a pixel cannot be seen; the largest part always stays.
    kept = parts[:1] + [part for part in parts[1:] if part.area >= pixel * pixel]
    rounded = shapely.set_precision(MultiPolygon(kept), 10 ** -_decimals(zoom), mode="pointwise")
    return _plain(rounded)


def derived_shapes(shape):
    """({zoom: outline GeoJSON}, join-shape fields) for a boundary (shapely MultiPolygon)."""
    import shapely

    simple = shapely.simplify(shape, JOIN_TOLERANCE, preserve_topology=True)
    inside = shape.representative_point()
    join = {
        "exact": shapely.to_wkb(shape),
        "inner": shapely.to_wkb(shapely.buffer(simple, -JOIN_MARGIN, quad_segs=2)),
        "outer": shapely.to_wkb(shapely.buffer(simple, JOIN_MARGIN, quad_segs=2)),
        "inside_longitude": round(inside.x, 5),
        "inside_latitude": round(inside.y, 5),
    }
    return {zoom: outline_for_zoom(shape, zoom) for zoom in OUTLINE_ZOOMS}, join


def boundary_shape(geojson):
    """A stored GeoJSON boundary as a valid shapely MultiPolygon."""
    from shapely.geometry import shape
    from shapely.validation import make_valid

    from .importing import polygonal

    geometry = shape(geojson)
    if not geometry.is_valid:
        geometry = make_valid(geometry)
    return polygonal(geometry)


def store_derived_shapes(area, shape=None, outline_model=None, join_model=None):
    """Write an area's outlines and join shapes (`shape`: its boundary, when the caller
    has it in hand). The models may be given as historical models by a migration."""
    from django.db import transaction

    from . import models

    outline_model = outline_model or models.AreaOutline
    join_model = join_model or models.AreaJoinShape
    shape = shape if shape is not None else boundary_shape(area.geometry)
    if shape is None or shape.is_empty:
        return
    outlines, join = derived_shapes(shape)
    with transaction.atomic():
        outline_model.objects.filter(area_id=area.pk).delete()
        outline_model.objects.bulk_create(
            outline_model(area_id=area.pk, zoom=zoom, geometry=geometry) for zoom, geometry in outlines.items()
        )
        join_model.objects.update_or_create(area_id=area.pk, defaults=join)


def ensure_derived_shapes(area_ids=None):
    """Derive the shapes of areas that have none yet (made before these existed, or
    written without `save()`); returns how many were made."""
    from .models import Area

    missing = Area.objects.filter(join_shape__isnull=True)
    if area_ids is not None:
        missing = missing.filter(pk__in=list(area_ids))
    made = 0
    for area in missing.only("pk", "geometry"):
        store_derived_shapes(area)
        made += 1
    return made
