from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.liveness, name="healthz"),
    path("readyz", views.ready, name="readyz"),
]
