"""`{% records_map %}`: a folium map placed anywhere in a page (home, ethnic groups,
record locators), with its Leaflet assets from the site's own static files."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def records_map(context, filters=None, latitude=None, longitude=None, zoom=6, locator=False, label="", area=None):
    """`area` (a GeoJSON geometry) makes a locator draw a region instead of a point: a
    sensitive place shown only as its commune or district."""
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
    return mark_safe(  # noqa: S308 - folium output built from our own values
        f'{rendered.head}<div class="{css_class}">{rendered.body}</div>'
        f'<script nonce="{nonce}">{rendered.script}</script>'
    )
