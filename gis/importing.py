"""Import boundary files (GeoJSON, zipped Shapefile, GeoPackage) into `Area` rows.

Everything is read and checked first; the database is written in one transaction only
when the file as a whole is usable, so a broken file changes nothing. Within a usable
file, a feature that cannot be used (no name or code, no polygon, a geometry that cannot
be processed, a row the database refuses) is reported with its number and skipped.
"""

import logging
import os
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from heritage.text import nfc

logger = logging.getLogger(__name__)

PARENT_LEVEL = {"district": "province", "commune": "district"}
SIMPLIFY_TOLERANCE = 0.002  # degrees, about 200 m: enough for district maps on a phone


class AreaFileError(ValueError):
    """The file as a whole cannot be imported; the message says why. Nothing was changed."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    repaired: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # (row number, name or code, reason)
    notes: list = field(default_factory=list)

    def summary(self):
        return _("%(created)d created, %(updated)d updated, %(repaired)d repaired, %(rejected)d rejected") % {
            "created": self.created,
            "updated": self.updated,
            "repaired": len(self.repaired),
            "rejected": len(self.rejected),
        }


def read_geodata(path, source_crs=None):
    """A GeoDataFrame in EPSG:4326, or AreaFileError with a clear reason."""
    import geopandas

    if not os.path.exists(path):
        raise AreaFileError(_("No file at %(path)s.") % {"path": path})
    try:
        frame = geopandas.read_file(path)
    except Exception as error:  # noqa: BLE001 - GDAL raises many kinds; all mean "not readable"
        if "closed linestring" in str(error):
            raise AreaFileError(
                _(
                    "A polygon in the file does not close: the last point of each ring must repeat the first. "
                    "Nothing was imported."
                )
            ) from error
        raise AreaFileError(
            _(
                "%(name)s is not a geodata file this importer can read "
                "(GeoJSON, zipped Shapefile or GeoPackage): %(reason)s"
            )
            % {"name": os.path.basename(path), "reason": error}
        ) from error
    if "geometry" not in frame or frame.geometry.isna().all() or len(frame) == 0:
        raise AreaFileError(_("%(name)s has no geometries.") % {"name": os.path.basename(path)})
    if frame.crs is None and not source_crs:
        raise AreaFileError(
            _("The file does not say its coordinate system; give it with --source-crs (e.g. EPSG:3405).")
        )
    if not frame.geom_type.isin(["Polygon", "MultiPolygon"]).any():
        kinds = ", ".join(sorted(set(frame.geom_type.dropna())))
        raise AreaFileError(
            _("The file holds %(kinds)s geometries, not polygons: areas need boundaries.") % {"kinds": kinds}
        )
    try:
        if source_crs:
            frame = frame.set_crs(source_crs, allow_override=True)
        return frame.to_crs(4326)
    except Exception as error:  # noqa: BLE001 - pyproj raises several kinds for an unusable system
        raise AreaFileError(
            _("The coordinate system %(crs)s cannot be used: %(reason)s")
            % {"crs": source_crs or frame.crs, "reason": error}
        ) from error


def polygonal(geometry):
    """The polygonal part of a geometry as a MultiPolygon, or None."""
    from shapely.geometry import MultiPolygon, Polygon

    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    if isinstance(geometry, MultiPolygon):
        return geometry
    parts = [part for part in getattr(geometry, "geoms", []) if isinstance(part, Polygon | MultiPolygon)]
    polygons = [polygon for part in parts for polygon in getattr(part, "geoms", [part])]
    return MultiPolygon(polygons) if polygons else None


def prepare_rows(frame, name_field, code_field, level, level_field=None, parent_code_field=None, progress=None):
    """Checked rows ready to store, and the report of what was repaired or rejected."""
    columns = set(frame.columns)
    for wanted in filter(None, (name_field, code_field, level_field, parent_code_field)):
        if wanted not in columns:
            available = ", ".join(sorted(columns - {"geometry"}))
            raise AreaFileError(
                _("The file has no attribute '%(name)s'. Its attributes are: %(available)s.")
                % {"name": wanted, "available": available}
            )
    report, rows = ImportReport(), []
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        values = row._asdict()
        name = nfc(str(values.get(name_field) or "")).strip()
        code = nfc(str(values.get(code_field) or "")).strip()
        label = name or code or _("row %(number)d") % {"number": number}
        if progress:
            progress(1)
        try:
            checked, problem = _checked_row(values, name, code, level, level_field, parent_code_field)
        except Exception as error:  # noqa: BLE001 - GEOS fails in many ways on a strange geometry; skip it
            logger.exception("import_areas: feature %d (%s) could not be processed", number, label)
            checked, problem = None, _("unexpected error (%(error)s)") % {"error": f"{type(error).__name__}: {error}"}
        if problem:
            report.rejected.append((number, label, problem))
            continue
        if checked.pop("repaired"):
            report.repaired.append(label)
        rows.append({"number": number, **checked})
    return rows, report


def _checked_row(values, name, code, level, level_field, parent_code_field):
    """(a row ready to store, None) or (None, why the feature cannot be used)."""
    from shapely.geometry import mapping
    from shapely.validation import make_valid

    from .models import Area

    row_level = str(values.get(level_field) or "").strip() if level_field else level
    geometry = values.get("geometry")
    if not name or not code:
        return None, _("no name or no code")
    for value, model_field, message in (
        (name, "name", _("the name is longer than %(max)d characters")),
        (code, "code", _("the code is longer than %(max)d characters")),
    ):
        limit = Area._meta.get_field(model_field).max_length
        if len(value) > limit:
            return None, message % {"max": limit}
    if row_level not in ("province", "district", "commune", "region"):
        return None, _("unknown level '%(level)s'") % {"level": row_level}
    if geometry is None or geometry.is_empty:
        return None, _("no geometry")
    repaired = not geometry.is_valid
    if repaired:
        geometry = make_valid(geometry)
    shape = polygonal(geometry)
    if shape is None or shape.is_empty:
        return None, _("%(kind)s is not a polygon") % {"kind": geometry.geom_type}
    simplified = polygonal(shape.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)) or shape
    checked = {
        "code": code,
        "level": row_level,
        "name": name,
        "parent_code": str(values.get(parent_code_field) or "").strip() if parent_code_field else "",
        "geometry": mapping(shape),
        "simplified": mapping(simplified),
        "bounds": shape.bounds,
        "repaired": repaired,
        "shape": shape,  # for the outlines and join shapes derived when the area is saved
    }
    return checked, None


def _plain(geojson):
    """shapely's mapping() gives tuples; JSON wants lists."""
    import json

    return json.loads(json.dumps(geojson))


def import_areas(
    path,
    level="district",
    name_field="name",
    code_field="code",
    level_field=None,
    parent_code_field=None,
    valid_from=None,
    valid_to=None,
    source_crs=None,
    progress=None,
):
    """Create or update areas from a boundary file; re-running updates instead of duplicating."""
    frame = read_geodata(path, source_crs)
    rows, report = prepare_rows(frame, name_field, code_field, level, level_field, parent_code_field, progress)
    if not rows:
        raise AreaFileError(
            _("No usable area in the file: %(reasons)s")
            % {"reasons": "; ".join(f"{label}: {reason}" for _number, label, reason in report.rejected[:5])}
        )
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():  # a savepoint: a row the database refuses is skipped alone
                    created = _store(row, valid_from, valid_to, os.path.basename(path))
            except DatabaseError as error:
                logger.exception("import_areas: the database refused feature %d (%s)", row["number"], row["name"])
                report.rejected.append(
                    (
                        row["number"],
                        row["name"],
                        _("unexpected error (%(error)s)") % {"error": f"{type(error).__name__}: {error}"},
                    )
                )
                continue
            if created:
                report.created += 1
            else:
                report.updated += 1
    report.rejected.sort()
    return report


def _store(row, valid_from, valid_to, source):
    """Create or update one area; True when it is new."""
    from .models import Area

    min_lon, min_lat, max_lon, max_lat = row["bounds"]
    parent = None
    if row["parent_code"] and row["level"] in PARENT_LEVEL:
        parent = Area.objects.filter(level=PARENT_LEVEL[row["level"]], code=row["parent_code"]).first()
    area = Area.objects.filter(level=row["level"], code=row["code"]).first()
    created = area is None
    if created:
        area = Area(level=row["level"], code=row["code"])
    for name, value in {
        "name": row["name"],
        "parent": parent,
        "geometry": _plain(row["geometry"]),
        "simplified": _plain(row["simplified"]),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "source": source,
    }.items():
        setattr(area, name, value)
    # The signal that derives outlines and join shapes on save uses the shape in hand
    # instead of parsing the boundary again.
    area._boundary_shape = row["shape"]
    area.save()
    return created
