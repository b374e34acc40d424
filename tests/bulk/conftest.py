import csv
import io
import zipfile

import pytest

from bulk.columns import COLUMN_NAMES
from tests.factories import make_jpeg_bytes, make_wav_bytes


def festival_row(number=1, **overrides):
    """A row for a valid festival; `overrides` change or add cells."""
    row = {
        "identifier": f"QNG-LH-{number:03d}",
        "type": "festival",
        "title": f"Lễ hội thử số {number}",
        "title_en": f"Test festival {number}",
        "summary": "Lễ hội của người Hrê ở Sơn Hà.",
        "ethnic_groups": "Hrê",
        "province": "51",
        "latitude": "15.0442",
        "longitude": "108.4681",
        "calendar": "lunar",
        "festival_date": "15/1 ÂL",
        "licence": "cc-by-4.0",
        "access_level": "public",
    }
    row.update(overrides)
    return row


def csv_file(rows, columns=None):
    columns = columns or list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows, columns=None):
    from openpyxl import Workbook

    columns = columns or list(dict.fromkeys(name for row in rows for name in row))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(name) for name in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def media_zip(names):
    """A zip of real files made in memory: JPEGs drawn with Pillow, WAV recordings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, name in enumerate(names):
            if name.endswith(".wav"):
                archive.writestr(f"anh/{name}", make_wav_bytes(seconds=1 + number / 10))
            else:
                archive.writestr(f"anh/{name}", make_jpeg_bytes(colour=(20 * number % 255, 90, 40)))
    return buffer.getvalue()


@pytest.fixture
def library(record_index, curator):
    return record_index


__all__ = ["COLUMN_NAMES", "csv_file", "festival_row", "media_zip", "xlsx_file"]
