"""`/thong-ke/` (public records only, for everyone) and the staff report in the admin
(every published record): the same tables, charts, map and files, over two sets of
records. The admin's views are in `wagtail_hooks.py` and call these with the staff scope.
"""

import csv
import io
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from heritage.access import cached_for_audience, is_staff_member
from heritage.geography import BadGeometry, parse_bbox
from heritage.listing import RecordListing
from heritage.models import EthnicGroup, Province, RecordPage, Subject
from heritage.text import spreadsheet_safe

from .params import BadReportQuery, filter_values, parse_period
from .statistics import CHART_BARS, area_counts, choropleth_areas, published_within, record_tables

PUBLIC, STAFF = "public", "staff"
# Parameters a link to the same statistics keeps (the period and the filters).
REPORT_PARAMETERS = ("from", "to", "type", "group", "province", "subject")


class Statistics:
    """The records a reader's statistics count, read from the request once."""

    def __init__(self, request, scope):
        if scope == STAFF and not is_staff_member(request.user):
            raise PermissionDenied
        self.request, self.scope = request, scope
        self.period = parse_period(request.GET)
        # Public statistics count public records whoever reads them: one answer for all.
        self.reader = None if scope == PUBLIC else request.user
        visible = RecordPage.objects.visible_to(self.reader)
        listing = RecordListing(request, visible)
        narrowed = listing.filtered_records()
        if listing.problems:
            raise BadReportQuery(" ".join(dict.fromkeys(listing.problems)))
        self.records = published_within(narrowed, self.period)
        self.filters = filter_values(request.GET)

    def _cached(self, name, compute):
        parts = [self.scope, get_language(), self.period.key(), self.filters]
        return cached_for_audience(self.reader, f"reporting-{name}", parts, compute)

    def tables(self):
        return self._cached(
            "tables",
            lambda: record_tables(self.records, with_access_levels=self.scope == STAFF, period=self.period),
        )

    def area_counts(self):
        return self._cached("area-counts", lambda: area_counts(self.records))

    def choropleth_bounds(self):
        """The extent of the shaded areas (west, south, east, north), where the map opens;
        None when no area holds a record."""
        from django.db.models import Max, Min

        extent = choropleth_areas(self.area_counts()).aggregate(
            west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
        )
        return None if extent["west"] is None else (extent["west"], extent["south"], extent["east"], extent["north"])

    def query_string(self):
        kept = [(name, self.request.GET[name]) for name in REPORT_PARAMETERS if self.request.GET.get(name)]
        return urlencode(kept)


def chart_data(tables):
    """What `static/reporting/statistics.js` draws, one entry per chart, read from the
    page through `json_script`: the labels and counts of the table beside it."""
    charts = []
    for table in tables:
        if not table.chart or not table.rows:
            continue
        rows = table.rows if table.chart == "line" else table.rows[:CHART_BARS]
        charts.append(
            {
                "key": table.key,
                "kind": table.chart,
                "title": table.title,
                "series": table.columns[-1],
                "labels": [str(row[0]) for row in rows],
                "values": [row[-1] for row in rows],
            }
        )
    return charts


def filter_choices():
    return {
        "types": [
            (key, str(model._meta.verbose_name).capitalize()) for key, model in RecordPage.record_types().items()
        ],
        "groups": [(group.slug, group.display_name) for group in EthnicGroup.objects.all()],
        "provinces": [(province.code, province.display_name) for province in Province.objects.all()],
        "subjects": [(subject.slug, subject.display_name) for subject in Subject.objects.all()],
    }


def statistics_context(statistics, url_names):
    """What the statistics template (`reporting/includes/statistics.html`) shows."""
    from gis import maps

    tables = statistics.tables()
    query = statistics.query_string()
    suffix = f"?{query}" if query else ""
    figure = maps.base_map(bounds=statistics.choropleth_bounds())
    maps.add_choropleth(figure, reverse(url_names["areas"]) + suffix, _("Records per district"), _("Open this area"))
    return {
        "tables": tables,
        "charts": chart_data(tables),
        "period": statistics.period,
        "period_text": statistics.period.describe(),
        "filters": statistics.filters,
        "values": {name: statistics.request.GET.get(name, "")[:40] for name in REPORT_PARAMETERS},
        "choices": filter_choices(),
        "xlsx_url": reverse(url_names["xlsx"]) + suffix,
        "sections": [(table, reverse(url_names["csv"], args=[table.key]) + suffix) for table in tables],
        "form_url": reverse(url_names["page"]),
        "map": maps.render(figure),
        "scope": statistics.scope,
    }


PUBLIC_URLS = {
    "page": "statistics",
    "areas": "statistics_areas",
    "xlsx": "statistics_xlsx",
    "csv": "statistics_csv",
}


@require_GET
def statistics_page(request):
    try:
        statistics = Statistics(request, PUBLIC)
    except BadReportQuery as problem:
        return render(request, "reporting/statistics.html", {"error": str(problem)}, status=400)
    return render(request, "reporting/statistics.html", statistics_context(statistics, PUBLIC_URLS))


def bad_request(problem):
    return HttpResponse(str(problem), status=400, content_type="text/plain; charset=utf-8")


def exported_tables(request, scope):
    """The tables in Vietnamese, whatever the reader's language: the yearly report is."""
    statistics = Statistics(request, scope)
    with translation.override("vi"):
        return statistics, statistics.tables()


def table_csv(request, key, scope=PUBLIC):
    try:
        statistics, tables = exported_tables(request, scope)
    except BadReportQuery as problem:
        return bad_request(problem)
    table = next((table for table in tables if table.key == key), None)
    if table is None:
        raise Http404
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a byte-order mark: spreadsheet programs then read UTF-8
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(column) for column in table.columns])
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table.rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(statistics, key)}.csv"'
    return response


def tables_xlsx(request, scope=PUBLIC):
    from .spreadsheet import workbook_bytes

    try:
        statistics, tables = exported_tables(request, scope)
    except BadReportQuery as problem:
        return bad_request(problem)
    with translation.override("vi"):
        content = workbook_bytes(tables, statistics, made_on=timezone.localdate())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{file_name(statistics, "bao-cao")}.xlsx"'
    return response


def file_name(statistics, name):
    period = statistics.period
    span = "-".join(day.isoformat() for day in (period.start, period.end) if day)
    return "thong-ke-" + name + (f"-{span}" if span else "") + ("-noi-bo" if statistics.scope == STAFF else "")


def areas_geojson(request, scope=PUBLIC):
    """The choropleth's areas (`gis.views.choropleth_geojson`) counted over the records of
    these statistics; `zoom` and `view` as for the map's own choropleth."""
    from gis import layers
    from gis.shapes import OUTLINE_ZOOMS, outline_band
    from gis.views import cached_geojson, choropleth_geojson

    try:
        statistics = Statistics(request, scope)
        zoom = layers.parse_zoom(request.GET.get("zoom") or "6")
        view = request.GET.get("view")
        view = layers.snapped_view(parse_bbox(view), zoom) if view and zoom > OUTLINE_ZOOMS[0] else None
    except (BadReportQuery, BadGeometry) as problem:
        return JsonResponse({"error": str(problem)}, status=400)
    band = outline_band(zoom)

    def compute():
        counts = statistics.area_counts()
        return choropleth_geojson(choropleth_areas(counts), counts, band, view)

    parts = [scope, statistics.period.key(), statistics.filters, band, view]
    return cached_geojson(request, "statistics-areas", parts, compute)


statistics_csv = require_GET(table_csv)
statistics_xlsx = require_GET(tables_xlsx)
statistics_areas = require_GET(areas_geojson)
