"""Admin → Nhập hồ sơ hàng loạt: upload, dry run, confirm, progress, report.

Whoever may add records to the library may import (importing adds pages there); the
import creates drafts or submits them for review, and never publishes.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from heritage.models import RecordIndexPage

from . import batches
from .importing import BadMediaArchive
from .models import ImportBatch
from .sheets import XLSX_MEDIA_TYPE, BadSpreadsheet, csv_bytes, xlsx_bytes

MAX_SPREADSHEET_BYTES = 50 * 1024**2
PREVIEW_ROWS = 200  # rows to create or update listed in the preview (every refused row is)


def may_import(user):
    index = RecordIndexPage.objects.first()
    return bool(index and user.is_authenticated and index.permissions_for_user(user).can_add_subpage())


class UploadForm(forms.Form):
    spreadsheet = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    media = forms.FileField(
        label=gettext_lazy("Images and recordings (zip), optional"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
    )
    submit_for_review = forms.BooleanField(
        label=gettext_lazy("Submit the records for review after importing (otherwise they stay drafts)"),
        required=False,
    )

    def clean_spreadsheet(self):
        upload = self.cleaned_data["spreadsheet"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_SPREADSHEET_BYTES:
            raise forms.ValidationError(_("The spreadsheet is larger than 50 MB; split it."))
        return upload

    def clean_media(self):
        upload = self.cleaned_data.get("media")
        if upload and not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Put the images and recordings in a .zip file."))
        return upload


class ImportAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("bulk_import"), "label": _("Import records")},
        ]


class ImportStartView(ImportAdminMixin, TemplateView):
    template_name = "bulk/admin/start.html"

    def get_page_title(self):
        return _("Import records")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or UploadForm(),
            recent=ImportBatch.objects.select_related("requested_by")[:15],
            example_csv=reverse("bulk_import_example", args=["csv"]),
            example_xlsx=reverse("bulk_import_example", args=["xlsx"]),
        )
        return context

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["spreadsheet"]
        batch = ImportBatch(
            original_name=upload.name[:255],
            requested_by=request.user,
            submit_for_review=form.cleaned_data["submit_for_review"],
        )
        batch.spreadsheet.save(upload.name, upload, save=False)
        if form.cleaned_data.get("media"):
            batch.media_archive.save(form.cleaned_data["media"].name, form.cleaned_data["media"], save=False)
        batch.save()
        try:
            batches.dry_run(batch)
        except (BadSpreadsheet, BadMediaArchive) as error:
            batch.delete_files()
            batch.delete()
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("bulk_import_batch", batch.pk)


class ImportBatchView(ImportAdminMixin, TemplateView):
    """The dry run with its confirm button, then the progress (the page reloads itself
    while the import runs), then the report."""

    template_name = "bulk/admin/batch.html"

    def dispatch(self, request, pk):
        self.batch = get_object_or_404(ImportBatch, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Import records")

    def get_page_subtitle(self):
        return self.batch.original_name

    def post(self, request, pk):
        if self.batch.status != ImportBatch.Status.PLANNED:
            messages.warning(request, _("This import has already been confirmed."))
            return redirect(request.path)
        batches.confirm(self.batch)
        messages.success(request, _("Import started: this page shows its progress."))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.batch
        preview = batch.preview or {}
        rows = preview.get("rows", [])
        finished = batch.status == ImportBatch.Status.FINISHED
        report_rows = batch.report.get("rows", []) if finished else []
        shown = report_rows or rows
        refused = [row for row in shown if row["action"] == "refused"]
        others = [row for row in shown if row["action"] != "refused"]
        context.update(
            batch=batch,
            counts=preview.get("counts", {}),
            report=batch.report if finished else None,
            refused_rows=refused,
            other_rows=others[:PREVIEW_ROWS],
            more_rows=max(0, len(others) - PREVIEW_ROWS),
            importable=preview.get("counts", {}).get("create", 0) + preview.get("counts", {}).get("update", 0),
            library_url=reverse("wagtailadmin_explore", args=[RecordIndexPage.objects.first().pk]),
        )
        return context


def example_file(request, extension):
    """The example spreadsheet: every column, three rows (a festival, a custom, a product)."""
    if not may_import(request.user):
        raise PermissionDenied
    from .views import example_rows

    if extension == "csv":
        response = HttpResponse(csv_bytes(example_rows()), content_type="text/csv; charset=utf-8")
    elif extension == "xlsx":
        response = HttpResponse(xlsx_bytes(example_rows()), content_type=XLSX_MEDIA_TYPE)
    else:
        raise PermissionDenied
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-ho-so.{extension}"'
    return response
