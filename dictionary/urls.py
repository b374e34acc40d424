from django.urls import path

from heritage import converters  # noqa: F401 - registers the `id` path converter

from . import views

app_name = "dictionary"

urlpatterns = [
    path("tu-dien/", views.dictionaries, name="index"),
    path("tu-dien/ghi-am/<id:recording_id>/", views.recording, name="recording"),
    path("tu-dien/<slug:code>/", views.dictionary_home, name="home"),
    path("tu-dien/<slug:code>/goi-y.json", views.suggestions, name="suggest"),
    path("tu-dien/<slug:code>/xuat.csv", views.export_csv, name="export_csv"),
    path("tu-dien/<slug:code>/xuat.lift", views.export_lift, name="export_lift"),
    path("tu-dien/<slug:code>/<id:entry_id>/", views.entry_page, name="entry"),
]
