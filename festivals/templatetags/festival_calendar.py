"""Template helpers of the festival calendar, also used by the festival record page."""

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from heritage.lunar import LunarYearOutOfRange, lunar_date_of

from ..occurrences import DAY, occurrences_of

register = template.Library()


@dataclass(frozen=True)
class ThisYear:
    occurrences: list
    # The next occurrence when this year's have passed.
    next: object = None
    # The one the calendar link opens on: the coming one, else this year's first.
    shown: object = None


@register.simple_tag
def festival_this_year(festival):
    """Where a lunar festival falls in the current solar year (usually once; a date late
    in the twelfth lunar month can fall twice or not at all), and its next occurrence
    when this year's has passed. None for festivals not dated by the lunar calendar:
    their solar date or season reads the same every year."""
    if festival.calendar != "lunar" or not festival.month:
        return None
    today = timezone.localdate()
    this_year = occurrences_of(festival, datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    upcoming = [occurrence for occurrence in this_year if occurrence.end >= today]
    following = None
    if not upcoming:
        later = occurrences_of(festival, today, today + datetime.timedelta(days=400))
        following = later[0] if later else None
    shown = upcoming[0] if upcoming else following or (this_year[0] if this_year else None)
    return ThisYear(this_year, following, shown)


@register.filter
def solar_day(day, style="long"):
    """'Thứ Ba, 17/02/2026' (or the English week day); 'short' gives '17/02/2026'."""
    if style == "short":
        return date_format(day, "d/m/Y")
    return date_format(day, "l, d/m/Y")


@register.filter
def occurrence_dates(occurrence):
    """The solar days of an occurrence: one day, or its first and last."""
    if occurrence.start == occurrence.end:
        return solar_day(occurrence.start)
    if occurrence.precision == DAY:
        return f"{solar_day(occurrence.start)} – {solar_day(occurrence.end)}"
    return f"{solar_day(occurrence.start, 'short')} – {solar_day(occurrence.end, 'short')}"


@register.filter
def lunar_words(lunar_date):
    """A lunar date in the visitor's language ('ngày 10 tháng 3 âm lịch')."""
    if lunar_date is None:
        return ""
    return lunar_date.label_en() if get_language() == "en" else lunar_date.label_vi()


@register.filter
def lunar_of_day(day):
    """The lunar date of a solar day, in words ('ngày 1 tháng Giêng âm lịch')."""
    try:
        _year, lunar = lunar_date_of(day)
    except LunarYearOutOfRange:
        return ""
    return lunar_words(lunar)
