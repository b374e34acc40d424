from django.urls import path

from . import views

urlpatterns = [
    path("du-lieu-mo/", views.open_data_page, name="open_data"),
    path("du-lieu-mo/catalog.jsonld", views.dcat_catalogue_view, name="open_data_catalogue"),
    path("du-lieu-mo/datapackage.json", views.data_package_view, name="open_data_package"),
    path("du-lieu-mo/<str:filename>", views.open_data_file, name="open_data_file"),
]
