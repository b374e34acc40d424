"""Exports of the library's listing (/ho-so/ filters) and of a search (/search/ filters)
as CSV or XLSX in the import format, and the example file."""

import datetime

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from heritage.listing import RecordListing
from heritage.models import RecordPage
from search import service
from search.backends.base import SearchUnavailable
from search.params import BadSearchParameter, parse

from .columns import COLUMNS
from .exporting import export_rows
from .sheets import XLSX_MEDIA_TYPE, csv_bytes, xlsx_bytes

FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}
# The most records one export over HTTP holds; `manage.py export_records` has no limit.
MAX_EXPORT_RECORDS = 10_000


def spreadsheet_response(rows, extension, name):
    if extension == "csv":
        content = csv_bytes(rows)
    else:
        content = xlsx_bytes(rows)
    response = HttpResponse(content, content_type=FORMATS[extension])
    response["Content-Disposition"] = f'attachment; filename="{name}-{datetime.date.today():%Y%m%d}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def bad_request(message):
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _check_format(extension):
    if extension not in FORMATS:
        raise Http404


@require_GET
def export_listing(request, extension):
    """The library's records under its filters (type, group, province, subject)."""
    _check_format(extension)
    listing = RecordListing(request, RecordPage.objects.visible_to(request.user))
    records = listing.filtered_records()
    if listing.problems:
        return bad_request(" ".join(dict.fromkeys(str(problem) for problem in listing.problems)))
    records = records.order_by("-listed_at", "-pk")
    if records.count() > MAX_EXPORT_RECORDS:
        return bad_request(
            _("More than %(max)d records: narrow the filters to export them.") % {"max": MAX_EXPORT_RECORDS}
        )
    ids = records.values_list("pk", flat=True)
    return spreadsheet_response(export_rows(request.user, ids), extension, "ho-so")


@require_GET
def export_search(request, extension):
    """Every record a search finds (not only the page shown), up to MAX_EXPORT_RECORDS."""
    _check_format(extension)
    try:
        params = parse(request.GET)
    except BadSearchParameter as error:
        return bad_request(str(error))
    try:
        ids = service.matching_record_ids(request.user, params, limit=MAX_EXPORT_RECORDS)
    except SearchUnavailable:
        return JsonResponse({"error": _("Search is unavailable at the moment. Please try again shortly.")}, status=503)
    return spreadsheet_response(export_rows(request.user, ids), extension, "tim-kiem")


def example_rows():
    """Three example rows: a festival, a custom and a product."""
    festival = {column.name: column.example for column in COLUMNS if column.example}
    custom = {
        "identifier": "QNG-PT-001",
        "type": "custom",
        "title": "Tục cúng lúa mới",
        "summary": "Lễ mừng lúa mới của người Hrê sau vụ thu hoạch.",
        "ethnic_groups": "Hrê",
        "province": "51",
        "category": "agriculture",
        "vitality": "living",
        "licence": "cc-by-4.0",
        "access_level": "community",
    }
    product = {
        "identifier": "QNG-SP-001",
        "type": "product",
        "title": "Thổ cẩm Hrê",
        "summary": "Vải dệt thổ cẩm của người Hrê ở Sơn Hà.",
        "ethnic_groups": "Chăm Rê",
        "province": "Quảng Ngãi",
        "latitude": "14.98",
        "longitude": "108.48",
        "kind": "textile",
        "ocop_stars": "4",
        "sources": "Khảo sát làng nghề 2023 | https://example.org/tho-cam | trang 12",
        "contributors": "Đinh Thị Hoa | researcher | Sở Dân tộc và Tôn giáo",
        "licence": "cc-by-sa-4.0",
    }
    return [festival, custom, product]
