"""The site's own base map: one PMTiles file, served by the site in byte ranges and drawn
in the browser, so a map on an intranet or offline still shows land, roads and places.

`MAP_TILES=basemap` turns it on; the file is `HERITAGE_BASEMAP_FILE` (env BASEMAP_FILE),
made by `manage.py basemap_import` (see docs/basemap.md). The browser reads the file's
header and directory and then only the tiles a view needs, with HTTP Range requests to
`/map/basemap.pmtiles`: raster tiles through `pmtiles.leafletRasterLayer`, vector tiles
(a Protomaps extract) through `protomaps-leaflet`. The file holds no record, so it is
public; its address takes no parameter and names no other file.
"""

import gzip
import os
import sqlite3
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.html import escape, strip_tags
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from media.uploads import byte_range

# The value of HERITAGE_MAP_TILES (env MAP_TILES) that asks for the site's own base map.
SELF_HOSTED = "basemap"
RASTER_TYPES = {2: "png", 3: "jpeg", 4: "webp", 5: "avif"}
VECTOR_TYPE = 1  # Mapbox Vector Tiles
# A browser keeps parts of the file this long; the ETag tells the map a new file came.
CACHE_SECONDS = 3600


class BrokenBasemap(Exception):
    """A tile file that cannot serve as the base map; its message says why."""


@dataclass(frozen=True)
class BasemapFile:
    """What a map needs to know of the base-map file before it asks for tiles."""

    kind: str  # "raster" or "vector"
    min_zoom: int
    max_zoom: int
    bounds: tuple  # west, south, east, north
    tiles: int
    attribution: str = ""  # from the file's metadata, as text


def basemap_path():
    return settings.HERITAGE_BASEMAP_FILE


def read_pmtiles(path):
    """The `BasemapFile` of the PMTiles file at `path`, or BrokenBasemap."""
    from pmtiles.reader import MmapSource, Reader
    from pmtiles.tile import MagicNumberNotFound, SpecVersionUnsupported

    try:
        with open(path, "rb") as handle:
            header = Reader(MmapSource(handle)).header()
            size = os.fstat(handle.fileno()).st_size
    except (MagicNumberNotFound, SpecVersionUnsupported) as error:
        raise BrokenBasemap(_("%(path)s is not a PMTiles file (version 3).") % {"path": path}) from error
    except (OSError, ValueError, IndexError) as error:
        raise BrokenBasemap(
            _("%(path)s cannot be read as PMTiles: %(error)s") % {"path": path, "error": error or type(error).__name__}
        ) from error
    if header["tile_data_offset"] + header["tile_data_length"] > size:
        raise BrokenBasemap(_("%(path)s is cut short: its tiles end past the end of the file.") % {"path": path})
    tile_type = getattr(header.get("tile_type"), "value", header.get("tile_type"))
    if tile_type in RASTER_TYPES:
        kind = "raster"
    elif tile_type == VECTOR_TYPE:
        kind = "vector"
    else:
        raise BrokenBasemap(_("%(path)s holds tiles of an unknown type.") % {"path": path})
    tiles = header.get("addressed_tiles_count") or 0
    if not tiles:
        raise BrokenBasemap(_("%(path)s holds no tile.") % {"path": path})
    bounds = tuple(header[name] / 1e7 for name in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7"))
    return BasemapFile(kind, header["min_zoom"], header["max_zoom"], bounds, tiles, _attribution(path))


def _attribution(path):
    """The `attribution` of the file's metadata, escaped: Leaflet writes it as HTML."""
    from pmtiles.reader import MmapSource, Reader

    try:
        with open(path, "rb") as handle:
            metadata = Reader(MmapSource(handle)).metadata()
    except (OSError, ValueError, EOFError):
        return ""
    value = metadata.get("attribution") if isinstance(metadata, dict) else None
    return escape(strip_tags(value)) if isinstance(value, str) else ""


_known = {}


def current_basemap():
    """The configured base map's `BasemapFile` when `MAP_TILES=basemap` and the file is
    there and sound, else None (maps then draw the area outlines as their base). Read
    once per version of the file."""
    if getattr(settings, "HERITAGE_MAP_TILES", None) != SELF_HOSTED:
        return None
    path = basemap_path()
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _known:
        return _known[key]
    try:
        found = read_pmtiles(path)
    except BrokenBasemap:
        found = None
    _known.clear()  # only the current version is worth remembering
    _known[key] = found
    return found


def serve_basemap(request):
    """The base-map file, whole or in byte ranges (206; 416 for a range outside it), with
    validators so that a browser notices a new file. 404 when no self-hosted base map is
    configured: the address then says nothing about the server's files."""
    if current_basemap() is None:
        raise Http404
    path = basemap_path()
    try:
        stat = os.stat(path)
        etag = quote_etag(f"{stat.st_size:x}-{stat.st_mtime_ns:x}")
        response = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
        if response is None:
            file = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
            response = byte_range(request, FileResponse(file, content_type="application/vnd.pmtiles"), path)
    except OSError as error:  # removed by an operator a moment ago
        raise Http404 from error
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The first bytes of a tile, for an MBTiles file whose metadata does not say its format.
TILE_SIGNATURES = ((b"\x89PNG", "png"), (b"\xff\xd8", "jpeg"), (b"RIFF", "webp"), (b"\x1f\x8b", "pbf"))


def import_basemap(source, target, max_zoom=None, progress=None):
    """Make the base-map file `target` from `source`: an MBTiles file (converted with
    the `pmtiles` package) or a PMTiles file (checked and copied). The new file is
    written beside `target` and checked before it takes its place in one rename, so a
    broken source (BrokenBasemap, with a message for the operator) leaves the current
    base map as it was. `progress(done, total)` is called as tiles are written.
    Returns the new file's `BasemapFile`."""
    import shutil

    target = os.fspath(target)
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".basemap-", suffix=".pmtiles", dir=os.path.dirname(target) or ".")
    os.close(handle)
    try:
        if _is_pmtiles(source):
            expected = read_pmtiles(source).tiles
            shutil.copyfile(source, temporary)
            if progress:
                progress(expected, expected)
        else:
            expected = mbtiles_to_pmtiles(source, temporary, max_zoom, progress)
        made = read_pmtiles(temporary)
        if made.tiles != expected:
            raise BrokenBasemap(
                _("The new base map holds %(made)d tiles instead of %(expected)d; the current one is kept.")
                % {"made": made.tiles, "expected": expected}
            )
        os.chmod(temporary, 0o644)  # noqa: S103 - a public map, read by the web server's user
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    _known.clear()
    return made


def _is_pmtiles(path):
    try:
        with open(path, "rb") as handle:
            return handle.read(7) == b"PMTiles"
    except OSError as error:
        raise BrokenBasemap(_("%(path)s cannot be opened: %(error)s") % {"path": path, "error": error}) from error


def mbtiles_to_pmtiles(source, output, max_zoom=None, progress=None):
    """Write the tiles of the MBTiles file `source` to the PMTiles file `output`; returns
    how many. Like `pmtiles.convert.mbtiles_to_pmtiles` (whose header conversion it
    uses), but it checks the file first, reports progress and fills in the zoom levels
    and format that many MBTiles files leave out of their metadata."""
    from pmtiles.convert import mbtiles_to_header_json
    from pmtiles.tile import zxy_to_tileid
    from pmtiles.writer import write

    try:
        connection = sqlite3.connect(f"file:{os.path.abspath(source)}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BrokenBasemap(_("%(path)s cannot be opened: %(error)s") % {"path": source, "error": error}) from error
    try:
        cursor = connection.cursor()
        try:
            if cursor.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BrokenBasemap(_("%(path)s is a damaged SQLite file.") % {"path": source})
            metadata = dict(cursor.execute("SELECT name, value FROM metadata").fetchall())
            limit = max_zoom if max_zoom is not None else 99
            keys = cursor.execute(
                "SELECT zoom_level, tile_column, tile_row FROM tiles WHERE zoom_level <= ?", (limit,)
            ).fetchall()
        except sqlite3.Error as error:
            raise BrokenBasemap(
                _("%(path)s is not an MBTiles file (%(error)s).") % {"path": source, "error": error}
            ) from error
        if not keys:
            raise BrokenBasemap(_("%(path)s holds no tile.") % {"path": source})
        zooms = [key[0] for key in keys]
        metadata.setdefault("minzoom", str(min(zooms)))
        metadata.setdefault("maxzoom", str(max(zooms)))
        tile_ids = sorted((zxy_to_tileid(z, x, (1 << z) - 1 - row), z, x, row) for z, x, row in keys)
        total = len(tile_ids)
        with write(output) as writer:
            for done, (tile_id, z, x, row) in enumerate(tile_ids, 1):
                found = cursor.execute(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?", (z, x, row)
                ).fetchone()
                data = found and found[0]
                if not data:
                    raise BrokenBasemap(
                        _("Tile %(z)d/%(x)d/%(y)d of %(path)s is empty.")
                        % {"z": z, "x": x, "y": (1 << z) - 1 - row, "path": source}
                    )
                if "format" not in metadata:
                    metadata["format"] = next((kind for magic, kind in TILE_SIGNATURES if data.startswith(magic)), "")
                if metadata["format"] == "pbf" and not data.startswith(b"\x1f\x8b"):
                    data = gzip.compress(data, mtime=0)  # PMTiles vector tiles are gzipped, as pmtiles.convert does
                writer.write_tile(tile_id, data)
                if progress and (done == total or done % 1000 == 0):
                    progress(done, total)
            try:
                header, metadata = mbtiles_to_header_json(metadata)
            except (KeyError, ValueError) as error:
                raise BrokenBasemap(
                    _("The metadata of %(path)s is unusable (%(error)s).") % {"path": source, "error": error}
                ) from error
            if header["tile_type"].value not in (VECTOR_TYPE, *RASTER_TYPES):
                raise BrokenBasemap(
                    _("%(path)s holds tiles of an unknown type (%(format)s).")
                    % {"path": source, "format": metadata.get("format")}
                )
            writer.finalize(header, metadata)
        return total
    except sqlite3.Error as error:
        raise BrokenBasemap(_("%(path)s cannot be read: %(error)s") % {"path": source, "error": error}) from error
    finally:
        connection.close()
