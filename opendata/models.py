"""What the open-data catalogue remembers between requests: when its data last changed.

The datasets are read live from the records and vocabularies on every download; what
cannot be read from them is *when* a download last changed (an unpublished record or a
renamed ethnic group leaves no timestamp behind) and how many bytes each file has. So
the catalogue takes a fingerprint of everything its files depend on (`opendata.state`)
and keeps one row for the current fingerprint: the moment it was first seen (the
datasets' Last-Modified and `dct:modified`), the row counts and the file sizes measured
at that fingerprint. A new fingerprint replaces the row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueVersion(models.Model):
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    since = models.DateTimeField(_("data changed at"), help_text=_("Whole seconds, never earlier than the change."))
    counts = models.JSONField(_("rows per dataset"), default=dict)
    sizes = models.JSONField(
        _("bytes per file"), default=dict, help_text=_('file name → {"bytes": n, "exact": true or false}')
    )

    class Meta:
        verbose_name = _("open-data catalogue version")

    def __str__(self):
        return f"{self.fingerprint[:12]} since {self.since:%Y-%m-%dT%H:%M:%SZ}"
