"""Server-rendered maps with folium (Leaflet), built from plain data.

Leaflet and its plugins are served by the site itself (node_modules → /static/vendor/),
never from a CDN, so maps work on an intranet; record markers are fetched from the
cached `/api/records.geojson` endpoint instead of being inlined into the page.
"""

import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

from heritage.geography import VIETNAM_CENTRE


@dataclass
class RenderedMap:
    """The three parts of a folium map, for a page template: head, body and script."""

    head: str
    body: str
    script: str
    name: str


def _local_assets():
    return {
        "js": [("leaflet", static("vendor/leaflet/leaflet.js"))],
        "css": [("leaflet_css", static("vendor/leaflet/leaflet.css"))],
    }


def _layer_call_class():
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from jinja2 import Template

    class LayerCall(JSCSSMixin, MacroElement):
        """One call into the site's map script (`gis/static/gis/maps.js`) with its options
        as JSON: the page carries no script of its own beyond these calls."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "HeritageMaps.{{ this.function }}({{ this._parent.get_name() }}, {{ this.options|tojson }});"
            "{% endmacro %}"
        )

        def __init__(self, function, options, js=(), css=()):
            super().__init__()
            self._name = "HeritageMaps"
            self.function = function
            self.options = options
            self.default_js = [*js, ("heritage_maps", static("gis/maps.js"))]
            self.default_css = list(css)

    return LayerCall


def base_map(centre=VIETNAM_CENTRE, zoom=6, bounds=None):
    import folium

    from .basemap import SELF_HOSTED

    tiles = getattr(settings, "HERITAGE_MAP_TILES", "OpenStreetMap") or None
    self_hosted = tiles == SELF_HOSTED
    if self_hosted:
        tiles = None  # drawn in the browser from the site's own file (add_base)
    attribution = getattr(settings, "HERITAGE_MAP_ATTRIBUTION", None)
    options = {"tiles": tiles, "attr": attribution} if attribution else {"tiles": tiles}
    figure = folium.Map(location=list(centre), zoom_start=zoom, max_zoom=18, control_scale=True, **options)
    figure.options["maxZoom"] = 18  # folium only sets it on a tile layer; clusters need it without tiles
    assets = _local_assets()
    figure.default_js, figure.default_css = assets["js"], assets["css"]
    if bounds:
        west, south, east, north = bounds
        figure.fit_bounds([[south, west], [north, east]])
    add_base(figure, online=tiles is not None, attribution=attribution)
    guard_gestures(figure)
    return figure


def add_base(figure, online, attribution=None):
    """What the map draws beneath its layers (`HeritageMaps.baseMap`): the online tiles
    folium placed, watched so that the map falls back to the area outlines when none
    loads; or the site's own base-map file (`gis.basemap`), with the one library that
    draws its kind of tiles; or, with neither, the province and district outlines from
    /api/areas/outlines.geojson, so a visitor still sees where things are."""
    from django.urls import reverse
    from django.utils.translation import get_language

    from .basemap import current_basemap
    from .shapes import OUTLINE_ZOOMS

    options = {
        "mode": "online" if online else "outlines",
        "outlinesUrl": reverse("api_area_outlines"),
        "bands": list(OUTLINE_ZOOMS),
    }
    js = []
    basemap = None if online else current_basemap()
    if basemap is not None:
        options.update(
            mode=basemap.kind,
            url=reverse("basemap_file"),
            minZoom=basemap.min_zoom,
            maxZoom=basemap.max_zoom,
            bounds=basemap.bounds,
            attribution=attribution or basemap.attribution or None,
            lang=(get_language() or "vi")[:2],
        )
        if basemap.kind == "raster":
            js = [("pmtiles", static("vendor/pmtiles/pmtiles.js"))]
        else:
            js = [("protomaps_leaflet", static("vendor/protomaps-leaflet/protomaps-leaflet.js"))]
    css = [("heritage_basemap_css", static("gis/basemap.css"))]
    _layer_call_class()("baseMap", options, js=js, css=css).add_to(figure)


def guard_gestures(figure):
    """Every map lets the page scroll through it: one finger and the plain wheel are the
    page's, two fingers, a click or Ctrl/⌘ + wheel the map's (`HeritageMaps.gestures`)."""
    from django.utils.translation import gettext

    options = {
        "touchHint": gettext("Use two fingers to move the map"),
        "wheelHint": gettext("Ctrl + scroll to zoom the map"),
        "wheelHintApple": gettext("⌘ + scroll to zoom the map"),
    }
    _layer_call_class()("gestures", options).add_to(figure)


def add_records(figure, url, labels):
    """Record markers from `url` (an /api/records.geojson address), asked per view: the
    page carries none of them."""
    from django.utils.translation import gettext

    from .layers import group_labels

    options = {
        "url": url,
        "labels": labels,
        "groupLabels": group_labels(),
        "clusterTitle": gettext("{count} records: click to zoom in"),
        "viewport": True,
    }
    _layer_call_class()(
        "records",
        options,
        js=[("markercluster", static("vendor/leaflet.markercluster/leaflet.markercluster.js"))],
        css=[
            ("markercluster_css", static("vendor/leaflet.markercluster/MarkerCluster.css")),
            ("markercluster_default_css", static("vendor/leaflet.markercluster/MarkerCluster.Default.css")),
        ],
    ).add_to(figure)


def add_external_records(figure, url, shown=True):
    """Records harvested from other institutions (`exchange`) that carry coordinates,
    from `url`: a layer of its own, drawn apart from ours, switched in the layer control,
    each marker saying whose record it is and linking to the original. `shown=False`
    puts it in the control switched off (a map of a search: the search did not look
    at them)."""
    from django.utils.translation import gettext

    options = {
        "url": url,
        "name": gettext("Records from other libraries"),
        "sourceLabel": gettext("Source"),
        "originalLabel": gettext("See the original record"),
        "shown": shown,
    }
    _layer_call_class()("externalRecords", options).add_to(figure)


# The stored light boundary is drawn until the map is zoomed in past this level.
STORED_OUTLINE_ZOOM = 10


def add_area(figure, geometry, name, detail_url=None):
    """Draw an area; with `detail_url` (its /api/areas/ address) finer boundaries follow the zoom."""
    options = {"geometry": geometry, "name": name, "detailUrl": detail_url, "baseZoom": STORED_OUTLINE_ZOOM}
    _layer_call_class()("areaOutline", options).add_to(figure)


CHOROPLETH_COLOURS = ["#fde9d9", "#f6b99a", "#e6805c", "#c4472f", "#8a2d1c"]


def add_choropleth(figure, url, name, link_label):
    """Areas shaded by how many records they hold, fetched from `url` (/api/areas.geojson)
    with the outlines of the zoom band; clicking one offers its page."""
    from .shapes import OUTLINE_ZOOMS

    options = {
        "url": url,
        "name": name,
        "linkLabel": link_label,
        "colours": CHOROPLETH_COLOURS,
        "bands": list(OUTLINE_ZOOMS),
    }
    _layer_call_class()("choropleth", options).add_to(figure)


def add_point(figure, latitude, longitude, label):
    import folium

    folium.CircleMarker(
        location=[latitude, longitude], radius=8, color="#8a2d1c", fill=True, fill_opacity=0.8, tooltip=label
    ).add_to(figure)


def add_draw_box(figure, form_id, view_button_id):
    _layer_call_class()(
        "drawBox",
        {"formId": form_id, "viewButtonId": view_button_id},
        js=[("leaflet_draw", static("vendor/leaflet-draw/leaflet.draw.js"))],
        css=[("leaflet_draw_css", static("vendor/leaflet-draw/leaflet.draw.css"))],
    ).add_to(figure)


_PAGE_LEVEL = [
    re.compile(r'<meta name="viewport"[^>]*>', re.S),  # the page has its own, zoomable one
    re.compile(r"<style>\s*html, body \{.*?</style>", re.S),
    re.compile(r"<style>\s*#map \{.*?</style>", re.S),
    re.compile(r'<meta http-equiv="content-type"[^>]*>'),
    # Leaflet's own defaults; as an inline script it would need the page's CSP nonce.
    re.compile(r"<script>\s*L_NO_TOUCH = false;\s*L_DISABLE_3D = false;\s*</script>", re.S),
]


def render(figure):
    """Split a folium map into parts a page template places itself."""
    root = figure.get_root()
    root.render()
    head = root.header.render()
    for pattern in _PAGE_LEVEL:
        head = pattern.sub("", head)
    return RenderedMap(head=head, body=root.html.render(), script=root.script.render(), name=figure.get_name())


def labels_json(labels):
    return json.dumps(labels, ensure_ascii=False)
