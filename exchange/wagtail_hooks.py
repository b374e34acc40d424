"""Admin → Liên thông (exchange): harvest sources, their runs, and the external records.

A curator adds a source (an institution's OAI-PMH base URL, set and format) and presses
"Harvest now": a background task (`exchange.tasks.harvest_source`) runs the harvest
while the source's harvest page shows its progress and, once it ends, its report.
External records are read-only here: they are the other institution's descriptions,
changed only by the next harvest; a whole source can be withdrawn from the site.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet, SnippetViewSetGroup

from .harvesting import HarvestAlreadyRunning, start_run
from .models import ExternalRecord, HarvestRun, HarvestSource
from .reports import report_lines


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Whoever may view may look; nobody adds, edits or deletes through the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action == "view"])


register_permission_policy(ExternalRecord, ReadOnlyPermissionPolicy(ExternalRecord))
register_permission_policy(HarvestRun, ReadOnlyPermissionPolicy(HarvestRun))


class HarvestSourceIndexView(IndexView):
    harvest_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Harvest now / report"),
                url=reverse(self.harvest_url_name, args=[instance.pk]),
                icon_name="download",
                priority=5,
            )
        )
        return buttons


class HarvestSourceInspectView(InspectView):
    harvest_url_name = None

    @property
    def header_more_buttons(self):
        return [
            HeaderButton(
                _("Harvest now / report"),
                url=reverse(self.harvest_url_name, args=[self.object.pk]),
                icon_name="download",
            ),
            *super().header_more_buttons,
        ]


class HarvestView(WagtailAdminTemplateMixin, TemplateView):
    """A source's harvest page: "Harvest now" (POST), the progress of the run under way
    (the page reloads itself while it runs) and the reports of the recent runs."""

    template_name = "exchange/admin/harvest.html"
    header_icon = "download"
    viewset = None

    def dispatch(self, request, pk):
        self.source = get_object_or_404(HarvestSource, pk=pk)
        policy = self.viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        self.may_harvest = policy.user_has_permission(request.user, "change")
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Harvest")

    def get_page_subtitle(self):
        return str(self.source)

    def get_breadcrumbs_items(self):
        return [
            *self.viewset.breadcrumbs_items,
            {
                "url": reverse(self.viewset.get_url_name("list")),
                "label": self.viewset.model._meta.verbose_name_plural,
            },
            {"url": "", "label": _("Harvest"), "sublabel": str(self.source)},
        ]

    def post(self, request, pk):
        if not self.may_harvest:
            raise PermissionDenied
        from .tasks import harvest_source

        try:
            run = start_run(self.source, user=request.user, full=request.POST.get("full") == "1")
        except HarvestAlreadyRunning:
            messages.warning(request, _("A harvest of this source is already under way."))
        else:
            transaction.on_commit(lambda: harvest_source.enqueue(run.pk))
            messages.success(request, _("Harvest started: this page shows its progress."))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(self.source.runs.select_related("requested_by")[:20])
        shown = runs[0] if runs else None
        chosen = self.request.GET.get("run", "")
        if chosen.isascii() and chosen.isdigit():
            shown = next((run for run in runs if run.pk == int(chosen)), shown)
        context.update(
            source=self.source,
            runs=runs,
            shown_run=shown,
            report=report_lines(shown) if shown else [],
            active=any(run.is_active for run in runs),
            may_harvest=self.may_harvest,
            record_count=self.source.records.count(),
            records_url=reverse("external_record_list") + f"?source={self.source.pk}",
            edit_url=reverse(self.viewset.get_url_name("edit"), args=[self.source.pk]) if self.may_harvest else "",
        )
        return context


class HarvestSourceViewSet(SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = gettext_lazy("Harvest sources")
    index_view_class = HarvestSourceIndexView
    inspect_view_class = HarvestSourceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "base_url", "set_spec", "metadata_prefix", "last_harvest", "harvested_through"]
    list_filter = ["shown_on_site", "metadata_prefix"]
    search_fields = ["name", "base_url"]
    form_fields = ["name", "base_url", "set_spec", "metadata_prefix", "website", "shown_on_site"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("harvest/<int:pk>/", HarvestView.as_view(viewset=self), name="harvest"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(harvest_url_name=self.get_url_name("harvest"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(harvest_url_name=self.get_url_name("harvest"), **kwargs)


class ExternalRecordViewSet(SnippetViewSet):
    model = ExternalRecord
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("External records")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["title", "source", "datestamp", "changed_at"]
    list_filter = ["source"]
    search_fields = ["title", "identifier"]
    inspect_view_fields = [
        "title",
        "title_en",
        "source",
        "identifier",
        "original_url",
        "summary",
        "summary_en",
        "creators",
        "subjects",
        "place",
        "latitude",
        "longitude",
        "dates",
        "types",
        "rights",
        "languages",
        "set_specs",
        "datestamp",
        "first_harvested_at",
        "changed_at",
    ]


class HarvestRunViewSet(SnippetViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = gettext_lazy("Harvest runs")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["source", "status", "queued_at", "finished_at", "received", "created", "updated", "deleted"]
    list_filter = ["status", "source"]
    inspect_view_fields = [
        "source",
        "status",
        "requested_by",
        "incremental_from",
        "queued_at",
        "started_at",
        "finished_at",
        "pages",
        "received",
        "created",
        "updated",
        "unchanged",
        "deleted",
        "removed",
        "rejected",
        "stop_reason",
        "problems",
        "notes",
    ]


class ExchangeGroup(SnippetViewSetGroup):
    items = (HarvestSourceViewSet, ExternalRecordViewSet, HarvestRunViewSet)
    menu_icon = "resubmit"
    menu_label = gettext_lazy("Exchange")
    menu_name = "exchange"


register_snippet(ExchangeGroup)
