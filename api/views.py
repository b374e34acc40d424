"""The read API, version 1 (`/api/v1/`): records, ethnic groups, areas, collections,
search and the map layer, read-only, for whoever calls (anonymous callers see public
records only; a signed-in community member or curator sees what the site shows them).

Every record comes through `RecordPage.objects.visible_to(request.user)` (directly, or
through the listing, the search service and the map layer, which ask it themselves),
with the point the caller may see (`with_location_for`). Search, suggestions and the
map layer are the site's own views, mounted here under the version and described in
the OpenAPI schema: one implementation, two addresses.
"""

import datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound as NotFoundError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from gis import views as gis_views
from gis.models import Area
from heritage.access import audience
from heritage.listing import collection_counts
from heritage.models import CollectionItem, CollectionPage, EthnicGroup, RecordPage
from search import views as search_views

from . import schemas, serializers
from .errors import BadParameter, not_found_response
from .pagination import PageNumbers
from .queries import filter_key, matching_records, unknown_area

MAX_ID = 10**18 - 1


class ReadOnlyView(APIView):
    """GET only; answers revalidated on every use (an ETag of the body, `no-cache`), so
    no browser or proxy keeps showing a record after it was restricted; shared caches
    may keep only what an anonymous caller sees."""

    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        private = audience(request.user) != "public"
        if not response.has_header("Cache-Control"):  # the map layer sets its own
            ok = response.status_code == 200
            response["Cache-Control"] = ("private, no-cache" if private else "public, no-cache") if ok else "no-cache"
        patch_vary_headers(response, ["Cookie"])
        if response.status_code != 200 or response.has_header("ETag") or response.streaming:
            return response
        if hasattr(response, "render"):  # DRF's Response: its body is made later
            response.add_post_render_callback(lambda rendered: self._conditional(request, rendered))
            return response
        return self._conditional(request, response)  # a site view's answer (search)

    @staticmethod
    def _conditional(request, response):
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


def found(queryset, message):
    """The one object of `queryset`, or a 404 that says what was missing."""
    match = queryset.first()
    if match is None:
        raise NotFoundError(message)
    return match


class PagedListView(ReadOnlyView, generics.ListAPIView):
    pagination_class = PageNumbers


def record_queryset(user, records=None):
    """Visible records (`records`, already narrowed from `visible_to(user)`, or all of
    them) with the point `user` may see and what a summary shows, fetched up front (no
    query per record)."""
    records = RecordPage.objects.visible_to(user) if records is None else records
    return (
        records.with_location_for(user)
        .select_related("province", "licence")
        .prefetch_related("ethnic_groups", "subjects")
    )


class RecordContext:
    def get_serializer_context(self):
        return {**super().get_serializer_context(), "record_types": serializers.record_type_keys()}


# -------------------------------------------------------------------------- records


@extend_schema(
    summary="List records",
    description=(
        "Records the caller may see, newest first, narrowed by the same filters as the library page, the search "
        "page and the map. `type`, `group`, `province` and `subject` take one value each here (several in "
        "/api/v1/search). With any of `q`, `licence`, `media`, `ocop`, `period`, `polygon` or `near` the search "
        "service selects the records (at most 10 000); use /api/v1/search for relevance order and highlights."
    ),
    parameters=[
        *schemas.listing_filters(many=False),
        schemas.AREA,
        schemas.COLLECTION,
        *schemas.search_filters(),
    ],
    responses={200: serializers.RecordSummary(many=True), **schemas.errors(400, 404, 503)},
    tags=["records"],
)
class RecordList(RecordContext, PagedListView):
    serializer_class = serializers.RecordSummary

    def get_queryset(self):
        return record_queryset(self.request.user, matching_records(self.request)).order_by("-listed_at", "-pk")

    def count_key(self):
        return ["records", filter_key(self.request)]


@extend_schema(
    summary="One record",
    parameters=[OpenApiParameter("record_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "path")],
    responses={200: serializers.RecordDetail, **schemas.errors(404)},
    tags=["records"],
)
class RecordDetail(RecordContext, ReadOnlyView, generics.RetrieveAPIView):
    serializer_class = serializers.RecordDetail

    def get_object(self):
        record = record_queryset(self.request.user).select_related("main_image").filter(pk=self.kwargs["record_id"])
        return found(
            record, _("There is no record %(id)s, or it is not open to you.") % {"id": self.kwargs["record_id"]}
        )


# ------------------------------------------------------------------- ethnic groups


class EthnicGroupContext:
    def get_queryset(self):
        return EthnicGroup.objects.order_by("name").prefetch_related("other_names", "main_provinces")

    def get_serializer_context(self):
        visible = RecordPage.objects.visible_to(self.request.user)
        counts = collection_counts(self.request.user, visible)["ethnic_groups"]
        return {**super().get_serializer_context(), "group_counts": counts}


@extend_schema(
    summary="List ethnic groups",
    description="The 54 ethnic groups of Vietnam, with their other names and how many records the caller may see.",
    responses={200: serializers.EthnicGroupSerializer(many=True), **schemas.errors(400, 404)},
    tags=["ethnic groups"],
)
class EthnicGroupList(EthnicGroupContext, PagedListView):
    serializer_class = serializers.EthnicGroupSerializer


@extend_schema(
    summary="One ethnic group",
    responses={200: serializers.EthnicGroupSerializer, **schemas.errors(404)},
    tags=["ethnic groups"],
)
class EthnicGroupDetail(EthnicGroupContext, ReadOnlyView, generics.RetrieveAPIView):
    serializer_class = serializers.EthnicGroupSerializer

    def get_object(self):
        slug = self.kwargs["slug"]
        groups = self.get_queryset().filter(slug=slug) if "\x00" not in slug else EthnicGroup.objects.none()
        return found(groups, _("There is no ethnic group “%(slug)s”.") % {"slug": slug[:60]})


# --------------------------------------------------------------------------- areas


class AreaContext:
    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "area_counts": gis_views.visible_record_counts(self.request.user),
        }


@extend_schema(
    summary="List areas",
    description="Provinces, districts, communes and custom regions, without their boundaries.",
    parameters=[
        OpenApiParameter("level", OpenApiTypes.STR, enum=list(Area.Level.values)),
        OpenApiParameter("parent", OpenApiTypes.STR, description="The parent area's code."),
        OpenApiParameter("valid_on", OpenApiTypes.DATE, description="Areas in force on that day (YYYY-MM-DD)."),
    ],
    responses={200: serializers.AreaSerializer(many=True), **schemas.errors(400, 404)},
    tags=["areas"],
)
class AreaList(AreaContext, PagedListView):
    serializer_class = serializers.AreaSerializer

    def get_queryset(self):
        query = self.request.query_params
        areas = Area.objects.select_related("parent").defer(*gis_views.WITHOUT_BOUNDARIES).order_by("level", "code")
        level = query.get("level")
        if level:
            if level not in Area.Level.values:
                raise BadParameter(_("level is one of province, district, commune, region."))
            areas = areas.filter(level=level)
        if query.get("parent"):
            parent = query["parent"]
            areas = areas.none() if "\x00" in parent else areas.filter(parent__code=parent)
        if query.get("valid_on"):
            try:
                day = datetime.date.fromisoformat(query["valid_on"])
            except ValueError:
                raise BadParameter(_("valid_on is a date: YYYY-MM-DD.")) from None
            areas = areas.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=day)
            )
        return areas


@extend_schema(
    summary="One area, with its boundary",
    parameters=[
        OpenApiParameter("level", OpenApiTypes.STR, "path", enum=list(Area.Level.values)),
        OpenApiParameter("code", OpenApiTypes.STR, "path"),
        OpenApiParameter("geometry", OpenApiTypes.STR, enum=["full"], description="`full`: the boundary as imported."),
        OpenApiParameter("zoom", OpenApiTypes.INT, description="The outline a map draws at this zoom level (0 to 20)."),
    ],
    responses={200: serializers.AreaDetailSerializer, **schemas.errors(400, 404)},
    tags=["areas"],
)
class AreaDetail(AreaContext, ReadOnlyView, generics.RetrieveAPIView):
    serializer_class = serializers.AreaDetailSerializer

    def get_object(self):
        level, code = self.kwargs["level"], self.kwargs["code"]
        areas = Area.objects.select_related("parent").defer("geometry", "parent__geometry", "parent__simplified")
        areas = areas.filter(level=level, code=code) if "\x00" not in level + code else areas.none()
        return found(areas, _("There is no area %(level)s/%(code)s.") % {"level": level[:20], "code": code[:60]})

    def retrieve(self, request, *args, **kwargs):
        area = self.get_object()
        query = request.query_params
        if query.get("geometry") == "full":
            geometry = area.geometry
        elif query.get("zoom"):
            try:
                zoom = gis_views.layers.parse_zoom(query["zoom"])
            except gis_views.BadGeometry as error:
                raise BadParameter(str(error)) from None
            geometry = gis_views.outline_at_zoom(area, zoom)
        else:
            geometry = area.simplified
        return Response(self.get_serializer(area, context={**self.get_serializer_context(), "geometry": geometry}).data)


# --------------------------------------------------------------------- collections


class CollectionContext:
    def get_queryset(self):
        return CollectionPage.objects.live().order_by("title", "pk")

    def get_serializer_context(self):
        visible = RecordPage.objects.visible_to(self.request.user)
        counts = dict(
            CollectionItem.objects.filter(record__in=visible.values("pk"))
            .order_by()
            .values_list("collection")
            .annotate(n=Count("record", distinct=True))
        )
        return {
            **super().get_serializer_context(),
            "collection_counts": counts,
            "record_types": serializers.record_type_keys(),
        }


@extend_schema(
    summary="List collections",
    responses={200: serializers.CollectionSerializer(many=True), **schemas.errors(400, 404)},
    tags=["collections"],
)
class CollectionList(CollectionContext, PagedListView):
    serializer_class = serializers.CollectionSerializer


@extend_schema(
    summary="One collection, with its records",
    parameters=[OpenApiParameter("collection_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "path")],
    responses={200: serializers.CollectionDetailSerializer, **schemas.errors(404)},
    tags=["collections"],
)
class CollectionDetail(CollectionContext, ReadOnlyView, generics.RetrieveAPIView):
    serializer_class = serializers.CollectionDetailSerializer

    def get_object(self):
        collections = self.get_queryset().filter(pk=self.kwargs["collection_id"])
        return found(collections, _("There is no collection %(id)s.") % {"id": self.kwargs["collection_id"]})

    def retrieve(self, request, *args, **kwargs):
        collection = self.get_object()
        ids = [item.record_id for item in collection.items.all()]
        items = record_queryset(request.user).in_order(ids)
        return Response(self.get_serializer(collection, context={**self.get_serializer_context(), "items": items}).data)


# ------------------------------------------------- search and map: the site's views


class AnswerAsTheSiteDoes(BaseContentNegotiation):
    """The site's view decides its body's type (JSON, or GeoJSON for the map layer)
    whatever the client's Accept header says; errors raised here are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SiteView(ReadOnlyView):
    """Passes the request to one of the site's own JSON views."""

    site_view = None
    content_negotiation_class = AnswerAsTheSiteDoes

    def get(self, request, *args, **kwargs):
        return type(self).site_view(request._request)


GEOJSON = "application/geo+json"


@extend_schema(
    summary="Search",
    description=(
        "The site's search (`/search/`) as JSON: relevance order, highlights, facets with counts over what the "
        "caller may see, a spelling suggestion. 20 results a page."
    ),
    parameters=schemas.SEARCH_PARAMETERS,
    responses={200: schemas.SEARCH_RESPONSE, **schemas.errors(400, 503)},
    tags=["search"],
)
class Search(SiteView):
    site_view = search_views.api_search


@extend_schema(
    summary="Title suggestions",
    description="Titles of records the caller may see that start with what was typed (two characters or more).",
    parameters=[OpenApiParameter("q", {"type": "string", "maxLength": 200}, description="What was typed.")],
    responses={200: schemas.SUGGEST_RESPONSE, **schemas.errors(503)},
    tags=["search"],
)
class Suggest(SiteView):
    site_view = search_views.api_suggest


@extend_schema(
    summary="Map layer: records",
    description=(
        "The records a map draws, as GeoJSON, with the same filters as the record list. Without `zoom`, every "
        "located record as a marker; with `zoom` (and `view`), what that view needs: every marker of a small "
        "result, else the view's markers or clusters. `hide_type` and `hide_group` switch legend entries off."
    ),
    parameters=[
        *schemas.listing_filters(many=False),
        schemas.AREA,
        *schemas.search_filters(),
        schemas.ZOOM,
        schemas.VIEW,
        OpenApiParameter("hide_type", OpenApiTypes.STR, many=True, enum=list(serializers.RECORD_TYPES)),
        OpenApiParameter("hide_group", OpenApiTypes.STR, many=True),
    ],
    responses={
        (200, GEOJSON): OpenApiResponse(schemas.RECORDS_LAYER, description="GeoJSON"),
        **schemas.errors(400, 503, media_type="application/json"),
    },
    tags=["map"],
)
class MapRecords(SiteView):
    site_view = gis_views.api_records_geojson

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:  # an unknown `area`: a bad filter value, as in the record list
            raise BadParameter(unknown_area(request.query_params.get("area", ""))) from None


@extend_schema(
    summary="Map layer: areas (choropleth)",
    parameters=[schemas.ZOOM, schemas.VIEW],
    responses={
        (200, GEOJSON): OpenApiResponse(schemas.AREAS_LAYER, description="GeoJSON"),
        **schemas.errors(400, media_type="application/json"),
    },
    tags=["map"],
)
class MapAreas(SiteView):
    site_view = gis_views.api_areas_geojson


@extend_schema(exclude=True)
class NotFound(ReadOnlyView):
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""

    def get(self, request, *args, **kwargs):
        return not_found_response()
