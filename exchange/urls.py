from django.urls import path

from . import external

urlpatterns = [
    path("lien-thong/", external.external_record_list, name="external_record_list"),
    path("lien-thong/<id:record_id>/", external.external_record_detail, name="external_record_detail"),
    path("api/external-records.geojson", external.external_records_geojson, name="external_records_geojson"),
]
