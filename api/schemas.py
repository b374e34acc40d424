"""OpenAPI descriptions of the answers the API passes on from the search service and
the map layer (`search.views`, `gis.views`): those views build their JSON themselves,
so their shape is declared here, beside the parameters they read."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from search.params import MAX_QUERY_LENGTH, MEDIA_KINDS, PERIODS, SORTS

from .serializers import RECORD_TYPES

Q = OpenApiParameter.QUERY

ERROR = inline_serializer("Error", {"error": serializers.CharField(help_text="What was wrong, in a sentence.")})


def errors(*statuses, media_type=None):
    said = {
        400: "A parameter is not valid; `error` says which and why.",
        404: "Nothing has this id (or the caller may not see it).",
        503: "The search engine cannot answer at the moment.",
    }
    return {
        (status, media_type) if media_type else status: OpenApiResponse(ERROR, description=said[status])
        for status in statuses
    }


def _text(name, description, many=False, enum=None, kind=OpenApiTypes.STR):
    return OpenApiParameter(name, kind, Q, description=description, many=many, enum=enum)


def listing_filters(many):
    """The library's filters; repeatable (any of the values) where search answers."""
    return [
        _text("type", "Record type.", many=many, enum=list(RECORD_TYPES)),
        _text("group", "Ethnic group, by slug (e.g. `hre`): see /api/v1/ethnic-groups.", many=many),
        _text("province", "Province, by official code (e.g. `51`).", many=many),
        _text("subject", "Subject, by slug.", many=many),
    ]


def search_filters():
    return [
        _text(
            "q",
            'Words, with or without diacritics, or "quoted phrases".',
            kind={"type": "string", "maxLength": MAX_QUERY_LENGTH},
        ),
        _text("licence", "Licence code (e.g. `cc-by-4.0`).", many=True),
        _text("media", "Records with media of this kind.", many=True, enum=list(MEDIA_KINDS)),
        _text("ocop", "Products with this OCOP star rating.", many=True, enum=["3", "4", "5"]),
        _text("period", "Period first documented.", many=True, enum=list(PERIODS)),
        _text("bbox", "`west,south,east,north` in degrees (the public point of each record)."),
        _text("polygon", "A GeoJSON Polygon (its ring must close)."),
        _text("near", "`latitude,longitude,km`."),
    ]


AREA = _text("area", "An area as `level/code` (e.g. `district/435`): records linked to it or to the units it replaced.")
COLLECTION = OpenApiParameter(
    "collection", OpenApiTypes.INT, Q, description="A collection's id: its records the caller may see."
)

SEARCH_PARAMETERS = [
    *listing_filters(many=True),
    *search_filters(),
    _text("sort", "Order; relevance by default with `q`, else date.", enum=list(SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT, Q, description="Page (20 results a page, to the 10 000th result)."),
]

FACET_OPTIONS = inline_serializer(
    "FacetOption",
    many=True,
    fields={
        "value": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
        "chosen": serializers.BooleanField(),
    },
)

SEARCH_RESULTS = inline_serializer(
    "SearchResult",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "type": serializers.ChoiceField(choices=RECORD_TYPES),
        "title": serializers.CharField(),
        "title_en": serializers.CharField(),
        "summary": serializers.CharField(),
        "url": serializers.CharField(),
        "permalink": serializers.CharField(),
        "province": serializers.CharField(allow_null=True),
        "latitude": serializers.FloatField(allow_null=True),
        "longitude": serializers.FloatField(allow_null=True),
        "location_exact": serializers.BooleanField(allow_null=True),
        "access_level": serializers.CharField(),
        "highlights": serializers.ListField(child=serializers.CharField(), help_text="HTML fragments with <mark>."),
    },
)

SEARCH_RESPONSE = inline_serializer(
    "SearchResponse",
    {
        "query": serializers.CharField(),
        "total": serializers.IntegerField(),
        "total_is_estimate": serializers.BooleanField(),
        "page": serializers.IntegerField(),
        "page_size": serializers.IntegerField(),
        "suggestion": serializers.CharField(help_text="A corrected spelling that finds something, or empty."),
        "notice": serializers.CharField(help_text="Said when the answer is degraded (the database fallback)."),
        "results": SEARCH_RESULTS,
        "facets": serializers.DictField(child=FACET_OPTIONS),
    },
)

SUGGEST_RESPONSE = inline_serializer(
    "Suggestions",
    {
        "suggestions": inline_serializer(
            "Suggestion", many=True, fields={"title": serializers.CharField(), "url": serializers.CharField()}
        ),
    },
)

POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
}

RECORDS_LAYER = {
    "type": "object",
    "description": (
        "GeoJSON FeatureCollection. A marker: `id` (record id), properties `t` title, `k` record type, `g` ethnic "
        "groups, `a`: 1 when the point stands for a protected place's commune or district. With `zoom`, also "
        "`kind` (all, markers or clusters), `total`, `legend`, `zoom`, `view`; a cluster's properties are `n` "
        "(records) and `b` (their bounds)."
    ),
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "kind": {"type": "string", "enum": ["all", "markers", "clusters"]},
        "total": {"type": "integer"},
        "legend": {"type": "object"},
        "zoom": {"type": "integer"},
        "view": {"type": "array", "items": {"type": "number"}, "nullable": True},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": POINT,
                    "properties": {"type": "object"},
                },
            },
        },
    },
}

AREAS_LAYER = {
    "type": "object",
    "description": (
        "GeoJSON FeatureCollection of the choropleth: the current areas of the most detailed level holding "
        "records the caller may see, each with `name`, `records` and `url`; `highest` is the largest count."
    ),
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "highest": {"type": "integer"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {"type": "object"},
                    "properties": {"type": "object"},
                },
            },
        },
    },
}

ZOOM = OpenApiParameter("zoom", OpenApiTypes.INT, Q, description="The map's zoom level, 0 to 20.")
VIEW = _text("view", "The map's view: `west,south,east,north`.")
