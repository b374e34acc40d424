"""Reading and writing the record spreadsheet as CSV (UTF-8) or Excel (XLSX, openpyxl).

A file is read whole before anything is planned: one that cannot be used as a whole
(not UTF-8, not a workbook, no `identifier` column, a column the format does not know,
a column twice) raises `BadSpreadsheet` and nothing is imported. Rows are numbered as a
spreadsheet numbers them (the header is row 1), blank rows are skipped.
"""

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from heritage.text import from_spreadsheet_safe, spreadsheet_safe

from .columns import BY_NAME, COLUMN_NAMES, clean_text, format_number

DELIMITERS = (",", ";", "\t")  # spreadsheets set to some locales save CSV with ';' or tabs
MAX_ROWS = 100_000
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadSpreadsheet(ValueError):
    """The file cannot be imported at all; its message says why."""


@dataclass
class SheetRow:
    number: int
    values: dict  # column name → text (only the file's columns)


@dataclass
class Sheet:
    columns: list
    rows: list


def read_sheet(data, name=""):
    """A `Sheet` from the bytes of a CSV or XLSX file (told apart by content)."""
    if data[:4] == b"PK\x03\x04":
        raw_rows = _xlsx_rows(data)
    else:
        raw_rows = _csv_rows(data)
    header = next(raw_rows, None)
    if not header or not any(clean_text(cell) for cell in header):
        raise BadSpreadsheet(_("The file is empty: the first row must name the columns."))
    columns = [_column_name(cell) for cell in header]
    while columns and not columns[-1]:
        columns.pop()
    unknown = [name for name in columns if name and name not in BY_NAME]
    if unknown:
        raise BadSpreadsheet(
            _("Unknown columns: %(columns)s. The columns are listed in the example file.")
            % {"columns": ", ".join(unknown)}
        )
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        raise BadSpreadsheet(_("The column %(columns)s appears more than once.") % {"columns": ", ".join(repeated)})
    if "identifier" not in columns:
        raise BadSpreadsheet(_("The file has no identifier column: every row needs its stable key."))
    rows = []
    for number, cells in enumerate(raw_rows, start=2):
        values = {name: _cell_text(cells[i]) if i < len(cells) else "" for i, name in enumerate(columns) if name}
        if not any(values.values()):
            continue
        rows.append(SheetRow(number, values))
        if len(rows) > MAX_ROWS:
            raise BadSpreadsheet(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    return Sheet([name for name in columns if name], rows)


def _column_name(cell):
    return clean_text(cell).casefold().replace(" ", "_").replace("-", "_")


def _cell_text(value):
    """A cell as text: Excel's dates and numbers written as the format writes them."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value == int(value) and abs(value) < 1e15 else format_number(value)
    return clean_text(value)


def _csv_rows(data):
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        raise BadSpreadsheet(_("The file is neither an Excel workbook nor UTF-8 text; save it as CSV UTF-8.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise BadSpreadsheet(_("The CSV cannot be read: %(error)s.") % {"error": error}) from None
    return iter([from_spreadsheet_safe(cell) for cell in row] for row in rows)


def _xlsx_rows(data):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise BadSpreadsheet(_("The file is not an Excel workbook (XLSX) that can be read.")) from None
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return iter(rows)


def csv_bytes(rows, columns=COLUMN_NAMES):
    """The rows (dicts of text) as CSV with a byte-order mark, which Excel needs to read UTF-8.

    A cell that a spreadsheet would run as a formula is written as text (`spreadsheet_safe`);
    reading the file back takes the mark off."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(name, "")) for name in columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, columns=COLUMN_NAMES, title="Hồ sơ"):
    """The rows as an Excel workbook: one sheet of records and one describing the columns.

    Every cell is written as text (a code such as 01 or a date keeps its form)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_text_cell(sheet, row.get(name, "")) for name in columns])
    guide = workbook.create_sheet(_("Columns"))
    guide.append([_("column"), _("what it holds"), _("example")])
    for name in columns:
        column = BY_NAME[name]
        guide.append([name, str(column.description), column.example])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, text):
    """A text cell: never a formula (a title may start with "="), without the control
    characters openpyxl refuses."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value="".join(c for c in text if c >= " " or c in "\t\n\r"))
    cell.data_type = "s"
    return cell
