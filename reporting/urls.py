from django.urls import path

from . import views

urlpatterns = [
    path("thong-ke/", views.statistics_page, name="statistics"),
    path("thong-ke/bao-cao.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("thong-ke/bang/<slug:key>.csv", views.statistics_csv, name="statistics_csv"),
    path("thong-ke/khu-vuc.geojson", views.statistics_areas, name="statistics_areas"),
]
