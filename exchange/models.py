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
