"""The calendar page's query string, read once: what to show and for which days.

`view` is ``month`` (a month's grid with its list below) or ``list``; `period` is
``month`` (one solar month, `year` and `month`), ``next30`` (today and the 29 days after)
or ``year`` (a whole solar year, for looking back or ahead). A value the page cannot
understand raises `BadCalendarQuery` with a sentence for the visitor (the view answers
400); a missing value falls back to the current month.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .occurrences import CALENDAR_YEARS, last_day_of_month

VIEWS = ("month", "list")
PERIODS = ("month", "next30", "year")
NEXT_DAYS = 30


class BadCalendarQuery(ValueError):
    """A query-string value the calendar cannot use; its message is for the visitor."""


@dataclass(frozen=True)
class CalendarQuery:
    view: str
    period: str
    year: int
    month: int
    today: datetime.date

    @property
    def start(self):
        if self.period == "next30":
            return self.today
        if self.period == "year":
            return datetime.date(self.year, 1, 1)
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self):
        if self.period == "next30":
            return self.today + datetime.timedelta(days=NEXT_DAYS - 1)
        if self.period == "year":
            return datetime.date(self.year, 12, 31)
        return last_day_of_month(self.year, self.month)

    @property
    def shows_grid(self):
        return self.view == "month" and self.period == "month"

    def month_step(self, step):
        """(year, month) `step` months away, or None outside the calendar's years."""
        index = self.year * 12 + self.month - 1 + step
        year, month = divmod(index, 12)
        if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
            return None
        return year, month + 1


def _clean(value):
    return (value or "").replace("\x00", "").strip()[:100]


def _number(value, name, low, high):
    # Only ASCII digits: int() would also take "١٢", "１２" or "1_000".
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise BadCalendarQuery(
            _("%(name)s must be a number from %(low)s to %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return int(value)


def parse(query, today):
    """A `CalendarQuery` from a request's GET parameters; `today` is the date in Vietnam."""
    view = _clean(query.get("view")) or "month"
    if view not in VIEWS:
        raise BadCalendarQuery(_("Unknown view: choose the month or the list."))
    period = _clean(query.get("period")) or "month"
    if period not in PERIODS:
        raise BadCalendarQuery(_("Unknown period: choose a month, the next 30 days or a year."))
    year_text, month_text = _clean(query.get("year")), _clean(query.get("month"))
    year = _number(year_text, _("The year"), *CALENDAR_YEARS) if year_text else today.year
    month = _number(month_text, _("The month"), 1, 12) if month_text else (today.month if year == today.year else 1)
    if period != "month":
        view = "list"
    return CalendarQuery(view=view, period=period, year=year, month=month, today=today)
