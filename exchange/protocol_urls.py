"""The OAI-PMH provider's address. It has one base URL whatever language the site is read
in, as harvesters and aggregators key records by it: heritage/urls.py mounts this outside
the /en/ prefix, and the pages of exchange.urls inside it."""

from django.urls import path

from . import views

urlpatterns = [path("oai/", views.oai_pmh, name="oai_pmh")]
