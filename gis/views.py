"""The GIS read API: areas with their boundaries, and records as GeoJSON for maps."""

import datetime
import gzip
import hashlib
import json
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from heritage.access import access_version, audience, bump_access_version, cached_for_audience
from heritage.geography import BadGeometry, parse_bbox
from heritage.listing import RecordListing
from heritage.models import RecordPage
from search import service
from search.backends.base import SearchUnavailable
from search.params import BadSearchParameter, parse

from . import layers
from .models import Area, AreaJoinShape, AreaOutline, AreaRecord
from .shapes import OUTLINE_ZOOMS, ensure_derived_shapes, outline_band

# Cached answers are keyed by the access version, so they never outlive a change; the
# timeout only returns memory.
CACHE_SECONDS = 3600
QUALITY = re.compile(r"\bq\s*=\s*([0-9.]+)")
# Parameters that only the search service can answer; without them the map layer is a
# plain listing query.
SEARCH_ONLY_PARAMETERS = ("q", "licence", "media", "ocop", "period", "polygon", "near")


def bump_records_cache():
    """Called when records or areas change: cached GeoJSON is then never served stale."""
    bump_access_version()


def accepts_gzip(request):
    """Whether the client takes a gzip body (Accept-Encoding: gzip, not with q=0)."""
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _semicolon, parameters = part.partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = QUALITY.search(parameters)
            try:
                if quality is None or float(quality.group(1)) > 0:
                    return True
            except ValueError:
                continue
    return False


def cached_geojson(request, name, parts, compute):
    """Answer with `compute()` (JSON text), gzipped once and kept in the cache, keyed by
    the access version and the caller's audience with `name` and `parts`; served as it is
    stored (Content-Encoding: gzip) to every client that accepts gzip. Revalidated on
    every use: the ETag changes with the access version, so a browser or proxy never
    keeps showing a marker whose record was restricted. A bad parameter found while
    computing is a 400 (503 when the search engine is down), and is not cached."""
    who = audience(request.user)
    source = json.dumps([access_version(), who, name, parts], ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(source.encode()).hexdigest()
    compressed = accepts_gzip(request)
    etag = f'"{digest[:32]}{"-gz" if compressed else ""}"'
    private = who != "public"
    if etag in request.headers.get("If-None-Match", ""):
        return _map_data_headers(HttpResponse(status=304), etag, private)
    key = "heritage-gis-" + digest
    packed = cache.get(key)
    if packed is None:
        try:
            body = compute()
        except (BadGeometry, BadSearchParameter) as error:
            return JsonResponse({"error": str(error)}, status=400)
        except SearchUnavailable:
            return JsonResponse({"error": _("Search is unavailable at the moment.")}, status=503)
        packed = gzip.compress(body.encode(), compresslevel=6, mtime=0)
        cache.set(key, packed, CACHE_SECONDS)
    response = HttpResponse(
        packed if compressed else gzip.decompress(packed), content_type="application/geo+json; charset=utf-8"
    )
    if compressed:
        response["Content-Encoding"] = "gzip"
    return _map_data_headers(response, etag, private)


def _map_data_headers(response, etag, private):
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    response["Vary"] = "Cookie, Accept-Encoding"
    return response


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
    """area id → how many records `user` may see are linked to it; remembered per
    audience until the next access change."""

    def count():
        return dict(
            AreaRecord.objects.filter(record__in=RecordPage.objects.visible_to(user))
            .order_by()
            .values_list("area")
            .annotate(n=Count("record", distinct=True))
        )

    return cached_for_audience(user, "gis-area-record-counts", [], count)


# A list of areas or an area's properties leave the boundaries in the database.
WITHOUT_BOUNDARIES = ("geometry", "simplified", "parent__geometry", "parent__simplified")


@require_GET
def api_areas(request):
    areas = Area.objects.select_related("parent").defer(*WITHOUT_BOUNDARIES)
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


def outline_at_zoom(area, zoom):
    """The stored outline of the band that draws `zoom`; the full boundary beyond the
    last band."""
    band = outline_band(zoom)
    if band is None:
        return area.geometry
    ensure_derived_shapes([area.pk])
    return AreaOutline.objects.filter(area=area, zoom=band).values_list("geometry", flat=True).first()


@require_GET
def api_area_detail(request, level, code):
    if "\x00" in level + code:  # no such area, and PostgreSQL refuses NUL in a query
        raise Http404
    area = get_object_or_404(Area.objects.select_related("parent").defer(*WITHOUT_BOUNDARIES), level=level, code=code)
    counts = visible_record_counts(request.user)
    properties = area_summary(area, counts)
    properties.update(
        successors=[{"level": a.level, "code": a.code, "name": a.name} for a in area.successors.all()],
        predecessors=[{"level": a.level, "code": a.code, "name": a.name} for a in area.predecessors.all()],
        ethnic_groups=[group.slug for group in area.ethnic_groups.all()],
    )
    if request.GET.get("geometry") == "full":
        geometry = area.geometry
    elif request.GET.get("zoom"):
        try:
            zoom = layers.parse_zoom(request.GET["zoom"])
        except BadGeometry as error:
            return JsonResponse({"error": str(error)}, status=400)
        geometry = outline_at_zoom(area, zoom)
    else:
        geometry = area.simplified
    return JsonResponse(
        {"type": "Feature", "id": f"{area.level}/{area.code}", "geometry": geometry, "properties": properties},
        json_dumps_params={"ensure_ascii": False},
    )


CHOROPLETH_LEVELS = ("district", "region", "province")


def choropleth_level(user):
    """The most detailed level of current areas that holds records `user` may see, and
    the counts per area."""
    counts = visible_record_counts(user)
    holding = Area.objects.filter(pk__in=list(counts), valid_to__isnull=True)
    levels = set(holding.values_list("level", flat=True).distinct())
    return next((level for level in CHOROPLETH_LEVELS if level in levels), None), counts


def _band_and_view(request):
    """The outline zoom band of `zoom` (default 6) and, beyond the first band, the `view`
    (west,south,east,north) snapped to its tiles, for the area layers; BadGeometry when
    either is malformed."""
    zoom = layers.parse_zoom(request.GET.get("zoom") or "6")
    view = request.GET.get("view")
    view = layers.snapped_view(parse_bbox(view), zoom) if view and zoom > OUTLINE_ZOOMS[0] else None
    return outline_band(zoom), view


@require_GET
def api_areas_geojson(request):
    """The areas of the choropleth (current areas of the most detailed level holding
    records the caller may see), with their counts and the outline of the zoom band;
    `zoom` (default 6) and, beyond the first band, `view` (west,south,east,north) to send
    only the areas a view shows. Cached gzipped per access version and audience."""
    try:
        band, view = _band_and_view(request)
    except BadGeometry as error:
        return JsonResponse({"error": str(error)}, status=400)
    return cached_geojson(request, "areas", [band, view], lambda: _choropleth(request.user, band, view))


def _choropleth(user, band, view):
    level, counts = choropleth_level(user)
    areas = Area.objects.filter(level=level, valid_to__isnull=True, pk__in=list(counts))
    return choropleth_geojson(areas, counts, band, view)


def choropleth_geojson(areas, counts, band, view):
    """`areas` shaded by `counts` (area id → records) as the JSON text the map's
    choropleth layer reads: the outlines of zoom band `band`, only those a `view` shows."""
    highest = max((counts[pk] for pk in areas.values_list("pk", flat=True)), default=0)
    if view:
        west, south, east, north = view
        areas = areas.filter(min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south)
    summaries = list(areas.order_by("pk").values_list("pk", "level", "code", "name"))
    outlines = outlines_of(areas, [row[0] for row in summaries], band)
    features = [
        {
            "type": "Feature",
            "id": f"{level}/{code}",
            "geometry": outlines[pk],
            "properties": {"name": name, "records": counts.get(pk, 0), "url": f"/khu-vuc/{level}/{code}/"},
        }
        for pk, level, code, name in summaries
        if pk in outlines
    ]
    return json.dumps(
        {"type": "FeatureCollection", "highest": highest, "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def outlines_of(areas, area_ids, band):
    """area id → the outline of zoom band `band` (the full boundary beyond the last band)
    of `areas`, whose ids are `area_ids`."""
    if band is None:
        return dict(areas.values_list("pk", "geometry"))
    ensure_derived_shapes(area_ids)
    return dict(AreaOutline.objects.filter(zoom=band, area__in=areas).values_list("area_id", "geometry").order_by())


# The base drawn when no tile can be: provinces, and their districts from this zoom band on.
BASE_DISTRICTS_FROM_BAND = 8


@require_GET
def api_area_outlines(request):
    """The outlines of the current provinces (and, zoomed in, districts) that a map draws
    as its base when it has no tiles (MAP_TILES=none, or the tile server cannot be
    reached): land, borders and names, so a visitor still sees where things are. Areas
    only, never a record or a count: the same answer for everyone. `zoom` and `view` as
    for /api/areas.geojson."""
    try:
        band, view = _band_and_view(request)
    except BadGeometry as error:
        return JsonResponse({"error": str(error)}, status=400)
    return cached_geojson(request, "outlines", [band, view], lambda: area_outlines_geojson(band, view))


def area_outlines_geojson(band, view):
    """The JSON text of the outlines base: each area's outline of zoom band `band`, its
    name and level, and for a province the point to write its name at."""
    with_districts = band is None or band >= BASE_DISTRICTS_FROM_BAND
    levels = ["province", "district"] if with_districts else ["province"]
    areas = Area.objects.filter(level__in=levels, valid_to__isnull=True)
    if view:
        west, south, east, north = view
        areas = areas.filter(min_lon__lte=east, max_lon__gte=west, min_lat__lte=north, max_lat__gte=south)
    # Provinces first: their land is filled, the districts' borders are drawn over it.
    summaries = list(areas.order_by("-level", "pk").values_list("pk", "level", "name"))
    outlines = outlines_of(areas, [row[0] for row in summaries], band)
    provinces = AreaJoinShape.objects.filter(area__in=areas, area__level="province").order_by()
    label_points = {
        pk: [round(longitude, 4), round(latitude, 4)]
        for pk, longitude, latitude in provinces.values_list("area_id", "inside_longitude", "inside_latitude")
    }
    features = [
        {
            "type": "Feature",
            "geometry": outlines[pk],
            "properties": {"name": name, "level": level, **({"at": label_points[pk]} if pk in label_points else {})},
        }
        for pk, level, name in summaries
        if pk in outlines
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))


@require_GET
def api_records_geojson(request):
    """Visible records with coordinates as GeoJSON; the library's filters (type, group,
    province, subject) plus `bbox` and `area=level/code`, or any search parameter (q,
    licence, media, ocop, period, polygon, near), answered by the search service so that a
    map draws exactly what the search found. With `zoom` (and `view`), only what a map's
    view needs (`gis.layers`): every marker of a small result, else the markers or
    clusters of the view. Cached gzipped per access version and audience."""
    try:
        layer = layers.LayerRequest.from_query(request.GET)
    except BadGeometry as error:
        return JsonResponse({"error": str(error)}, status=400)
    filters = sorted(
        (name, values) for name, values in request.GET.lists() if name not in layers.LayerRequest.PARAMETERS
    )

    def compute():
        return layers.records_layer(map_records(request), request.user, layer, filters)

    return cached_geojson(request, "records", [filters, layer.key(), get_language()], compute)


def map_records(request):
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
        area = Area.objects.filter(level=level, code=code).only("pk").first()
        if area is None:
            raise Http404
        # An abolished unit's records stay findable under the units that replaced it.
        holding = [area.pk, *area.predecessors.values_list("pk", flat=True)]
        records = records.filter(pk__in=AreaRecord.objects.filter(area__in=holding).values("record_id"))
    return records


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
    are the whole filtered result, from the same search as the list, fetched per view;
    the page itself carries no marker and no boundary."""
    from django.shortcuts import render

    from search.views import page_query

    from . import maps

    outcome = service.search(request.user, request.GET)
    if not outcome.ok:
        return render(request, "gis/map.html", {"error": outcome.error}, status=outcome.status)
    params, results = outcome.params, outcome.results
    bounds = params.bbox or choropleth_bounds(request.user)
    figure = maps.base_map(bounds=bounds)
    layer_query = request.GET.copy()
    for name in ("page", "sort", *layers.LayerRequest.PARAMETERS):
        layer_query.pop(name, None)
    maps.add_choropleth(figure, reverse("api_areas_geojson"), _("Records per area"), _("Open this area"))
    maps.add_records(figure, reverse("api_records_geojson") + "?" + layer_query.urlencode(), type_labels())
    searched = any(values != [""] for name, values in layer_query.lists() if name != "bbox")
    maps.add_external_records(figure, reverse("external_records_geojson"), shown=not searched)
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


def choropleth_bounds(user):
    """The extent of the choropleth's areas (one aggregate query), or None."""
    level, counts = choropleth_level(user)
    if level is None:
        return None
    extent = Area.objects.filter(level=level, valid_to__isnull=True, pk__in=list(counts)).aggregate(
        west=Min("min_lon"), south=Min("min_lat"), east=Max("max_lon"), north=Max("max_lat")
    )
    return extent["west"], extent["south"], extent["east"], extent["north"]


def area_page(request, level, code):
    from django.shortcuts import render

    from . import maps

    if "\x00" in level + code:  # no such area, and PostgreSQL refuses NUL in a query
        raise Http404
    area = get_object_or_404(Area.objects.select_related("parent").defer("geometry"), level=level, code=code)
    holding = [area.pk, *area.predecessors.values_list("pk", flat=True)]
    records = (
        RecordPage.objects.visible_to(request.user)
        .with_card_data()
        .filter(pk__in=AreaRecord.objects.filter(area__in=holding).values("record_id"))
        .order_by("title")
    )
    figure = maps.base_map(bounds=area.bbox)
    maps.add_area(figure, area.simplified, area.name, reverse("api_area_detail", args=[area.level, area.code]))
    maps.add_records(figure, f"{reverse('api_records_geojson')}?area={area.level}/{area.code}", type_labels())
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


def warm_first_map_views(user=None):
    """Make the answers every map's first view asks for (the records and areas `user`,
    by default an anonymous visitor, may see at the zoom levels that show the whole
    country), so that the first visitor of that audience after a change does not wait
    for them. Meant for the task that runs after each change of what visitors may see
    (`heritage.tasks.warm_counts`, which hands it `heritage.access.member_of` each
    audience). The records layer names markers in the page's language: anonymous
    visitors get it made in every language of the site, signed-in audiences in the
    default one."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest, QueryDict
    from django.utils import translation

    user = AnonymousUser() if user is None else user
    languages = [code for code, _name in settings.LANGUAGES] if user.is_anonymous else [settings.LANGUAGE_CODE]
    views = [(api_records_geojson, f"zoom={zoom}", languages) for zoom in (5, layers.WHOLE_MAP_ZOOM)]
    views.append((api_areas_geojson, f"zoom={OUTLINE_ZOOMS[0]}", [settings.LANGUAGE_CODE]))
    made = 0
    for view, query, view_languages in views:
        for language in view_languages:
            request = HttpRequest()
            request.method = "GET"
            request.user = user
            request.GET = QueryDict(query)
            with translation.override(language):
                made += view(request).status_code == 200
    return made
