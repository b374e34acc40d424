"""Real tile files for the base-map tests: a raster PMTiles written with pmtiles.writer,
an MBTiles written with sqlite3, PNG tiles drawn with Pillow, and a few small areas."""

import io
import json
import math
import sqlite3

# Vietnam, west, south, east, north.
VIETNAM = (102.1, 8.4, 109.5, 23.4)
TILE_COLOUR = (32, 120, 196)


def header(tile_type, compression, bbox):
    """A PMTiles header for tiles of this type covering `bbox` (west, south, east, north)."""
    west, south, east, north = bbox
    return {
        "tile_type": tile_type,
        "tile_compression": compression,
        "min_lon_e7": int(west * 1e7),
        "min_lat_e7": int(south * 1e7),
        "max_lon_e7": int(east * 1e7),
        "max_lat_e7": int(north * 1e7),
        "center_zoom": 6,
        "center_lon_e7": int((west + east) / 2 * 1e7),
        "center_lat_e7": int((south + north) / 2 * 1e7),
    }


def png_tile(colour=TILE_COLOUR, text=""):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (256, 256), colour)
    ImageDraw.Draw(image).rectangle([8, 8, 247, 247], outline=(255, 255, 255), width=3)
    if text:
        ImageDraw.Draw(image).text((20, 20), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def tiles_covering(bbox, zoom):
    """(x, y) of the Web Mercator (XYZ) tiles of `zoom` that `bbox` touches."""
    west, south, east, north = bbox

    def tile(longitude, latitude):
        n = 2**zoom
        x = int((longitude + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2 * n)
        return min(x, n - 1), min(y, n - 1)

    x0, y0 = tile(west, north)
    x1, y1 = tile(east, south)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def write_raster_pmtiles(path, zooms=range(0, 8), bbox=VIETNAM, attribution="Test tiles"):
    """A PNG PMTiles file of every tile of `zooms` over `bbox`; returns {(z, x, y): bytes}."""
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import write

    tiles = {(z, x, y): png_tile(text=f"{z}/{x}/{y}") for z in zooms for x, y in tiles_covering(bbox, z)}
    with write(str(path)) as writer:
        for (z, x, y), data in sorted(tiles.items(), key=lambda item: zxy_to_tileid(*item[0])):
            writer.write_tile(zxy_to_tileid(z, x, y), data)
        writer.finalize(
            header(TileType.PNG, Compression.NONE, bbox),
            {"attribution": attribution},
        )
    return tiles


def write_mbtiles(path, tiles, metadata):
    """An MBTiles file (TMS rows) of `tiles` ({(z, x, y): bytes}, XYZ) and `metadata`."""
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE metadata (name text, value text)")
    connection.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
    connection.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
    connection.executemany("INSERT INTO metadata VALUES (?, ?)", list(metadata.items()))
    connection.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
    )
    connection.commit()
    connection.close()


def box(west, south, east, north):
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def import_small_areas(directory):
    """Two provinces, one of them with two districts, imported as the gis app imports
    any boundary file."""
    from gis.importing import import_areas

    provinces = directory / "provinces.geojson"
    districts = directory / "districts.geojson"
    provinces.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "51", "name": "Quảng Ngãi"},
                        "geometry": box(108.2, 14.5, 109.1, 15.4),
                    },
                    {
                        "type": "Feature",
                        "properties": {"code": "49", "name": "Quảng Nam"},
                        "geometry": box(107.2, 15.4, 108.7, 16.2),
                    },
                ],
            }
        )
    )
    districts.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "5101", "name": "Sơn Hà", "province": "51"},
                        "geometry": box(108.2, 14.5, 108.6, 15.4),
                    },
                    {
                        "type": "Feature",
                        "properties": {"code": "5102", "name": "Ba Tơ", "province": "51"},
                        "geometry": box(108.6, 14.5, 109.1, 15.4),
                    },
                ],
            }
        )
    )
    import_areas(str(provinces), level="province")
    import_areas(str(districts), level="district", parent_code_field="province")


def _varint(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number, wire_type, payload):
    key = _varint(number << 3 | wire_type)
    return key + (_varint(len(payload)) + payload if wire_type == 2 else payload)


def land_tile(layer="earth", extent=4096):
    """A Mapbox Vector Tile (protobuf, by hand: no encoder is installed) whose layer
    `layer` holds one polygon covering the whole tile: land everywhere."""

    def zigzag(n):
        return (n << 1) ^ (n >> 31)

    commands = [9, zigzag(0), zigzag(0), 26, zigzag(extent), zigzag(0), zigzag(0), zigzag(extent)]
    commands += [zigzag(-extent), zigzag(0), 15]
    geometry = b"".join(_varint(c) for c in commands)
    feature = _field(1, 0, _varint(1)) + _field(3, 0, _varint(3)) + _field(4, 2, geometry)
    body = _field(15, 0, _varint(2)) + _field(1, 2, layer.encode()) + _field(2, 2, feature)
    body += _field(5, 0, _varint(extent))
    return _field(3, 2, body)


def write_vector_pmtiles(path, zooms=range(0, 7), bbox=VIETNAM):
    """A vector PMTiles file (gzipped MVT, as Protomaps builds are) of land tiles."""
    import gzip

    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import write

    data = gzip.compress(land_tile(), mtime=0)
    ids = sorted(zxy_to_tileid(z, x, y) for z in zooms for x, y in tiles_covering(bbox, z))
    with write(str(path)) as writer:
        for tile_id in ids:
            writer.write_tile(tile_id, data)
        writer.finalize(
            header(TileType.MVT, Compression.GZIP, bbox),
            {"attribution": '<a href="https://protomaps.com">Protomaps</a> © OpenStreetMap'},
        )
