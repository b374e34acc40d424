from django.urls import path

from heritage import converters  # noqa: F401 - registers the `id` path converter

from . import views

app_name = "research"

urlpatterns = [
    path("nghien-cuu/", views.dashboard, name="dashboard"),
    path("nghien-cuu/xuat/<slug:format_name>/", views.export_search, name="export_search"),
    path("nghien-cuu/trich-dan/<id:record_id>/<slug:format_name>/", views.cite_record, name="cite_record"),
    path("nghien-cuu/tim-kiem/luu/", views.save_search, name="save_search"),
    path("nghien-cuu/tim-kiem/<id:search_id>/xoa/", views.delete_search, name="delete_search"),
    path("nghien-cuu/danh-sach/tao/", views.create_list, name="create_list"),
    path("nghien-cuu/danh-sach/them/", views.add_to_list, name="add_to_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/", views.list_detail, name="list"),
    path("nghien-cuu/danh-sach/<id:list_id>/bo/", views.remove_from_list, name="remove_from_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/doi-ten/", views.rename_list, name="rename_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/xoa/", views.delete_list, name="delete_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/chia-se/", views.share_list, name="share_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/thu-hoi/", views.unshare_list, name="unshare_list"),
    path("nghien-cuu/danh-sach/<id:list_id>/xuat/<slug:format_name>/", views.export_list, name="export_list"),
    path("danh-sach-chia-se/<slug:token>/", views.shared_list, name="shared_list"),
    path(
        "danh-sach-chia-se/<slug:token>/xuat/<slug:format_name>/",
        views.export_shared_list,
        name="export_shared_list",
    ),
]
