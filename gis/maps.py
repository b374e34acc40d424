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


def records_layer_class():
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from jinja2 import Template

    class RecordsLayer(JSCSSMixin, MacroElement):
        """Clustered record markers loaded from a GeoJSON URL, one overlay per record type."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function (map) {
              var labels = {{ this.labels|tojson }};
              var groupLabels = {{ this.group_labels|tojson }};
              var clusters = L.markerClusterGroup({showCoverageOnHover: false}).addTo(map);
              var markers = [];
              var shownTypes = {}, shownGroups = {};

              function cardFor(feature) {
                var box = document.createElement("div");
                box.className = "map-popup";
                var kind = document.createElement("div");
                kind.className = "map-popup-type";
                kind.textContent = labels[feature.properties.k] || feature.properties.k;
                var link = document.createElement("a");
                link.href = "/r/" + feature.id + "/";
                link.textContent = feature.properties.t;
                box.appendChild(kind);
                box.appendChild(link);
                return box;
              }

              function fillCard(box, id) {
                fetch("/api/records/" + id + "/card", {credentials: "same-origin"})
                  .then(function (response) { return response.ok ? response.json() : null; })
                  .then(function (card) {
                    if (!card) return;
                    if (card.place) {
                      var place = document.createElement("div");
                      place.className = "map-popup-place";
                      place.textContent = card.place;
                      box.appendChild(place);
                    }
                    if (card.thumbnail) {
                      var image = document.createElement("img");
                      image.src = card.thumbnail.url;
                      image.alt = card.thumbnail.alt;
                      image.width = card.thumbnail.width;
                      image.height = card.thumbnail.height;
                      box.insertBefore(image, box.firstChild);
                    }
                  })
                  .catch(function () { /* the title and link are already there */ });
              }

              function refresh() {
                clusters.clearLayers();
                clusters.addLayers(markers.filter(function (marker) {
                  var p = marker.feature.properties;
                  var groupShown = !p.g.length || p.g.some(function (slug) { return shownGroups[slug]; });
                  return shownTypes[p.k] && groupShown;
                }));
              }

              fetch({{ this.url|tojson }}, {credentials: "same-origin"})
                .then(function (response) { return response.json(); })
                .then(function (data) {
                  var typeCounts = {}, groupCounts = {};
                  L.geoJSON(data, {
                    pointToLayer: function (feature, latlng) {
                      // Named markers: screen readers and keyboard users know which record is which.
                      return L.marker(latlng, {title: feature.properties.t, alt: feature.properties.t});
                    },
                    onEachFeature: function (feature, layer) {
                      var box = cardFor(feature);
                      layer.bindPopup(box);
                      layer.once("popupopen", function () { fillCard(box, feature.id); });
                      markers.push(layer);
                      typeCounts[feature.properties.k] = (typeCounts[feature.properties.k] || 0) + 1;
                      feature.properties.g.forEach(function (slug) {
                        groupCounts[slug] = (groupCounts[slug] || 0) + 1;
                      });
                    }
                  });
                  // The layer control doubles as the legend: record types, then ethnic groups.
                  var overlays = {};
                  function toggle(registry, key) {
                    registry[key] = true;
                    var layer = L.layerGroup();
                    layer.on("add", function () { registry[key] = true; refresh(); });
                    layer.on("remove", function () { registry[key] = false; refresh(); });
                    return layer.addTo(map);
                  }
                  Object.keys(typeCounts).forEach(function (type) {
                    overlays[(labels[type] || type) + " (" + typeCounts[type] + ")"] = toggle(shownTypes, type);
                  });
                  Object.keys(groupCounts).sort().forEach(function (slug) {
                    var label = document.createElement("span");
                    label.className = "map-legend-group";
                    label.textContent = groupLabels[slug] || slug;  // the layer control takes HTML
                    var name = label.outerHTML;
                    overlays[name + " (" + groupCounts[slug] + ")"] = toggle(shownGroups, slug);
                  });
                  refresh();
                  if (Object.keys(overlays).length) {
                    L.control.layers(null, overlays, {collapsed: Object.keys(overlays).length > 8}).addTo(map);
                  }
                  document.documentElement.dataset.mapRecords = data.features.length;
                })
                .catch(function (error) {
                  document.documentElement.dataset.mapRecords = "error";
                  if (window.console) console.error("records layer:", error);
                });
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, url, labels, group_labels):
            super().__init__()
            self._name = "RecordsLayer"
            self.url = url
            self.labels = labels
            self.group_labels = group_labels
            self.default_js = [("markercluster", static("vendor/leaflet.markercluster/leaflet.markercluster.js"))]
            self.default_css = [
                ("markercluster_css", static("vendor/leaflet.markercluster/MarkerCluster.css")),
                ("markercluster_default_css", static("vendor/leaflet.markercluster/MarkerCluster.Default.css")),
            ]

    return RecordsLayer


def draw_box_class():
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from jinja2 import Template

    class DrawBox(JSCSSMixin, MacroElement):
        """A rectangle tool; drawing a box fills the search form's bbox and submits it."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function (map) {
              var drawn = new L.FeatureGroup().addTo(map);
              map.addControl(new L.Control.Draw({
                draw: {rectangle: {shapeOptions: {color: "#8a2d1c"}}, polygon: false, polyline: false,
                       circle: false, marker: false, circlemarker: false},
                edit: false
              }));
              var form = document.getElementById({{ this.form_id|tojson }});
              function submitBounds(bounds) {
                if (!form) return;
                form.elements.bbox.value = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
                  .map(function (n) { return n.toFixed(4); }).join(",");
                form.submit();
              }
              map.on(L.Draw.Event.CREATED, function (event) {
                drawn.clearLayers(); drawn.addLayer(event.layer); submitBounds(event.layer.getBounds());
              });
              var viewButton = document.getElementById({{ this.view_button_id|tojson }});
              if (viewButton) {
                viewButton.hidden = false;
                viewButton.addEventListener("click", function () { submitBounds(map.getBounds()); });
              }
              window.heritageMap = map;
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, form_id, view_button_id):
            super().__init__()
            self._name = "DrawBox"
            self.form_id = form_id
            self.view_button_id = view_button_id
            self.default_js = [("leaflet_draw", static("vendor/leaflet-draw/leaflet.draw.js"))]
            self.default_css = [("leaflet_draw_css", static("vendor/leaflet-draw/leaflet.draw.css"))]

    return DrawBox


def base_map(centre=VIETNAM_CENTRE, zoom=6, bounds=None):
    import folium

    tiles = getattr(settings, "HERITAGE_MAP_TILES", "OpenStreetMap") or None
    attribution = getattr(settings, "HERITAGE_MAP_ATTRIBUTION", None)
    options = {"tiles": tiles, "attr": attribution} if attribution else {"tiles": tiles}
    figure = folium.Map(location=list(centre), zoom_start=zoom, max_zoom=18, control_scale=True, **options)
    figure.options["maxZoom"] = 18  # folium only sets it on a tile layer; clusters need it without tiles
    assets = _local_assets()
    figure.default_js, figure.default_css = assets["js"], assets["css"]
    if bounds:
        west, south, east, north = bounds
        figure.fit_bounds([[south, west], [north, east]])
    return figure


def add_records(figure, url, labels):
    from heritage.models import EthnicGroup

    group_labels = {group.slug: group.display_name for group in EthnicGroup.objects.all()}
    records_layer_class()(url, labels, group_labels).add_to(figure)


def area_outline_class():
    from branca.element import MacroElement
    from jinja2 import Template

    class AreaOutline(MacroElement):
        """An area's boundary: the light version first, a finer one fetched as the map zooms in."""

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function (map) {
              var style = {color: "#8a2d1c", weight: 2, fillOpacity: 0.08};
              var outline = L.geoJSON({{ this.geometry|tojson }}, {style: style}).addTo(map);
              var label = document.createElement("span");
              label.textContent = {{ this.name|tojson }};
              outline.bindTooltip(label.outerHTML, {sticky: true});
              var detailUrl = {{ this.detail_url|tojson }}, shownZoom = {{ this.base_zoom }};
              if (!detailUrl) return;
              map.on("zoomend", function () {
                // Coarse steps: one finer boundary per two zoom levels is plenty.
                var wanted = Math.min(18, map.getZoom() - map.getZoom() % 2);
                if (wanted <= shownZoom) return;
                shownZoom = wanted;
                fetch(detailUrl + "?zoom=" + wanted, {credentials: "same-origin"})
                  .then(function (response) { return response.ok ? response.json() : null; })
                  .then(function (feature) {
                    if (!feature) return;
                    outline.clearLayers();
                    outline.addData(feature.geometry);
                    document.documentElement.dataset.areaZoom = wanted;
                  })
                  .catch(function () { /* the light boundary stays */ });
              });
            })({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, geometry, name, detail_url, base_zoom):
            super().__init__()
            self._name = "AreaOutline"
            self.geometry = geometry
            self.name = name
            self.detail_url = detail_url
            self.base_zoom = base_zoom

    return AreaOutline


# The stored light boundary is drawn until the map is zoomed in past this level.
STORED_OUTLINE_ZOOM = 10


def add_area(figure, geometry, name, detail_url=None):
    """Draw an area; with `detail_url` (its /api/areas/ address) finer boundaries follow the zoom."""
    area_outline_class()(geometry, name, detail_url, STORED_OUTLINE_ZOOM).add_to(figure)


CHOROPLETH_COLOURS = ["#fde9d9", "#f6b99a", "#e6805c", "#c4472f", "#8a2d1c"]


def add_choropleth(figure, areas, counts, name, link_label):
    """Areas shaded by how many records they hold; clicking one opens its page."""
    import folium

    if not areas:
        return
    highest = max(counts.values())
    features = []
    for area in areas:
        count = counts.get(area.pk, 0)
        shade = CHOROPLETH_COLOURS[min(len(CHOROPLETH_COLOURS) - 1, (count * len(CHOROPLETH_COLOURS) - 1) // highest)]
        features.append(
            {
                "type": "Feature",
                "geometry": area.simplified,
                "properties": {
                    "name": area.name,
                    "records": count,
                    "shade": shade,
                    "link": f'<a href="/khu-vuc/{area.level}/{area.code}/">{link_label}</a>',
                },
            }
        )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["shade"],
            "color": "#6b2013",
            "weight": 1,
            "fillOpacity": 0.45,
        },
        tooltip=folium.GeoJsonTooltip(fields=["name", "records"], aliases=["", "#"]),
        popup=folium.GeoJsonPopup(fields=["name", "link"], labels=False),
    ).add_to(figure)


def add_point(figure, latitude, longitude, label):
    import folium

    folium.CircleMarker(
        location=[latitude, longitude], radius=8, color="#8a2d1c", fill=True, fill_opacity=0.8, tooltip=label
    ).add_to(figure)


def add_draw_box(figure, form_id, view_button_id):
    draw_box_class()(form_id, view_button_id).add_to(figure)


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
