from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search", views.api_search, name="api_search"),
    path("api/search/suggest", views.api_suggest, name="api_search_suggest"),
]
