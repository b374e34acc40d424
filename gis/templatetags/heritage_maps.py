"""`{% records_map %}`: a folium map placed anywhere in a page (home, ethnic groups,
record locators), with its Leaflet assets from the site's own static files."""

import functools
import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()

NO_SCRIPT = "gis/includes/map_no_script.html"
AROUND_DEGREES = 0.1  # a box of about 20 km around a record's place, for map_url_around


@functools.lru_cache(maxsize=512)
def _rendered_map(language, tiles, basemap, filters, latitude, longitude, zoom, locator, label, area_json):
    """A map's parts, made once per process for the same arguments (folium takes 10–20 ms
    a map, a good part of a record page's or the home page's time). Everything the parts
    depend on is an argument: the active language (for the labels), the tile settings,
    the base-map file's version, and the map's own place and filters; the request's
    nonce is added by the caller. Nothing here reads records or depends on the visitor."""
    from gis import maps
    from gis.views import type_labels

    centre = (latitude, longitude) if latitude is not None and longitude is not None else maps.VIETNAM_CENTRE
    figure = maps.base_map(centre=centre, zoom=zoom)
    if locator and area_json:
        maps.add_area(figure, json.loads(area_json), label)
    elif locator:
        maps.add_point(figure, latitude, longitude, label)
    else:
        query = urlencode(dict(filters))
        maps.add_records(figure, reverse("api_records_geojson") + (f"?{query}" if query else ""), type_labels())
    return maps.render(figure)


@register.simple_tag(takes_context=True)
def records_map(
    context,
    filters=None,
    latitude=None,
    longitude=None,
    zoom=6,
    locator=False,
    label="",
    area=None,
    on_demand=False,
    no_script=None,
):
    """`area` (a GeoJSON geometry) makes a locator draw a region instead of a point: a
    sensitive place shown only as its commune or district. `on_demand=True` sends the
    map's parts inert, behind a "Show on the map" button (`gis/map_on_demand.js`): a
    visitor who does not ask for the map does not fetch Leaflet (the record page).
    `on_demand="visible"` opens it by itself when it nears the screen (the home page):
    either way Leaflet never holds up the page's first paint. `no_script` names the
    template the frame shows without JavaScript (see map_on_demand)."""
    from gis.basemap import current_basemap

    rendered = _rendered_map(
        get_language(),
        (getattr(settings, "HERITAGE_MAP_TILES", None), getattr(settings, "HERITAGE_MAP_ATTRIBUTION", None)),
        current_basemap(),
        tuple(sorted((key, str(value)) for key, value in (filters or {}).items())),
        latitude,
        longitude,
        zoom,
        locator,
        str(label),
        json.dumps(area, sort_keys=True) if area else "",
    )
    css_class = "map-frame map-frame--small" if locator else "map-frame"
    if on_demand:
        return map_on_demand(
            context,
            rendered,
            css_class=css_class,
            mode="visible" if on_demand == "visible" else "button",
            no_script=no_script,
            map_url=reverse("map") + (f"?{urlencode(dict(filters))}" if filters else ""),
        )
    # The inline script runs under the Content Security Policy only with the request's nonce.
    nonce = getattr(context.get("request"), "csp_nonce", "")
    return mark_safe(  # noqa: S308 - folium output built from our own values
        f'{rendered.head}<div class="{css_class}">{rendered.body}</div>'
        f'<script nonce="{nonce}">{rendered.script}</script>'
    )


@register.simple_tag(takes_context=True)
def map_on_demand(context, rendered, css_class="map-frame", mode="visible", no_script=NO_SCRIPT, map_url=None):
    """A map's parts (a `gis.maps.RenderedMap`) sent inert, in <template> elements, with
    the loader (`gis/map_on_demand.js`) that puts them to work: behind a "Show on the
    map" button (`mode="button"`), or by itself when the frame nears the screen
    (`mode="visible"`). Either way Leaflet and the map's scripts are
    fetched after the page's first paint and never block it: a page whose map is the
    whole page (/map/) paints its heading, search form and result list first.

    Without JavaScript the frame shows `no_script`, a template rendered with the page's
    context and `map_url` (the search-by-map page, by default): words instead of an
    empty box."""
    # The inline script runs under the Content Security Policy only with the request's nonce.
    nonce = getattr(context.get("request"), "csp_nonce", "")
    with context.push(map_url=map_url or reverse("map")):
        fallback = context.template.engine.get_template(no_script or NO_SCRIPT).render(context)
    return format_html(
        '<div class="map-on-demand" data-map-on-demand="{}">'
        '<div class="{}"><button type="button" class="map-open" data-map-open hidden>{}</button>'
        "<noscript>{}</noscript></div>"
        "<template data-map-head>{}</template><template data-map-body>{}</template>"
        '<template data-map-script><script nonce="{}">{}</script></template></div>'
        '<script src="{}" defer></script>',
        "visible" if mode == "visible" else "button",
        css_class,
        gettext("Show on the map"),
        fallback,
        mark_safe(rendered.head),  # noqa: S308 - folium output built from our own values
        mark_safe(rendered.body),  # noqa: S308
        nonce,
        mark_safe(rendered.script),  # noqa: S308
        static("gis/map_on_demand.js"),
    )


@register.simple_tag
def map_url_around(location, province=None):
    """The search-by-map page around a record's place, for a link (`location` as
    `RecordPage.location_for` gives it): a small box around the point for a visitor who
    may see the exact place; for one who may not, no coordinate at all, only the
    record's province (the map page then shows the province's records)."""
    if location and location.get("exact"):
        latitude, longitude, margin = location["latitude"], location["longitude"], AROUND_DEGREES
        box = (longitude - margin, latitude - margin, longitude + margin, latitude + margin)
        return reverse("map") + "?" + urlencode({"bbox": ",".join(f"{value:.4f}" for value in box)})
    if province is not None:
        return reverse("map") + "?" + urlencode({"province": province.code})
    return reverse("map")
