"""Admin → Reports → Statistics: the yearly report over every published record, for
staff only (`heritage.access.is_staff_member`), with its files and its map's areas."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from heritage.access import is_staff_member

from . import views
from .params import BadReportQuery

STAFF_URLS = {
    "page": "reporting_admin:statistics",
    "areas": "reporting_admin:areas",
    "xlsx": "reporting_admin:xlsx",
    "csv": "reporting_admin:csv",
}


class StatisticsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/admin/report.html"
    page_title = gettext_lazy("Statistics")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        try:
            self.statistics = views.Statistics(request, views.STAFF)
        except BadReportQuery as problem:
            self.statistics, self.problem = None, str(problem)
            return self.render_to_response(self.get_context_data(), status=400)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return _("Every published record, for the yearly report")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": _("Statistics")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.statistics is None:
            context["error"] = self.problem
        else:
            context.update(views.statistics_context(self.statistics, STAFF_URLS))
        return context


@hooks.register("register_admin_urls")
def register_statistics_urls():
    from django.urls import include

    patterns = [
        path("", StatisticsReportView.as_view(), name="statistics"),
        path("bao-cao.xlsx", views.tables_xlsx, {"scope": views.STAFF}, name="xlsx"),
        path("bang/<slug:key>.csv", views.table_csv, {"scope": views.STAFF}, name="csv"),
        path("khu-vuc.geojson", views.areas_geojson, {"scope": views.STAFF}, name="areas"),
    ]
    return [path("reports/statistics/", include((patterns, "reporting_admin"), namespace="reporting_admin"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StaffMenuItem(
        gettext_lazy("Statistics"),
        reverse("reporting_admin:statistics"),
        name="statistics",
        icon_name="table",
        order=650,
    )
