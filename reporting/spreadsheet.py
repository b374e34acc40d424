"""The yearly report as an Excel workbook (openpyxl): a cover sheet saying what was
counted, then one sheet per breakdown, each with its title, the period and a table."""

import io

from django.utils.translation import gettext as _

# Characters a sheet's name may not hold.
NOT_IN_SHEET_NAMES = str.maketrans({character: " " for character in "[]:*?/\\"})


def sheet_name(name, taken):
    """`name` as a tab: at most 31 characters, without the forbidden ones, unique."""
    base = name.translate(NOT_IN_SHEET_NAMES).strip()[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(tables, statistics, made_on):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, heading = Font(bold=True), Font(bold=True, size=14)
    workbook = Workbook()
    cover = workbook.active
    cover.title = sheet_name(_("Report"), taken := set())
    scope = _("public records") if statistics.scope == "public" else _("every published record (internal)")
    cover.append([_("Statistics of the e-library of ethnic heritage")])
    cover["A1"].font = heading
    cover.append([_("Period of publication"), statistics.period.describe()])
    cover.append([_("Records counted"), scope])
    for name, value in statistics.filters.items():
        cover.append([_("Filter: %(name)s") % {"name": name}, value])
    cover.append([_("Made on"), made_on.strftime("%d/%m/%Y")])
    cover.append([])
    cover.append([_("Sheet"), _("Table")])
    cover.cell(row=cover.max_row, column=1).font = bold
    cover.cell(row=cover.max_row, column=2).font = bold
    names = [sheet_name(table.sheet, taken) for table in tables]
    for name, table in zip(names, tables, strict=True):
        cover.append([name, table.title])
    cover.column_dimensions["A"].width = 34
    cover.column_dimensions["B"].width = 70

    for name, table in zip(names, tables, strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append([table.title])
        sheet["A1"].font = heading
        sheet.append([_("Period of publication: %(period)s") % {"period": statistics.period.describe()}])
        if table.note:
            sheet.append([table.note])
        sheet.append([])
        sheet.append(table.columns)
        header_row = sheet.max_row
        for column in range(1, len(table.columns) + 1):
            sheet.cell(row=header_row, column=column).font = bold
        for row in table.rows:
            sheet.append(row)
        if table.rows and table.key in ADDITIVE:
            sheet.append([_("Total"), *[""] * (len(table.columns) - 2), sum(row[-1] for row in table.rows)])
            sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for column in range(1, len(table.columns) + 1):
            width = max([len(str(table.columns[column - 1]))] + [len(str(row[column - 1])) for row in table.rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, max(10, width + 2))
        sheet.cell(row=1, column=1).alignment = Alignment(wrap_text=False)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Tables whose rows share out the records (each record in one row): their total means
# something. A record has several ethnic groups or subjects, and lies in several areas.
ADDITIVE = {"types", "provinces", "access", "years", "months"}
