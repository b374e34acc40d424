"""The statistics' query string, read once: the period and the library's filters.

`from` and `to` take a year (``2025``), a month (``2025-03``) or a day (``2025-03-08``):
a year or month given as `from` starts on its first day, given as `to` ends on its last,
so ``from=2025&to=2025`` is the whole of 2025. Either may be left out. The filters
`type`, `group`, `province` and `subject` are the library's (`heritage.listing`), read
by `RecordListing` itself. A value the statistics cannot use raises `BadReportQuery`
with a sentence for the visitor (the views answer 400).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_FORMAT = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
FILTERS = ("type", "group", "province", "subject")


class BadReportQuery(ValueError):
    """A query-string value the statistics cannot use; its message is for the visitor."""


@dataclass(frozen=True)
class Period:
    """Days of publication, both ends included; None where open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def key(self):
        return [self.start.isoformat() if self.start else "", self.end.isoformat() if self.end else ""]

    def __bool__(self):
        return bool(self.start or self.end)

    def describe(self):
        """The period in words, for headings and the spreadsheet's first sheet."""
        if self.start and self.end:
            return _("from %(start)s to %(end)s") % {"start": _day(self.start), "end": _day(self.end)}
        if self.start:
            return _("since %(start)s") % {"start": _day(self.start)}
        if self.end:
            return _("until %(end)s") % {"end": _day(self.end)}
        return _("all years")


def _day(day):
    return day.strftime("%d/%m/%Y")


def _clean(value):
    return (value or "").replace("\x00", "").strip()[:40]


def parse_day(text, name, at_end):
    """A year, month or day as the first (or, `at_end`, the last) day it covers."""
    # Only ASCII digits: a regular expression's \d would also take "١٢" or "１２".
    match = DATE_FORMAT.fullmatch(text) if text.isascii() else None
    if match is None:
        raise BadReportQuery(
            _("%(name)s must be a year (2025), a month (2025-03) or a day (2025-03-08).") % {"name": name}
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadReportQuery(
            _("%(name)s must be a year from %(first)d to %(last)d.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if month is not None and not 1 <= month <= 12:
        raise BadReportQuery(_("%(name)s has no month %(month)d.") % {"name": name, "month": month})
    if month is None:
        month = 12 if at_end else 1
    last_day = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last_day:
        raise BadReportQuery(_("%(name)s is not a day of the calendar.") % {"name": name})
    if day is None:
        day = last_day if at_end else 1
    return datetime.date(year, month, day)


def parse_period(query):
    start_text, end_text = _clean(query.get("from")), _clean(query.get("to"))
    start = parse_day(start_text, _("“From”"), at_end=False) if start_text else None
    end = parse_day(end_text, _("“To”"), at_end=True) if end_text else None
    if start and end and start > end:
        raise BadReportQuery(_("The period ends before it starts: “From” must come before “To”."))
    return Period(start, end)


def filter_values(query):
    """The library filters given (cleaned as `RecordListing` cleans them), for cache keys
    and links."""
    return {name: value for name in FILTERS if (value := query.get(name, "").replace("\x00", "").strip()[:100])}
