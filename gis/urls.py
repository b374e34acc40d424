from django.urls import path

import heritage.converters  # noqa: F401 - registers the `id` converter

from . import basemap, views

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/basemap.pmtiles", basemap.serve_basemap, name="basemap_file"),
    path("khu-vuc/<str:level>/<str:code>/", views.area_page, name="area"),
    path("api/areas", views.api_areas, name="api_areas"),
    path("api/areas.geojson", views.api_areas_geojson, name="api_areas_geojson"),
    path("api/areas/outlines.geojson", views.api_area_outlines, name="api_area_outlines"),
    path("api/areas/<str:level>/<str:code>", views.api_area_detail, name="api_area_detail"),
    path("api/records.geojson", views.api_records_geojson, name="api_records_geojson"),
    path("api/records/<id:record_id>/card", views.api_record_card, name="api_record_card"),
]
