"""The dictionary's table in the statistics (`/thong-ke/` and the staff report), added
through the reporting app's hook `register_statistics_tables` (see `wagtail_hooks.py`).

Entries are counted with the dictionary's own access rule (`Entry.objects`, the one of
`heritage.access`): the public page counts public entries only, whoever reads it; the
staff report counts every published entry, with the public ones beside. A period counts
the entries first published within it, as the record tables do with records.
"""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from heritage.access import AccessLevel


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def first_published_within(entries, period):
    """The entries first published within `period` (days in the site's time zone)."""
    if period and period.start:
        entries = entries.filter(first_published_at__gte=_start_of(period.start))
    if period and period.end:
        entries = entries.filter(first_published_at__lt=_start_of(period.end + datetime.timedelta(days=1)))
    return entries


def _per_language(entries):
    return dict(entries.order_by().values_list("language_id").annotate(n=Count("pk")))


def entries_table(period, staff):
    from reporting.statistics import Table

    from .models import Entry, Language

    public = _per_language(first_published_within(Entry.objects.public(), period))
    languages = list(Language.objects.all())
    if staff:
        # The staff report is served to staff only (reporting's views check): every
        # published entry, whatever its level.
        published = _per_language(first_published_within(Entry.objects.visible_at(AccessLevel.values), period))
        columns = [_("Dictionary"), _("Public entries"), _("Published entries")]
        rows = [
            [language.display_name, public.get(language.pk, 0), published.get(language.pk, 0)] for language in languages
        ]
    else:
        columns = [_("Dictionary"), _("Entries")]
        rows = [[language.display_name, public.get(language.pk, 0)] for language in languages]
    return Table(
        key="dictionary-entries",
        title=_("Dictionary entries"),
        sheet=_("Dictionary"),
        columns=columns,
        rows=rows,
        keys=[language.code for language in languages],
        chart="bar",
        note=_("Entries first published in the period.") if period else "",
    )
