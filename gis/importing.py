"""Import boundary files (GeoJSON, zipped Shapefile, GeoPackage) into `Area` rows.

Everything is read and checked first; the database is written in one transaction only
when the file as a whole is usable, so a broken file changes nothing.
"""

import os
from dataclasses import dataclass, field

from django.db import transaction

from heritage.text import nfc

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
        return (
            f"{self.created} created, {self.updated} updated, {len(self.repaired)} repaired, "
            f"{len(self.rejected)} rejected"
        )


def read_geodata(path, source_crs=None):
    """A GeoDataFrame in EPSG:4326, or AreaFileError with a clear reason."""
    import geopandas

    if not os.path.exists(path):
        raise AreaFileError(f"No file at {path}.")
    try:
        frame = geopandas.read_file(path)
    except Exception as error:  # noqa: BLE001 - GDAL raises many kinds; all mean "not readable"
        if "closed linestring" in str(error):
            raise AreaFileError(
                "A polygon in the file does not close: the last point of each ring must repeat the first. "
                "Nothing was imported."
            ) from error
        raise AreaFileError(
            f"{os.path.basename(path)} is not a geodata file this importer can read "
            f"(GeoJSON, zipped Shapefile or GeoPackage): {error}"
        ) from error
    if "geometry" not in frame or frame.geometry.isna().all() or len(frame) == 0:
        raise AreaFileError(f"{os.path.basename(path)} has no geometries.")
    if frame.crs is None:
        if not source_crs:
            raise AreaFileError(
                "The file does not say its coordinate system; give it with --source-crs (e.g. EPSG:3405)."
            )
        frame = frame.set_crs(source_crs)
    elif source_crs:
        frame = frame.set_crs(source_crs, allow_override=True)
    if not frame.geom_type.isin(["Polygon", "MultiPolygon"]).any():
        kinds = ", ".join(sorted(set(frame.geom_type.dropna())))
        raise AreaFileError(f"The file holds {kinds} geometries, not polygons: areas need boundaries.")
    return frame.to_crs(4326)


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
    from shapely.geometry import mapping
    from shapely.validation import make_valid

    columns = set(frame.columns)
    for wanted in filter(None, (name_field, code_field, level_field, parent_code_field)):
        if wanted not in columns:
            available = ", ".join(sorted(columns - {"geometry"}))
            raise AreaFileError(f"The file has no attribute '{wanted}'. Its attributes are: {available}.")
    report, rows = ImportReport(), []
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        values = row._asdict()
        name = nfc(str(values.get(name_field) or "")).strip()
        code = nfc(str(values.get(code_field) or "")).strip()
        row_level = str(values.get(level_field) or "").strip() if level_field else level
        label = name or code or f"row {number}"
        geometry = values.get("geometry")
        if progress:
            progress(1)
        if not name or not code:
            report.rejected.append((number, label, "no name or no code"))
            continue
        if row_level not in ("province", "district", "commune", "region"):
            report.rejected.append((number, label, f"unknown level '{row_level}'"))
            continue
        if geometry is None or geometry.is_empty:
            report.rejected.append((number, label, "no geometry"))
            continue
        if not geometry.is_valid:
            geometry = make_valid(geometry)
            report.repaired.append(label)
        shape = polygonal(geometry)
        if shape is None or shape.is_empty:
            report.rejected.append((number, label, f"{geometry.geom_type} is not a polygon"))
            continue
        simplified = polygonal(shape.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)) or shape
        rows.append(
            {
                "code": code,
                "level": row_level,
                "name": name,
                "parent_code": str(values.get(parent_code_field) or "").strip() if parent_code_field else "",
                "geometry": mapping(shape),
                "simplified": mapping(simplified),
                "bounds": shape.bounds,
            }
        )
    return rows, report


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
    from .models import Area

    frame = read_geodata(path, source_crs)
    rows, report = prepare_rows(frame, name_field, code_field, level, level_field, parent_code_field, progress)
    if not rows:
        raise AreaFileError("No usable area in the file: " + "; ".join(f"{r[1]}: {r[2]}" for r in report.rejected[:5]))
    with transaction.atomic():
        for row in rows:
            min_lon, min_lat, max_lon, max_lat = row["bounds"]
            parent = None
            if row["parent_code"] and row["level"] in PARENT_LEVEL:
                parent = Area.objects.filter(level=PARENT_LEVEL[row["level"]], code=row["parent_code"]).first()
            _area, created = Area.objects.update_or_create(
                level=row["level"],
                code=row["code"],
                defaults={
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
                    "source": os.path.basename(path),
                },
            )
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report
