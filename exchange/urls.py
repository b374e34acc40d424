from django.urls import path

from . import views

urlpatterns = [
    path("oai/", views.oai_pmh, name="oai_pmh"),
]
