"""The import's admin pages and its menu item (shown to whoever may add records)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("nhap-ho-so/", admin_views.ImportStartView.as_view(), name="bulk_import"),
        path("nhap-ho-so/<int:pk>/", admin_views.ImportBatchView.as_view(), name="bulk_import_batch"),
        path("nhap-ho-so/mau.<str:extension>", admin_views.example_file, name="bulk_import_example"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import records"), reverse("bulk_import"), icon_name="upload", order=250)
