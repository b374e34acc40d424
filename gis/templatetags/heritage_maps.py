"""`{% records_map %}`: a folium map placed anywhere in a page (home, ethnic groups,
record locators), with its Leaflet assets from the site's own static files."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


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
    from gis import maps
    from gis.views import type_labels

    centre = (latitude, longitude) if latitude is not None and longitude is not None else maps.VIETNAM_CENTRE
    figure = maps.base_map(centre=centre, zoom=zoom)
    if locator and area:
        maps.add_area(figure, area, label)
    elif locator:
        maps.add_point(figure, latitude, longitude, label)
    else:
        query = urlencode(filters or {})
        maps.add_records(figure, reverse("api_records_geojson") + (f"?{query}" if query else ""), type_labels())
    rendered = maps.render(figure)
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
