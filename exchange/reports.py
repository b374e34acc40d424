"""A harvest run's report in sentences: for the command's output and the admin."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import HarvestRun


def when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"


def counts(run):
    return _(
        "%(received)d received: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, "
        "%(deleted)d deleted at the source, %(removed)d no longer in the repository, %(rejected)d rejected"
    ) % {
        "received": run.received,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "deleted": run.deleted,
        "removed": run.removed,
        "rejected": run.rejected,
    }


def report_lines(run):
    source = run.source
    lines = [
        _("Source: %(name)s (%(url)s%(set)s, %(prefix)s)")
        % {
            "name": source.name,
            "url": source.base_url,
            "set": (_(", set %(set)s") % {"set": source.set_spec}) if source.set_spec else "",
            "prefix": source.metadata_prefix,
        },
        _("Changes from %(when)s") % {"when": when(run.incremental_from)}
        if run.incremental_from
        else _("Full harvest"),
        _("Status: %(status)s") % {"status": run.get_status_display()},
        ngettext("%(pages)d page", "%(pages)d pages", run.pages) % {"pages": run.pages} + "; " + counts(run) + ".",
    ]
    if run.status in (HarvestRun.Status.FAILED, HarvestRun.Status.INTERRUPTED):
        lines.append(_("Stopped: %(reason)s") % {"reason": run.stop_reason})
        lines.append(
            _("Everything stored before it is kept; the next harvest starts again from %(when)s.")
            % {"when": when(run.incremental_from) if run.incremental_from else _("the beginning")}
        )
    for identifier, reason in run.problems:
        lines.append(_("  rejected %(identifier)s: %(reason)s") % {"identifier": identifier or "?", "reason": reason})
    if run.rejected > len(run.problems):
        lines.append(_("  … and %(more)d more.") % {"more": run.rejected - len(run.problems)})
    lines.extend(run.notes)
    return lines
