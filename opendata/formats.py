"""Writing a dataset's rows as CSV, JSON or GeoJSON, a chunk at a time.

Each writer takes the dataset's columns and an iterator of chunks (lists of row dicts,
see `opendata.datasets`) and yields UTF-8 bytes: the opening at once (so the first
byte leaves before the first query), then one piece per chunk, then the closing. Only
one chunk is ever held, whatever the size of the dataset.

CSV: RFC 4180 (comma, double quotes, CRLF), UTF-8 with a byte-order mark so that Excel
opens Vietnamese text correctly on a double click (pandas, R, LibreOffice and
frictionless read the mark as UTF-8 too); several values in one cell separated by "|";
empty cell = no value; true/false; dates and times ISO 8601 (times in UTC, with Z). A
text cell that starts with = + - @ or a tab would be taken as a formula by a
spreadsheet, so it is written with a leading apostrophe (CSV only; JSON keeps the text
as it is).

JSON: an array of objects with the same names as the CSV columns; several values are
an array, no value is null. GeoJSON (RFC 7946): a FeatureCollection in WGS 84.
"""

import csv
import io
import json

from .datasets import SEPARATOR, iso

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(value):
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell_writer(column):
    """value → what a CSV cell holds, for one column (chosen once per file, not per cell)."""
    if column.multiple:
        return lambda values: SEPARATOR.join(values) if values else ""
    if column.type == "string":
        return _text_cell
    if column.type == "boolean":
        return lambda value: "" if value is None else ("true" if value else "false")
    if column.type in ("date", "datetime"):
        return lambda value: "" if value is None else iso(value)
    return lambda value: "" if value is None else value


def csv_stream(columns, chunks):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    yield (BOM + buffer.getvalue()).encode()
    cells = [(column.name, _cell_writer(column)) for column in columns]
    for rows in chunks:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([cell(row[name]) for name, cell in cells] for row in rows)
        yield buffer.getvalue().encode()


def _json_value(column, value):
    if column.multiple:
        return list(value or [])
    value = iso(value)
    if value == "":
        return None
    return value


def _object(columns, row):
    return {column.name: _json_value(column, row[column.name]) for column in columns}


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _items(opening, closing, pieces):
    """`opening`, the pieces (each an iterable of JSON texts, one chunk) joined by
    commas, `closing`: a JSON array written a chunk at a time."""
    yield opening.encode()
    first = True
    for chunk in pieces:
        texts = list(chunk)
        if not texts:
            continue
        yield ((",\n" if not first else "\n") + ",\n".join(texts)).encode()
        first = False
    yield closing.encode()


def json_stream(columns, chunks):
    pieces = ((_dumps(_object(columns, row)) for row in rows) for rows in chunks)
    yield from _items("[", "\n]\n", pieces)


def geojson_stream(columns, chunks, id_of, geometry_of, skip=()):
    """A FeatureCollection: `id_of(row)` and `geometry_of(row)` make each feature's id and
    geometry; the `skip` columns (the coordinates, already in the geometry) are left
    out of its properties."""
    kept = [column for column in columns if column.name not in skip]

    def features(rows):
        for row in rows:
            feature = {"type": "Feature", "id": id_of(row), "geometry": geometry_of(row)}
            feature["properties"] = _object(kept, row)
            yield _dumps(feature)

    pieces = (features(rows) for rows in chunks)
    yield from _items('{"type":"FeatureCollection","features":[', "\n]}\n", pieces)


def point(row):
    return {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}


def write(dataset, distribution, chunks=None):
    """The bytes of one file of `dataset`, as an iterator."""
    if chunks is None:
        chunks = dataset.rows(geometry=distribution.geometry)
    if distribution.format == "csv":
        return csv_stream(dataset.columns, chunks)
    if distribution.format == "json":
        return json_stream(dataset.columns, chunks)
    if dataset.key == "records":
        return geojson_stream(dataset.columns, chunks, lambda row: row["id"], point, skip=("latitude", "longitude"))
    return geojson_stream(
        dataset.columns, chunks, lambda row: f"{row['level']}/{row['code']}", lambda row: row["geometry"]
    )
