"""The GIS read API: areas with their boundaries, and records as GeoJSON for maps."""

import datetime
import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from heritage.access import access_version, audience, bump_access_version
from heritage.geography import BadGeometry, parse_bbox
from heritage.listing import RecordListing
from heritage.models import RecordPage
from search import service
from search.backends.base import SearchUnavailable
from search.params import BadSearchParameter, parse

from .models import Area, AreaRecord

CACHE_SECONDS = 300
# Parameters that only the search service can answer; without them the map layer is a
# plain listing query.
SEARCH_ONLY_PARAMETERS = ("q", "licence", "media", "ocop", "period", "polygon", "near")


def bump_records_cache():
    """Called when records or areas change: cached GeoJSON is then never served stale."""
    bump_access_version()


def area_summary(area, counts):
    return {
        "code": area.code,
        "level": area.level,
        "name": area.name,
        "parent": area.parent.code if area.parent_id else None,
        "valid_from": area.valid_from.isoformat() if area.valid_from else None,
        "valid_to": area.valid_to.isoformat() if area.valid_to else None,
        "bbox": [round(value, 5) for value in area.bbox],
        "records": counts.get(area.pk, 0),
        "url": f"/api/areas/{area.level}/{area.code}",
    }


def visible_record_counts(user):
    """area id → how many records `user` may see are linked to it."""
    return dict(
        AreaRecord.objects.filter(record__in=RecordPage.objects.visible_to(user))
        .order_by()
        .values_list("area")
        .annotate(n=Count("record", distinct=True))
    )


@require_GET
def api_areas(request):
    areas = Area.objects.select_related("parent")
    level = request.GET.get("level")
    if level:
        if level not in Area.Level.values:
            return JsonResponse({"error": _("level is one of province, district, commune, region.")}, status=400)
        areas = areas.filter(level=level)
    if request.GET.get("parent"):
        # No code holds a NUL character, and PostgreSQL refuses one in a query.
        parent = request.GET["parent"]
        areas = areas.none() if "\x00" in parent else areas.filter(parent__code=parent)
    if request.GET.get("valid_on"):
        try:
            day = datetime.date.fromisoformat(request.GET["valid_on"])
        except ValueError:
            return JsonResponse({"error": _("valid_on is a date: YYYY-MM-DD.")}, status=400)
        areas = areas.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    counts = visible_record_counts(request.user)
    results = [area_summary(area, counts) for area in areas]
    return JsonResponse({"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False})


def simplified_for_zoom(area, zoom):
    """The boundary simplified to about half a screen pixel at `zoom` (Web Mercator)."""
    from shapely.geometry import mapping

    from .importing import polygonal

    tolerance = 360 / (256 * 2**zoom) / 2
    shape = polygonal(area.shape().simplify(tolerance, preserve_topology=True))
    return json.loads(json.dumps(mapping(shape)))


@require_GET
def api_area_detail(request, level, code):
    if "\x00" in level + code:  # no such area, and PostgreSQL refuses NUL in a query
        raise Http404
    area = get_object_or_404(Area.objects.select_related("parent"), level=level, code=code)
    counts = visible_record_counts(request.user)
    properties = area_summary(area, counts)
    properties.update(
        successors=[{"level": a.level, "code": a.code, "name": a.name} for a in area.successors.all()],
        predecessors=[{"level": a.level, "code": a.code, "name": a.name} for a in area.predecessors.all()],
        ethnic_groups=[group.slug for group in area.ethnic_groups.all()],
    )
    geometry = area.simplified
    if request.GET.get("geometry") == "full":
        geometry = area.geometry
    elif request.GET.get("zoom"):
        try:
            zoom = int(request.GET["zoom"])
        except ValueError:
            return JsonResponse({"error": _("zoom is a whole number from 0 to 20.")}, status=400)
        if not 0 <= zoom <= 20:
            return JsonResponse({"error": _("zoom is a whole number from 0 to 20.")}, status=400)
        geometry = simplified_for_zoom(area, zoom)
    return JsonResponse(
        {"type": "Feature", "id": f"{area.level}/{area.code}", "geometry": geometry, "properties": properties},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@gzip_page
def api_records_geojson(request):
    """Visible records with coordinates as a FeatureCollection; the library's filters
    (type, group, province, subject) plus `bbox` and `area=level/code`, or any search
    parameter (q, licence, media, ocop, period, polygon, near), answered by the search
    service so that a map draws exactly what the search found. Cached per access
    version, so an access change is never served stale."""
    key_source = json.dumps([access_version(), audience(request.user), sorted(request.GET.lists())], ensure_ascii=False)
    digest = hashlib.sha256(key_source.encode()).hexdigest()
    etag = f'"{digest[:32]}"'
    private = audience(request.user) != "public"
    if etag in request.headers.get("If-None-Match", ""):
        return _map_data_headers(HttpResponse(status=304), etag, private)
    key = "heritage-gis-records-" + digest
    body = cache.get(key)
    if body is None:
        try:
            records = _map_records(request)
        except (BadGeometry, BadSearchParameter) as error:
            return JsonResponse({"error": str(error)}, status=400)
        except SearchUnavailable:
            return JsonResponse({"error": _("Search is unavailable at the moment.")}, status=503)
        body = _feature_collection(records.filter(latitude__isnull=False, longitude__isnull=False), request.user)
        cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    return _map_data_headers(response, etag, private)


def _map_data_headers(response, etag, private):
    """Revalidated on every use (the ETag changes with the access version), so a browser
    or proxy never keeps showing a marker whose record was restricted."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    response["Vary"] = "Cookie"
    return response


def _map_records(request):
    """The records a map layer draws for this request (a queryset of visible records)."""
    visible = RecordPage.objects.visible_to(request.user)
    if any(request.GET.get(name) for name in SEARCH_ONLY_PARAMETERS):
        params = parse(request.GET)
        records = visible.filter(pk__in=service.matching_record_ids(request.user, params))
    else:
        listing = RecordListing(request, visible)
        records = listing.filtered_records()
        if listing.problems:
            raise BadSearchParameter("; ".join(listing.problems))
        if request.GET.get("bbox"):
            west, south, east, north = parse_bbox(request.GET["bbox"])
            records = records.filter(
                public_longitude__gte=west,
                public_longitude__lte=east,
                public_latitude__gte=south,
                public_latitude__lte=north,
            )
    if request.GET.get("area"):
        level, _slash, code = request.GET["area"].replace("\x00", "").partition("/")
        area = Area.objects.filter(level=level, code=code).first()
        if area is None:
            raise Http404
        # An abolished unit's records stay findable under the units that replaced it.
        records = records.filter(areas__in=[area, *area.predecessors.all()]).distinct()
    return records


def _feature_collection(records, user):
    rows = list(
        records.with_location_for(user)
        .order_by("pk")
        .values_list("pk", "title", "content_type__model", "shown_longitude", "shown_latitude", "location_exact")
    )
    groups = {}
    for pk, slug in RecordPage.ethnic_groups.through.objects.filter(
        recordpage_id__in=[row[0] for row in rows]
    ).values_list("recordpage_id", "ethnicgroup__slug"):
        groups.setdefault(pk, []).append(slug)
    # Compact on purpose: "t" title, "k" record type, "g" ethnic groups, "a" 1 when the
    # point stands for a sensitive place's commune or district; a marker links to the
    # record's permalink /r/<id>/ and fetches its card when opened.
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"t": title, "k": model.removesuffix("page"), "g": groups.get(pk, [])}
            | ({} if exact else {"a": 1}),
        }
        for pk, title, model, lon, lat, exact in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))


@require_GET
def api_record_card(request, record_id):
    """What a map popup shows: title, type, place, thumbnail and link, if the user may see it."""
    record = get_object_or_404(RecordPage.objects.visible_to(request.user).with_card_data(), pk=record_id)
    thumbnail = None
    if record.main_image:
        rendition = record.main_image.get_rendition("fill-240x160|format-webp")
        thumbnail = {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": record.main_image.description,
        }
    return JsonResponse(
        {
            "id": record.pk,
            "title": record.display_title,
            "type": str(record.record_type_label),
            "place": ", ".join(
                filter(None, [record.place_name, record.province.display_name if record.province else ""])
            ),
            "url": record.url,
            "thumbnail": thumbnail,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def type_labels():
    return {key: str(model._meta.verbose_name).capitalize() for key, model in RecordPage.record_types().items()}


def map_page(request):
    """Search by map: draw a box (or search the current view) and the list shows the
    records inside; the box is kept in the URL, so the view can be shared. The markers
    are the whole filtered result, from the same search as the list."""
    from django.shortcuts import render

    from search.views import page_query

    from . import maps

    outcome = service.search(request.user, request.GET)
    if not outcome.ok:
        return render(request, "gis/map.html", {"error": outcome.error}, status=outcome.status)
    params, results = outcome.params, outcome.results
    areas, counts = areas_for_choropleth(request.user)
    bounds = params.bbox
    if bounds is None and areas:
        bounds = (
            min(area.min_lon for area in areas),
            min(area.min_lat for area in areas),
            max(area.max_lon for area in areas),
            max(area.max_lat for area in areas),
        )
    figure = maps.base_map(bounds=bounds)
    layer_query = request.GET.copy()
    for name in ("page", "sort"):
        layer_query.pop(name, None)
    maps.add_records(figure, reverse("api_records_geojson") + "?" + layer_query.urlencode(), type_labels())
    if params.bbox:
        west, south, east, north = params.bbox
        maps.add_area(
            figure,
            {
                "type": "Polygon",
                "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
            },
            _("Search box"),
        )
    maps.add_choropleth(figure, areas, counts, _("Records per area"), _("Open this area"))
    maps.add_draw_box(figure, "map-search", "search-this-view")
    return render(
        request,
        "gis/map.html",
        {
            "map": maps.render(figure),
            "params": params,
            "results": results,
            "records": outcome.records,
            "query": params.text,
            "bbox": request.GET.get("bbox", ""),
            "next_query": page_query(request, params.page + 1) if params.offset + params.size < results.total else "",
            "previous_query": page_query(request, params.page - 1) if params.page > 1 else "",
        },
    )


CHOROPLETH_LEVELS = ("district", "region", "province")


def areas_for_choropleth(user):
    """The most detailed level of current areas that holds visible records, with counts."""
    counts = visible_record_counts(user)
    holding = Area.objects.filter(pk__in=counts, valid_to__isnull=True)
    for level in CHOROPLETH_LEVELS:
        areas = list(holding.filter(level=level))
        if areas:
            return areas, counts
    return [], counts


def area_page(request, level, code):
    from django.shortcuts import render

    from . import maps

    if "\x00" in level + code:  # no such area, and PostgreSQL refuses NUL in a query
        raise Http404
    area = get_object_or_404(Area.objects.select_related("parent"), level=level, code=code)
    records = (
        RecordPage.objects.visible_to(request.user)
        .with_card_data()
        .filter(areas__in=[area, *area.predecessors.all()])
        .distinct()
        .order_by("title")
    )
    figure = maps.base_map(bounds=area.bbox)
    maps.add_area(figure, area.simplified, area.name, reverse("api_area_detail", args=[area.level, area.code]))
    maps.add_records(figure, f"/api/records.geojson?area={area.level}/{area.code}", type_labels())
    return render(
        request,
        "gis/area.html",
        {
            "area": area,
            "map": maps.render(figure),
            "records": records,
            "children": area.children.order_by("name"),
            "successors": area.successors.all(),
            "predecessors": area.predecessors.all(),
            "groups": area.ethnic_groups.all(),
        },
    )
