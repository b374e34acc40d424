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
    context, filters=None, latitude=None, longitude=None, zoom=6, locator=False, label="", area=None, on_demand=False
):
    """`area` (a GeoJSON geometry) makes a locator draw a region instead of a point: a
    sensitive place shown only as its commune or district. `on_demand=True` sends the
    map's parts inert, behind a "Show on the map" button (`gis/map_on_demand.js`): a
    visitor who does not ask for the map does not fetch Leaflet (the record page).
    `on_demand="visible"` opens it by itself when it nears the screen (the home page):
    either way Leaflet never holds up the page's first paint."""
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
    # The inline script runs under the Content Security Policy only with the request's nonce.
    nonce = getattr(context.get("request"), "csp_nonce", "")
    if on_demand:
        return format_html(
            '<div class="map-on-demand" data-map-on-demand="{}">'
            '<div class="{}"><button type="button" class="map-open" data-map-open hidden>{}</button></div>'
            "<template data-map-head>{}</template><template data-map-body>{}</template>"
            '<template data-map-script><script nonce="{}">{}</script></template></div>'
            '<script src="{}" defer></script>',
            "visible" if on_demand == "visible" else "button",
            css_class,
            gettext("Show on the map"),
            mark_safe(rendered.head),  # noqa: S308 - folium output built from our own values
            mark_safe(rendered.body),  # noqa: S308
            nonce,
            mark_safe(rendered.script),  # noqa: S308
            static("gis/map_on_demand.js"),
        )
    return mark_safe(  # noqa: S308 - folium output built from our own values
        f'{rendered.head}<div class="{css_class}">{rendered.body}</div>'
        f'<script nonce="{nonce}">{rendered.script}</script>'
    )
