"""An import as the admin runs it: the uploaded files, the dry run, the progress, the report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One spreadsheet (and its media zip) on its way in.

    Uploaded → planned (the dry run is stored in `preview`) → queued when the curator
    confirms → running (`done` of `total` rows) → finished with the `report`, or failed.
    The files are kept under MEDIA_ROOT/bulk-imports/, which no address serves (the
    uploads view answers only for images, recordings and their derivatives).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    spreadsheet = models.FileField(_("spreadsheet"), upload_to="bulk-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    media_archive = models.FileField(_("media zip"), upload_to="bulk-imports/%Y/%m/", blank=True)
    submit_for_review = models.BooleanField(_("submit for review"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    preview = models.JSONField(_("dry run"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    failure = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("record import")
        verbose_name_plural = _("record imports")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent_done(self):
        return round(100 * self.done / self.total) if self.total else 0

    def delete_files(self):
        for stored in (self.spreadsheet, self.media_archive):
            if stored:
                stored.delete(save=False)
