"""When a festival happens in a stretch of solar days: the one piece of date logic behind
the calendar page, the record page's "this year" and the iCalendar feed.

A festival's date stays as entered (`FestivalPage`: a lunar month and day, a solar
month and day, or a farming season, with how often it recurs); an `Occurrence` is
where that date lands in a given year. Lunar dates move every year and are converted
with the Vietnamese calendar (`heritage.lunar`); a month without a day, or a season,
gives an occurrence that spans the month or the season (`precision` says which).
"""

import calendar as gregorian
import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from heritage.lunar import SUPPORTED_YEARS, LunarDate, LunarYearOutOfRange

from .seasons import month_runs, seasons_in

DAY, MONTH, SEASON = "day", "month", "season"
# A festival is drawn for at most this many days, whatever its recorded duration.
LONGEST_SPAN_DAYS = 366
# The solar years the calendar offers: those whose every day has a lunar date.
CALENDAR_YEARS = (SUPPORTED_YEARS[0] + 1, SUPPORTED_YEARS[1])


@dataclass(frozen=True)
class Occurrence:
    """One time a festival is held: from `start` to `end` (inclusive)."""

    festival: object = field(compare=False)
    start: datetime.date
    end: datetime.date
    precision: str
    # For a lunar date: the lunar year and month the occurrence falls in.
    lunar_year: int | None = None
    lunar_date: LunarDate | None = None
    seasons: tuple = ()

    def of(self, festival):
        """The same occurrence, of another festival held on the same date."""
        return Occurrence(
            festival, self.start, self.end, self.precision, self.lunar_year, self.lunar_date, self.seasons
        )

    @property
    def festival_id(self):
        return self.festival.pk

    @property
    def fixed_day(self):
        return self.precision == DAY

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def covers(self, day):
        return self.start <= day <= self.end

    def overlaps(self, start, end):
        return self.start <= end and self.end >= start


def last_day_of_month(year, month):
    return datetime.date(year, month, gregorian.monthrange(year, month)[1])


def _span_days(festival):
    return max(1, min(festival.duration_days or 1, LONGEST_SPAN_DAYS))


def seasons_of(festival):
    """The seasons a festival is held in, read from its time in words."""
    return seasons_in(getattr(festival, "timing_note", ""))


def occurrences_of(festival, start, end):
    """Every occurrence of `festival` that overlaps the solar days `start`..`end`,
    oldest first. Needs only the festival's date fields (`calendar`, `month`, `day`,
    `leap_month`, `duration_days`, `timing_note`)."""
    found = [occurrence for occurrence in _candidates(festival, start, end) if occurrence.overlaps(start, end)]
    return sorted(found, key=lambda occurrence: occurrence.start)


def _years_around(start, end, span_days=1):
    """Years whose occurrences may reach into `start`..`end`: from the year before (a
    lunar year starts in January or February and ends in the next solar year; a date
    may run over the new year), two before for an occurrence lasting most of a year."""
    first = max(start.year - (2 if span_days > 300 else 1), SUPPORTED_YEARS[0])
    last = min(end.year, SUPPORTED_YEARS[1])
    return range(first, last + 1)


def _candidates(festival, start, end):
    calendar, month, day = festival.calendar, festival.month, festival.day
    if calendar == "lunar" and month:
        yield from _lunar(festival, LunarDate(month, day, bool(festival.leap_month)), start, end)
    elif calendar == "solar" and month:
        yield from _solar(festival, month, day, start, end)
    elif calendar == "seasonal" and month:
        # A season that curators pinned to its usual (solar) month.
        for year in _years_around(start, end):
            yield Occurrence(
                festival,
                datetime.date(year, month, 1),
                last_day_of_month(year, month),
                SEASON,
                seasons=seasons_of(festival),
            )
    else:
        yield from _seasonal(festival, start, end)


@lru_cache(maxsize=16384)
def _lunar_in_year(lunar, lunar_year):
    """(first day, last day, the date as held that year) of a lunar date, or of its whole
    month when it has no day, in `lunar_year`; None outside the tables. Remembered: a
    calendar of thousands of festivals asks for the same few hundred dates."""
    try:
        lunar_month = lunar.month_in(lunar_year)
    except LunarYearOutOfRange:
        return None
    if lunar.day is None:
        return lunar_month.first_day, lunar_month.last_day, LunarDate(lunar.month, None, lunar_month.leap)
    first = lunar.solar_date_in(lunar_year)
    return first, first, LunarDate(lunar.month, (first - lunar_month.first_day).days + 1, lunar_month.leap)


def _lunar(festival, lunar, start, end):
    span = _span_days(festival)
    for lunar_year in _years_around(start, end, span):
        found = _lunar_in_year(lunar, lunar_year)
        if found is None:
            continue
        first, last, held = found
        if lunar.day is None:
            yield Occurrence(festival, first, last, MONTH, lunar_year, held)
        else:
            yield Occurrence(festival, first, first + datetime.timedelta(days=span - 1), DAY, lunar_year, held)


def _solar(festival, month, day, start, end):
    span = _span_days(festival)
    for year in _years_around(start, end, span):
        if day is None:
            yield Occurrence(festival, datetime.date(year, month, 1), last_day_of_month(year, month), MONTH)
            continue
        # 29 February in a common year, or the 31st of a shorter month: its last day.
        first = datetime.date(year, month, min(day, gregorian.monthrange(year, month)[1]))
        yield Occurrence(festival, first, first + datetime.timedelta(days=span - 1), DAY)


def _seasonal(festival, start, end):
    seasons = seasons_of(festival)
    months = {month for season in seasons for month in season.months}
    for first_month, last_month in month_runs(months):
        for year in _years_around(start, end):
            last_year = year if last_month >= first_month else year + 1
            yield Occurrence(
                festival,
                datetime.date(year, first_month, 1),
                last_day_of_month(last_year, last_month),
                SEASON,
                seasons=seasons,
            )


def date_key(festival):
    """What decides where `festival` falls: festivals with the same key fall on the same
    days in every year, so their dates are worked out once (`festivals_by_date`)."""
    if festival.calendar == "lunar" and festival.month:
        return ("lunar", festival.month, festival.day, bool(festival.leap_month), _span_days(festival))
    if festival.calendar == "solar" and festival.month:
        return ("solar", festival.month, festival.day, _span_days(festival))
    return (festival.calendar, festival.month, festival.timing_note)


def festivals_by_date(festivals):
    """`festivals` in groups that share a `date_key`."""
    groups = {}
    for festival in festivals:
        groups.setdefault(date_key(festival), []).append(festival)
    return list(groups.values())


def occurrences_between(festivals, start, end):
    """Occurrences of every festival in `festivals` overlapping `start`..`end`, by start
    date and then title; worked out once for each group of festivals sharing a date."""
    found = []
    for group in festivals_by_date(festivals):
        shared = occurrences_of(group[0], start, end)
        found.extend(occurrence.of(festival) for festival in group for occurrence in shared)
    return sorted(found, key=lambda occurrence: (occurrence.start, occurrence.festival.title, occurrence.festival.pk))


def has_calendar_time(festival):
    """Whether the calendar can place `festival` at all (a date, a month or a season)."""
    if festival.month and festival.calendar in ("lunar", "solar", "seasonal"):
        return True
    return bool(seasons_of(festival))
