"""The figures of the yearly report: tables of counts over a set of records.

Every table is counted over the records it is handed, which the views take from the
access rule (`RecordPage.objects.public()` for the public page, `visible_to(user)` for
staff), narrowed by the library's filters (`heritage.listing.RecordListing`) and by the
period of publication. The counting itself is the library's (`count_by`, `counted`,
`type_counts`): the figures are those the library's facets, the search facets and the
map give for the same records.

Other apps add tables through the Wagtail hook ``register_statistics_tables`` (see
`extra_tables`): the dictionary's entries will be counted that way.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage.access import AccessLevel
from heritage.listing import count_by, counted, type_counts
from heritage.models import EthnicGroup, Province, Subject

# Bars drawn in a chart at most; the table beside it lists every row.
CHART_BARS = 15


@dataclass
class Table:
    """One breakdown: what the page shows as a table (and a chart), a CSV file and a sheet.

    `rows` are lists of cells, the count last; `keys` name each row for machines (a slug,
    an official code, a year), in the same order."""

    key: str
    title: str
    sheet: str  # at most 31 characters: a spreadsheet's tab
    columns: list
    rows: list = field(default_factory=list)
    keys: list = field(default_factory=list)
    chart: str = ""  # "bar", "line" or "" (no chart)
    note: str = ""

    def counts(self):
        """{row key: count}, for comparing with other surfaces."""
        return {key: row[-1] for key, row in zip(self.keys, self.rows, strict=True)}


def published_within(records, period):
    """The records first published within `period` (days in the site's time zone)."""
    if period.start:
        records = records.filter(listed_at__gte=_start_of(period.start))
    if period.end:
        records = records.filter(listed_at__lt=_start_of(period.end + datetime.timedelta(days=1)))
    return records


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def record_tables(records, *, with_access_levels=False, period=None):
    """Every table for `records` (already narrowed), in the order the report shows them."""
    tables = [summary_table(records), types_table(records), groups_table(records), provinces_table(records)]
    tables += area_tables(records)
    tables.append(subjects_table(records))
    if with_access_levels:
        tables.append(access_table(records))
    months = publication_months(records)
    tables += [years_table(records, months), months_table(records, months)]
    tables += extra_tables(records, period, with_access_levels)
    return tables


def summary_table(records):
    from gis.layers import located

    media = media_counts(records)
    rows = [
        ("records", _("Records"), records.count()),
        ("located", _("Records with a place on the map"), located(records).count()),
        ("images", _("Images"), media["images"]),
        ("audio", _("Audio recordings"), media["audio"]),
        ("video", _("Video recordings"), media["video"]),
        ("minutes", _("Minutes of audio and video"), media["minutes"]),
    ]
    return Table(
        key="summary",
        title=_("Summary"),
        sheet=_("Summary"),
        columns=[_("Figure"), _("Number")],
        rows=[[label, value] for _key, label, value in rows],
        keys=[key for key, _label, _value in rows],
        note=_("Images, audio and video are counted once each, however many of these records show them."),
    )


def media_counts(records):
    """Images, audio and video shown by `records` (main image and body, through Wagtail's
    reference index, as `heritage.access` finds the records showing a file), each counted
    once, and the minutes of the recordings (their duration, read from the file on upload)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from wagtail.images import get_image_model
    from wagtail.models import Page, ReferenceIndex
    from wagtailmedia.models import get_media_model

    image_model, media_model = get_image_model(), get_media_model()
    keys = records.order_by().annotate(key=Cast("pk", CharField())).values("key")
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=keys
    )

    def shown(model):
        return Q(
            key__in=references.filter(to_content_type=ContentType.objects.get_for_model(model)).values("to_object_id")
        )

    images = image_model.objects.annotate(key=Cast("pk", CharField())).filter(
        shown(image_model) | Q(pk__in=records.order_by().values("main_image"))
    )
    recordings = {
        kind: (number, seconds or 0)
        for kind, number, seconds in media_model.objects.annotate(key=Cast("pk", CharField()))
        .filter(shown(media_model))
        .order_by()
        .values_list("type")
        .annotate(n=Count("pk"), seconds=Sum("duration"))
    }
    seconds = sum(total for _number, total in recordings.values())
    return {
        "images": images.count(),
        "audio": recordings.get("audio", (0, 0))[0],
        "video": recordings.get("video", (0, 0))[0],
        "minutes": round(seconds / 60, 1),
    }


def types_table(records):
    types = type_counts(records)
    return Table(
        key="types",
        title=_("Records by type"),
        sheet=_("By type"),
        columns=[_("Type"), _("Number of records")],
        rows=[[str(entry["label"]).capitalize(), entry["count"]] for entry in types],
        keys=[entry["key"] for entry in types],
        chart="bar",
    )


def _vocabulary_table(key, title, sheet, heading, rows, code=None):
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        columns=[heading, *([code[0]] if code else []), _("Number of records")],
        rows=[[row.display_name, *([getattr(row, code[1])] if code else []), row.record_count] for row in rows],
        keys=[getattr(row, code[1]) if code else row.slug for row in rows],
        chart="bar",
    )


def groups_table(records):
    return _vocabulary_table(
        "groups",
        _("Records by ethnic group"),
        _("By ethnic group"),
        _("Ethnic group"),
        counted(EthnicGroup, records, "ethnic_groups"),
    )


def provinces_table(records):
    table = _vocabulary_table(
        "provinces",
        _("Records by province (as recorded, before the 2025 reform)"),
        _("By province (before 2025)"),
        _("Province"),
        counted(Province, records, "province"),
        code=(_("Code"), "code"),
    )
    table.note = _("The province a curator filed the record under, with the codes in force until July 2025.")
    return table


def subjects_table(records):
    return _vocabulary_table(
        "subjects", _("Records by subject"), _("By subject"), _("Subject"), counted(Subject, records, "subjects")
    )


def access_table(records):
    counts = count_by(records, "access_level")
    return Table(
        key="access",
        title=_("Records by access level"),
        sheet=_("By access level"),
        columns=[_("Access level"), _("Number of records")],
        rows=[[str(label), counts.get(level, 0)] for level, label in AccessLevel.choices],
        keys=list(AccessLevel.values),
        chart="bar",
    )


def area_counts(records):
    """{area id: number of `records` linked to it}: the map's count per area."""
    return count_by(records, "areas")


AREA_LEVELS = ("province", "district", "commune", "region")


def _level_names():
    return {
        "province": _("provinces"),
        "district": _("districts"),
        "commune": _("communes"),
        "region": _("custom regions"),
    }


def area_tables(records, counts=None):
    """Records per administrative area, from the GIS layer's links (a record's place
    inside a boundary, or tied by a curator): the units in force today, then the units
    before the 2025 reform (abolished, `valid_to` set), each with the units that
    replaced them. A level with no record has no table."""
    from gis.models import Area

    counts = area_counts(records) if counts is None else counts
    areas = (
        Area.objects.filter(pk__in=list(counts))
        .select_related("parent")
        .defer("geometry", "simplified", "parent__geometry", "parent__simplified")
        .prefetch_related("successors")
    )
    grouped = {}
    for area in areas:
        grouped.setdefault((area.valid_to is None, area.level), []).append(area)
    names = _level_names()
    tables = []
    for current in (True, False):
        for level in AREA_LEVELS:
            found = sorted(grouped.get((current, level), []), key=lambda area: (-counts[area.pk], area.name))
            if not found:
                continue
            if current:
                title = _("Records by %(level)s (units in force)") % {"level": names[level]}
                sheet = _("%(level)s in force") % {"level": names[level]}
            else:
                title = _("Records by %(level)s (units before the 2025 reform)") % {"level": names[level]}
                sheet = _("%(level)s before 2025") % {"level": names[level]}
            columns = [_("Area"), _("Code"), _("Part of")]
            if not current:
                columns.append(_("Now part of"))
            columns.append(_("Number of records"))
            rows = []
            for area in found:
                row = [area.name, area.code, area.parent.name if area.parent_id else ""]
                if not current:
                    row.append(", ".join(successor.name for successor in area.successors.all()))
                rows.append([*row, counts[area.pk]])
            tables.append(
                Table(
                    key=f"areas-{level}-{'current' if current else 'former'}",
                    title=title,
                    sheet=sheet[:1].upper() + sheet[1:],
                    columns=columns,
                    rows=rows,
                    keys=[f"{area.level}/{area.code}" for area in found],
                    chart="bar",
                )
            )
    return tables


def publication_months(records):
    """{(year, month): number of `records` first published then}, months in Vietnam's
    time zone: one grouped query, from which both the years and the months are read (on
    SQLite each row's date is converted in Python, so it is done once)."""
    counts = count_by(records.annotate(month=TruncMonth("listed_at")), "month")
    months = {}
    for start, number in counts.items():
        key = (start.year, start.month)
        months[key] = months.get(key, 0) + number
    return months


def years_table(records, months=None):
    months = publication_months(records) if months is None else months
    counts = {}
    for (year, _month), number in months.items():
        counts[year] = counts.get(year, 0) + number
    years = sorted(counts)
    return Table(
        key="years",
        title=_("Records by year of publication"),
        sheet=_("By year"),
        columns=[_("Year"), _("Number of records")],
        rows=[[year, counts[year]] for year in years],
        keys=years,
        chart="bar",
    )


def months_table(records, months=None):
    """Records published per month, every month from the first to the last, none left
    out: the time series of what was added."""
    counts = publication_months(records) if months is None else months
    series = []
    if counts:
        (year, month), last = min(counts), max(counts)
        while (year, month) <= last:
            series.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    keys = [f"{year}-{month:02d}" for year, month in series]
    return Table(
        key="months",
        title=_("Records published per month"),
        sheet=_("By month"),
        columns=[_("Month"), _("Number of records")],
        rows=[[key, counts.get(month, 0)] for key, month in zip(keys, series, strict=True)],
        keys=keys,
        chart="line",
    )


def extra_tables(records, period, staff):
    """Tables other apps add with the Wagtail hook ``register_statistics_tables``: a
    function called with the records (narrowed by the filters and the period), the
    `Period` and whether the reader is staff, returning `Table`s. A table counting
    something else than records (dictionary entries) must apply its own access rule."""
    from wagtail import hooks

    tables = []
    for make_tables in hooks.get_hooks("register_statistics_tables"):
        tables.extend(make_tables(records=records, period=period, staff=staff) or [])
    return tables


def choropleth_areas(counts):
    """The areas a choropleth of `counts` shades: districts, the unit the yearly reports
    count by (those in force, else those before the 2025 reform), else the most
    detailed level holding records."""
    from gis.models import Area

    holding = Area.objects.filter(pk__in=list(counts))
    for level in ("district", "region", "province", "commune"):
        areas = holding.filter(level=level)
        current = areas.filter(valid_to__isnull=True)
        if current.exists():
            return current
        if areas.exists():
            return areas
    return Area.objects.none()
