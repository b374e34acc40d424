"""Admin → Từ điển: entries (drafts, revisions, the records' review workflow), the
languages, and the import of word lists (a preview first, then the import itself)."""

import secrets

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .importing import BadWordList, plan_rows, read_table, run_import
from .lift import read_lift
from .models import Entry, Language
from .statistics import entries_table

# A previewed file waits this long for the curator to confirm the import.
PREVIEW_SECONDS = 3600
MAX_UPLOAD = 10 * 1024 * 1024


class EntryIndexView(IndexView):
    import_url_name = None

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.insert(
                0, HeaderButton(_("Import a word list"), url=reverse(self.import_url_name), icon_name="upload")
            )
        return buttons


class WordListForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Word list"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel (.xlsx) with the documented columns, or a LIFT file (.lift)."),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish the entries at once (reviewers only); otherwise they wait for review as drafts."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("A word list may be at most 10 MB."))
        return upload


def read_any(upload, name):
    if name.lower().endswith(".lift") or name.lower().endswith(".xml"):
        return read_lift(upload)
    return plan_rows(read_table(upload, name))


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Upload → preview (a dry run: every row's fate and every rejection's reason) →
    import, from the same file kept for an hour under a random token."""

    template_name = "dictionary/admin/import.html"
    form_class = WordListForm
    header_icon = "upload"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        self.policy = self.viewset.permission_policy
        if not self.policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import a word list")

    def get_breadcrumbs_items(self):
        return [
            *self.viewset.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("list")), "label": Entry._meta.verbose_name_plural},
            {"url": "", "label": _("Import a word list")},
        ]

    def may_publish(self):
        return self.policy.user_has_permission(self.request.user, "publish")

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        if token:
            return self.confirm(token)
        return super().post(request, *args, **kwargs)

    def _report(self, name, content, dry_run, publish):
        import io

        reports = read_any(io.BytesIO(content), name)
        return run_import(reports, user=self.request.user, publish=publish, dry_run=dry_run, source_name=name)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        publish = form.cleaned_data["publish"] and self.may_publish()
        try:
            report = self._report(upload.name, content, dry_run=True, publish=publish)
        except BadWordList as problem:
            form.add_error("file", str(problem))
            return self.form_invalid(form)
        token = secrets.token_urlsafe(16)
        cache.set(f"dictionary-import-{token}", (self.request.user.pk, upload.name, content, publish), PREVIEW_SECONDS)
        return self.render_to_response(self.get_context_data(form=form, report=report, token=token, name=upload.name))

    def confirm(self, token):
        kept = cache.get(f"dictionary-import-{token[:64]}")
        if kept is None or kept[0] != self.request.user.pk:
            form = self.get_form_class()()
            return self.render_to_response(
                self.get_context_data(form=form, error=_("The preview has expired: choose the file again."))
            )
        _user, name, content, publish = kept
        report = self._report(name, content, dry_run=False, publish=publish and self.may_publish())
        cache.delete(f"dictionary-import-{token[:64]}")
        return self.render_to_response(self.get_context_data(form=self.get_form_class()(), report=report, name=name))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_publish"] = self.may_publish()
        context["entries_url"] = reverse(self.viewset.get_url_name("list"))
        return context


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "openquote"
    menu_label = gettext_lazy("Entries")
    index_view_class = EntryIndexView
    list_display = ["headword", "language", "part_of_speech", "source_kind", "access_level", "live"]
    list_filter = ["language", "source_kind", "access_level", "part_of_speech"]
    search_fields = ["headword"]
    ordering = ["language", "sort_key"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", ImportView.as_view(viewset=self), name="import")]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = gettext_lazy("Languages")
    list_display = ["name", "code", "name_en"]


class DictionaryGroup(SnippetViewSetGroup):
    items = (EntryViewSet, LanguageViewSet)
    menu_icon = "openquote"
    menu_label = gettext_lazy("Dictionaries")
    menu_name = "dictionaries"


register_snippet(DictionaryGroup)


@hooks.register("register_statistics_tables")
def dictionary_statistics(records, period, staff):
    """Entries per dictionary, for the statistics page and the staff report."""
    return [entries_table(period, staff)]
