from django.urls import path

from . import views

urlpatterns = [
    path("xuat/ho-so.<str:extension>", views.export_listing, name="bulk_export_listing"),
    path("xuat/tim-kiem.<str:extension>", views.export_search, name="bulk_export_search"),
]
