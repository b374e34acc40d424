"""Public pages of the records harvested from other institutions: `/lien-thong/` (the
list, filtered by source) and `/lien-thong/<id>/` (one record, with its source and a
link to the original). They read `ExternalRecord.objects.shown()` only, print what the
remote side sent as text (escaped, never as HTML), and link only to http(s) addresses,
so nothing a repository sends can break or script our pages.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import ExternalRecord, HarvestSource

PAGE_SIZE = 20


def _chosen_source(request, sources):
    value = request.GET.get("source", "")
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return next((source for source in sources if source.pk == int(value)), None)
    return None


def external_record_list(request):
    sources = list(
        HarvestSource.objects.filter(shown_on_site=True)
        .annotate(record_count=Count("records"))
        .filter(Q(record_count__gt=0))
        .order_by("name", "pk")
    )
    chosen = _chosen_source(request, sources)
    records = ExternalRecord.objects.shown().select_related("source").order_by("-datestamp", "-pk")
    if chosen:
        records = records.filter(source=chosen)
    problems = []
    if request.GET.get("source") and chosen is None:
        problems.append(_("There is no such source; all sources are shown."))
    page = Paginator(
        records.only(
            "pk", "title", "title_en", "summary", "place", "datestamp", "source__name", "latitude", "longitude"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if chosen is None:
        query.pop("source", None)
    return render(
        request,
        "exchange/external_record_list.html",
        {
            "records": page,
            "sources": sources,
            "chosen_source": chosen,
            "filter_problems": problems,
            "query_without_page": query.urlencode(),
        },
    )


def external_record_detail(request, record_id):
    record = get_object_or_404(ExternalRecord.objects.shown().select_related("source"), pk=record_id)
    return render(request, "exchange/external_record_detail.html", {"record": record, "source": record.source})


# The map layer of external records: at most this many markers per answer (newest
# first); beyond, the map asks again for its view.
MAP_MARKER_LIMIT = 2000


@require_GET
def external_records_geojson(request):
    """Harvested records that carry coordinates, as GeoJSON for the maps: "t" title, "s"
    the institution that holds the record, "o" the original (an http(s) address, else
    absent), "u" our page about it. `view=west,south,east,north` keeps those inside;
    "truncated" says the answer stopped at `MAP_MARKER_LIMIT`. They are another
    institution's records, labelled as such, never ours: they have no card, access
    level or edit link."""
    from django.http import JsonResponse

    from heritage.geography import BadGeometry, parse_bbox

    records = ExternalRecord.objects.shown().with_location()
    if request.GET.get("view"):
        try:
            west, south, east, north = parse_bbox(request.GET["view"])
        except BadGeometry as error:
            return JsonResponse({"error": str(error)}, status=400)
        records = records.filter(longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north)
    rows = list(
        records.order_by("-datestamp", "-pk").values_list(
            "pk", "title", "title_en", "identifier", "original_url", "latitude", "longitude", "source__name"
        )[: MAP_MARKER_LIMIT + 1]
    )
    english = (get_language() or "").startswith("en")
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(longitude, 5), round(latitude, 5)]},
            "properties": {
                "t": (title_en if english and title_en else title) or identifier,
                "s": source,
                "u": reverse("external_record_detail", args=[pk]),
            }
            | ({"o": original} if original.startswith(("http://", "https://")) else {}),
        }
        for pk, title, title_en, identifier, original, latitude, longitude, source in rows[:MAP_MARKER_LIMIT]
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "truncated": len(rows) > MAP_MARKER_LIMIT, "features": features},
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
        content_type="application/geo+json; charset=utf-8",
    )
    response["Cache-Control"] = "public, no-cache"
    response["Vary"] = "Cookie"
    return response
