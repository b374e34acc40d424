"""What the OAI-PMH provider remembers about each record it has ever disseminated.

A harvester needs three things the page tables cannot give: a datestamp that moves
whenever what it harvested changes (publishing, leaving or re-entering the public),
a trace of the records that are gone (OAI-PMH "deleted records", kept for good:
`deletedRecord` is `persistent`), and the sets a record was in when it went, so a
harvester of one set also learns of the deletion. A record that was never public has
no row here, so not even its identifier is ever disseminated.

Rows are kept by `exchange.signals` (publish, unpublish, save, delete) and can be
rebuilt from the records with `manage.py oai_sync` (after a bulk load that bypasses
signals, such as `generate_records`). What a record *is* is always read from
`RecordPage.objects.public()`; these rows only say when and whether.
"""

from django.conf import settings
from django.contrib import admin
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OaiItem(models.Model):
    """An OAI-PMH item: one record, under its persistent identifier `oai:<host>:<id>`."""

    record_id = models.PositiveBigIntegerField(_("record id"), primary_key=True)
    datestamp = models.DateTimeField(_("datestamp"), help_text=_("UTC, whole seconds."))
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("OAI-PMH item")
        verbose_name_plural = _("OAI-PMH items")
        # Lists are read in (datestamp, record id) order from a cursor: this index is the list.
        indexes = [models.Index(fields=["datestamp", "record_id"], name="oai_item_datestamp_order")]

    def __str__(self):
        return f"{self.record_id} ({'deleted' if self.deleted else 'public'}, {self.datestamp:%Y-%m-%dT%H:%M:%SZ})"


class OaiItemSet(models.Model):
    """One set an item is in (`type:festival`, `group:hre`, `province:51`)."""

    item = models.ForeignKey(OaiItem, on_delete=models.CASCADE, related_name="sets")
    spec = models.CharField(_("set spec"), max_length=120)

    class Meta:
        verbose_name = _("OAI-PMH set membership")
        constraints = [models.UniqueConstraint(fields=["spec", "item"], name="unique_oai_item_set")]

    def __str__(self):
        return f"{self.item_id} ∈ {self.spec}"


# The harvester: other institutions' records, brought in over OAI-PMH (exchange.harvesting).


# The OAI-PMH schema's patterns for a set spec and a metadata prefix.
SET_SPEC = r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*\Z"
METADATA_PREFIX = r"^[A-Za-z0-9\-_.!~*'()]+\Z"


class HarvestSource(models.Model):
    """An OAI-PMH repository of another library or institution that we harvest.

    One source is one list: a base URL, a set (or the whole repository) and a metadata
    format. Its records are `ExternalRecord`s; `harvested_through` is where the next
    incremental harvest starts (`from`), moved only by a harvest that reached the end of
    its list, so a harvest that stopped half-way is simply done again from the same point.
    """

    name = models.CharField(_("institution"), max_length=255, help_text=_("Shown beside every record it gives us."))
    base_url = models.URLField(
        _("OAI-PMH base URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("For example https://thuvien.example.vn/oai"),
    )
    set_spec = models.CharField(
        _("set"),
        max_length=255,
        blank=True,
        validators=[RegexValidator(SET_SPEC, _("A set spec is letters, digits and -_.!~*'() parts joined by ':'."))],
        help_text=_("Empty: the whole repository."),
    )
    metadata_prefix = models.CharField(
        _("metadata format"),
        max_length=64,
        default="oai_dc",
        validators=[RegexValidator(METADATA_PREFIX, _("A metadata prefix is letters, digits and -_.!~*'()."))],
        help_text=_("oai_dc (Dublin Core) is what every repository offers."),
    )
    website = models.URLField(
        _("institution's website"), max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    shown_on_site = models.BooleanField(
        _("show its records on the site"),
        default=True,
        help_text=_("Untick to withdraw every record of this source from the public pages at once."),
    )
    repository_name = models.CharField(_("repository name"), max_length=500, blank=True, editable=False)
    day_granularity = models.BooleanField(_("dates to the day only"), default=False, editable=False)
    harvested_through = models.DateTimeField(
        _("harvested through"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The next harvest asks for the changes since then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["base_url", "set_spec", "metadata_prefix"], name="unique_harvest_list")
        ]

    def __str__(self):
        return self.name

    @property
    def last_run(self):
        return self.runs.order_by("-pk").first()

    @admin.display(description=_("last harvest"))
    def last_harvest(self):
        from .reports import when

        run = self.last_run
        if run is None:
            return "—"
        return f"{run.get_status_display()} · {when(run.finished_at or run.queued_at)}"


class HarvestRun(models.Model):
    """One harvest of a source: its progress while it runs and its report afterwards.

    Counters are written in the same transaction as each page of records, so what the
    report says was stored is exactly what is stored, also when a run stops half-way.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("complete")
        FAILED = "failed", _("stopped")
        INTERRUPTED = "interrupted", _("interrupted")

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    incremental_from = models.DateTimeField(_("changes from"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    received = models.PositiveIntegerField(_("records received"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    removed = models.PositiveIntegerField(_("no longer in the repository"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    complete_list_size = models.PositiveIntegerField(_("size of the list"), null=True, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    stop_reason = models.TextField(_("why it stopped"), blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")
        ordering = ["-pk"]
        constraints = [
            # At most one harvest of a source at a time.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_harvest_per_source",
            )
        ]

    def __str__(self):
        return f"{self.source} · {self.queued_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def stored(self):
        return self.created + self.updated + self.unchanged

    @property
    def percent_done(self):
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.complete_list_size:
            return None
        return min(99, int(100 * self.received / self.complete_list_size))


class ExternalRecordQuerySet(models.QuerySet):
    def shown(self):
        """The external records the public site shows: those of sources not withdrawn.
        Every public surface (pages, and search or maps when they show them) asks this."""
        return self.filter(source__shown_on_site=True)

    def with_location(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class ExternalRecord(models.Model):
    """A record harvested from another institution: its description as that institution
    gave it, never edited here (the admin shows it read-only), updated or removed by the
    next harvest. Its page says whose it is and links to the original.

    The fields a listing, search index or map needs are columns (title, summary, subjects,
    place and point, dates, link); everything the source said is in `metadata`
    (element → [{"value", "lang"}]), and the XML as received in `metadata_xml`.
    """

    source = models.ForeignKey(
        HarvestSource, on_delete=models.CASCADE, related_name="records", verbose_name=_("source")
    )
    identifier = models.CharField(_("OAI identifier"), max_length=500)
    datestamp = models.DateTimeField(_("datestamp at the source"))
    set_specs = models.JSONField(_("sets at the source"), default=list, blank=True)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    summary = models.TextField(_("description"), blank=True)
    summary_en = models.TextField(_("description (English)"), blank=True)
    creators = models.JSONField(_("creators"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    place = models.TextField(_("place"), blank=True)
    dates = models.JSONField(_("dates"), default=list, blank=True)
    types = models.JSONField(_("types"), default=list, blank=True)
    rights = models.JSONField(_("rights"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    original_url = models.URLField(_("original record"), max_length=2000, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    metadata = models.JSONField(_("metadata as received"), default=dict, blank=True)
    metadata_xml = models.TextField(_("metadata XML as received"), blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64)
    first_harvested_at = models.DateTimeField(_("first harvested"))
    changed_at = models.DateTimeField(_("last changed here"))
    last_seen_run = models.PositiveBigIntegerField(_("last seen in run"), null=True, blank=True)

    objects = ExternalRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("external record")
        verbose_name_plural = _("external records")
        ordering = ["-datestamp", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "identifier"], name="unique_external_identifier")]
        indexes = [models.Index(fields=["-datestamp", "-id"], name="external_record_order")]

    def __str__(self):
        return self.title or self.identifier

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("external_record_detail", args=[self.pk])

    @property
    def display_title(self):
        """English title for English visitors where the source gave one."""
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title or self.identifier

    @property
    def display_summary(self):
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.summary_en:
            return self.summary_en
        return self.summary

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None
