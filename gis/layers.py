"""What a map's records layer is sent: only what its view needs, whatever the collection's size.

A result of at most `marker_limit()` located records is sent whole, as markers, once:
the browser clusters and filters them itself, as a small map always did. A larger result
is sent per view: the records inside the view (snapped outward to the tiles of its zoom
level, so nearby views share one cached answer; up to WHOLE_MAP_ZOOM, the whole world,
one answer for everyone) as markers when there are few enough,
else as clusters, counted by a grid aggregation in SQL over the public point (a square
grid of four cells per tile, anchored at longitude −180 and latitude −90, so a cell is the
same for every view at one zoom level). A cluster carries its count and the bounds of its
records (a click zooms to them); a cell holding a single record is sent as its marker.

Clusters are placed and counted at the public point, the one search by map uses: a
sensitive place is counted at its generalised point for everyone. Markers are placed
where the caller may see them (`RecordQuerySet.with_location_for`). Every count is made
over the records `heritage.access` lets the caller see; the answers are cached by the
views per access version and audience.
"""

import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef
from django.db.models.functions import Floor
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from heritage.access import cached_for_audience
from heritage.geography import BadGeometry, parse_bbox
from heritage.models import EthnicGroup, RecordPage

MAX_ZOOM = 18
CELLS_PER_TILE = 4
# Up to this zoom level a view sees the whole country: its answer is made for the whole
# world, once, and shared by every view (and made ahead by `gis.views.warm_first_map_views`).
WHOLE_MAP_ZOOM = 6
MAX_HIDDEN = 60  # more switches than the legend has
WORLD = (-180.0, -90.0, 180.0, 90.0)


def marker_limit():
    """A result (or a view) with at most this many records is sent as markers."""
    return getattr(settings, "HERITAGE_MAP_MARKER_LIMIT", 2000)


def tile_degrees(zoom):
    return 360 / 2**zoom


def cell_degrees(zoom):
    return tile_degrees(zoom) / CELLS_PER_TILE


def parse_zoom(value):
    """A zoom level (0..20) from the query string, or BadGeometry."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 2 and int(text) <= 20):
        raise BadGeometry(_("zoom is a whole number from 0 to 20."))
    return int(text)


def snapped_view(view, zoom):
    """A view widened to the tile edges of its zoom level, inside the world."""
    west, south, east, north = view
    tile = tile_degrees(zoom)
    west, south = math.floor((west + 180) / tile) * tile - 180, math.floor((south + 90) / tile) * tile - 90
    east, north = math.ceil((east + 180) / tile) * tile - 180, math.ceil((north + 90) / tile) * tile - 90
    return (max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))


@dataclass(frozen=True)
class LayerRequest:
    """The map-only part of a records-layer request: `zoom`, `view` (west,south,east,north),
    and the legend's switches `hide_type` and `hide_group` (repeatable)."""

    zoom: int | None = None
    view: tuple | None = None
    hidden_types: tuple = ()
    hidden_groups: tuple = ()

    PARAMETERS = ("zoom", "view", "hide_type", "hide_group")

    @classmethod
    def from_query(cls, query):
        zoom = parse_zoom(query["zoom"]) if query.get("zoom") else None
        view = None
        if query.get("view") and zoom is not None:
            view = snapped_view(parse_bbox(query["view"]), zoom)
            if zoom <= WHOLE_MAP_ZOOM:
                view = None

        def cleaned(name):
            values = {value.replace("\x00", "").strip()[:60] for value in query.getlist(name)}
            return tuple(sorted(value for value in values if value))[:MAX_HIDDEN]

        return cls(zoom, view, cleaned("hide_type"), cleaned("hide_group"))

    def key(self):
        return [self.zoom, self.view, self.hidden_types, self.hidden_groups, marker_limit()]


def located(records):
    return records.filter(public_latitude__isnull=False, public_longitude__isnull=False)


def legend(records, user, filter_key):
    """Total and counts per record type and ethnic group of a whole result (the legend
    shows them, whatever the view); remembered until the next access change."""

    def count():
        types = {
            model.removesuffix("page"): n
            for model, n in records.order_by().values_list("content_type__model").annotate(n=Count("pk"))
        }
        through = RecordPage.ethnic_groups.through.objects.filter(recordpage_id__in=records.values("pk"))
        groups = dict(through.order_by().values_list("ethnicgroup__slug").annotate(n=Count("recordpage_id")))
        return {"total": sum(types.values()), "types": types, "groups": groups}

    return cached_for_audience(user, "gis-records-legend", filter_key, count)


def without_hidden(records, layer):
    """The records the legend's switches leave shown: a record is hidden with its type, and
    with its ethnic groups when every one of them is switched off."""
    if layer.hidden_types:
        models = [model for key, model in RecordPage.record_types().items() if key in layer.hidden_types]
        records = records.exclude(content_type__model__in=[model._meta.model_name for model in models])
    if layer.hidden_groups:
        groups = RecordPage.ethnic_groups.through.objects.filter(recordpage_id=OuterRef("pk"))
        shown_group = groups.exclude(ethnicgroup__slug__in=layer.hidden_groups)
        records = records.filter(~Exists(groups) | Exists(shown_group))
    return records


def in_view(records, view):
    west, south, east, north = view
    return records.filter(
        public_longitude__gte=west, public_longitude__lte=east, public_latitude__gte=south, public_latitude__lte=north
    )


def marker_features(records, user):
    """GeoJSON Features for markers, compact on purpose: "t" title, "k" record type, "g"
    ethnic groups, "a" 1 when the point stands for a sensitive place's commune or
    district; a marker links to /r/<id>/ and fetches its card when opened. The title is
    the English one on an English page (/en/, docs/english.md) when the record has it."""
    english = get_language() == "en"
    rows = list(
        records.with_location_for(user)
        .order_by("pk")
        .values_list(
            "pk", "title", "title_en", "content_type__model", "shown_longitude", "shown_latitude", "location_exact"
        )
    )
    groups = {}
    through = RecordPage.ethnic_groups.through.objects.filter(recordpage_id__in=[row[0] for row in rows])
    for pk, slug in through.values_list("recordpage_id", "ethnicgroup__slug"):
        groups.setdefault(pk, []).append(slug)
    return [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "t": (english and title_en) or title,
                "k": model.removesuffix("page"),
                "g": groups.get(pk, []),
            }
            | ({} if exact else {"a": 1}),
        }
        for pk, title, title_en, model, lon, lat, exact in rows
        if lon is not None and lat is not None
    ]


def grid_cells(records, zoom):
    """One row per occupied grid cell at `zoom`: count, mean point, bounds and one id."""
    size = cell_degrees(zoom)
    return list(
        records.annotate(
            cell_x=Floor((F("public_longitude") + 180.0) / size),
            cell_y=Floor((F("public_latitude") + 90.0) / size),
        )
        .order_by()
        .values("cell_x", "cell_y")
        .annotate(
            n=Count("pk"),
            lon=Avg("public_longitude"),
            lat=Avg("public_latitude"),
            west=Min("public_longitude"),
            east=Max("public_longitude"),
            south=Min("public_latitude"),
            north=Max("public_latitude"),
            one=Min("pk"),
        )
    )


def cluster_feature(cell):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(cell["lon"], 5), round(cell["lat"], 5)]},
        "properties": {
            "n": cell["n"],
            "b": [round(cell[name], 5) for name in ("west", "south", "east", "north")],
        },
    }


def records_layer(records, user, layer, filter_key):
    """The layer's answer as JSON text. Without a zoom level: every marker (the API as it
    always was). With one: {"kind": "all" | "markers" | "clusters", "total", "legend",
    "zoom", "view", "features"}."""
    records = located(records)
    if layer.zoom is None:
        return _dumps({"type": "FeatureCollection", "features": marker_features(records, user)})
    summary = legend(records, user, filter_key)
    shown = without_hidden(records, layer)
    answer = {
        "type": "FeatureCollection",
        "total": summary["total"],
        "legend": {"types": summary["types"], "groups": summary["groups"]},
        "zoom": layer.zoom,
        "view": None,
    }
    if summary["total"] <= marker_limit():
        return _dumps(answer | {"kind": "all", "features": marker_features(shown, user)})
    view = layer.view or WORLD
    answer["view"] = [round(value, 6) for value in view]
    visible_here = in_view(shown, view)
    if layer.zoom >= MAX_ZOOM:
        return _dumps(answer | {"kind": "markers", "features": marker_features(visible_here, user)})
    cells = grid_cells(visible_here, layer.zoom)
    if sum(cell["n"] for cell in cells) <= marker_limit():
        return _dumps(answer | {"kind": "markers", "features": marker_features(visible_here, user)})
    single = [cell["one"] for cell in cells if cell["n"] == 1]
    features = [cluster_feature(cell) for cell in cells if cell["n"] > 1]
    if single:
        features += marker_features(shown.filter(pk__in=single), user)
    return _dumps(answer | {"kind": "clusters", "features": features})


def group_labels():
    return {group.slug: group.display_name for group in EthnicGroup.objects.all()}


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
