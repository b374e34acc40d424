"""/api/v1/: the read API, its OpenAPI description and its documentation page.

The site's own endpoints (/api/search, /api/search/suggest, /api/records.geojson,
/api/areas…, /api/records/<id>/card) stay where they are, owned by `search` and `gis`;
search and the map layer are mounted here too, under the version."""

from django.urls import path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

import heritage.converters  # noqa: F401 - registers the `id` converter

from . import views

app_name = "api"

urlpatterns = [
    path("api/v1/", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("api/v1/schema", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/records", views.RecordList.as_view(), name="record-list"),
    path("api/v1/records/<id:record_id>", views.RecordDetail.as_view(), name="record-detail"),
    path("api/v1/ethnic-groups", views.EthnicGroupList.as_view(), name="ethnic-group-list"),
    path("api/v1/ethnic-groups/<str:slug>", views.EthnicGroupDetail.as_view(), name="ethnic-group-detail"),
    path("api/v1/areas", views.AreaList.as_view(), name="area-list"),
    path("api/v1/areas/<str:level>/<str:code>", views.AreaDetail.as_view(), name="area-detail"),
    path("api/v1/collections", views.CollectionList.as_view(), name="collection-list"),
    path("api/v1/collections/<id:collection_id>", views.CollectionDetail.as_view(), name="collection-detail"),
    path("api/v1/search", views.Search.as_view(), name="search"),
    path("api/v1/search/suggest", views.Suggest.as_view(), name="search-suggest"),
    path("api/v1/map/records", views.MapRecords.as_view(), name="map-records"),
    path("api/v1/map/areas", views.MapAreas.as_view(), name="map-areas"),
    re_path(r"^api/v1/", views.NotFound.as_view(), name="not-found"),
]
