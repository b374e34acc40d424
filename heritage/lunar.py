"""Lunar calendar dates for festivals held by the Vietnamese lunisolar calendar.

`LunarDate` is a day of a lunar month with no year, as a festival recurs. Turning it
into a solar date needs a year and the Vietnamese calendar, which is not the Chinese
one: it is computed for Vietnam's meridian (UTC+7, since 1968), so a new moon close to
midnight can start a month a day earlier than in China, and the leap month can fall
elsewhere. Tết Ất Sửu was on 21 January 1985 in Vietnam and on 20 February in China;
Tết 2007 on 17 February (18th in China); Tết 2030 will be on 2 February (3rd in
China). The months come from vnlunar, which carries Hồ Ngọc Đức's published tables for
the lunar years 1800–2199 (the reference for the Vietnamese calendar, UTC+8 before
1968 as it was then used). vnlunar is imported inside the helpers: only pages that
convert dates load it.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MONTH_NAMES_VI = {1: "tháng Giêng", 12: "tháng Chạp"}

# The lunar years the tables cover; a solar year outside them has no conversion.
SUPPORTED_YEARS = (1800, 2199)


class LunarYearOutOfRange(ValueError):
    """A lunar year outside `SUPPORTED_YEARS`."""


@dataclass(frozen=True)
class LunarMonth:
    """One month of a given lunar year: which month it is, where it starts, how long it is."""

    year: int
    month: int
    leap: bool
    first_day: datetime.date
    length: int

    @property
    def last_day(self):
        return self.first_day + datetime.timedelta(days=self.length - 1)


@lru_cache(maxsize=512)
def months_of_year(lunar_year):
    """The 12 or 13 months of a lunar year, in order (a leap month after the month it
    repeats), from Tết to the eve of the next Tết."""
    if not SUPPORTED_YEARS[0] <= lunar_year <= SUPPORTED_YEARS[1]:
        raise LunarYearOutOfRange(f"lunar year {lunar_year} is outside {SUPPORTED_YEARS}")
    import vnlunar

    starts = vnlunar.get_year_info(lunar_year)
    lengths = vnlunar.get_year_month_lengths(lunar_year)
    return tuple(
        LunarMonth(
            year=lunar_year,
            month=start["month"],
            leap=bool(start["leap"]),
            first_day=_date_of_julian_day(start["jd"]),
            length=length,
        )
        for start, length in zip(starts, lengths, strict=True)
    )


def _date_of_julian_day(julian_day):
    # The proleptic Gregorian ordinal of 1 January 1 is 1; its Julian day number 1721426.
    return datetime.date.fromordinal(julian_day - 1721425)


def leap_month_of(lunar_year):
    """The number of the month a lunar year repeats, or None in a common year."""
    return next((month.month for month in months_of_year(lunar_year) if month.leap), None)


def lunar_month_of(solar_date):
    """The `LunarMonth` holding a solar date."""
    for lunar_year in (solar_date.year, solar_date.year - 1):
        for month in months_of_year(lunar_year):
            if month.first_day <= solar_date <= month.last_day:
                return month
    raise LunarYearOutOfRange(f"{solar_date} is outside the lunar years {SUPPORTED_YEARS}")


def lunar_date_of(solar_date):
    """(lunar year, `LunarDate`) of a solar date, e.g. 2026-02-17 → (2026, 1/1 ÂL)."""
    month = lunar_month_of(solar_date)
    return month.year, LunarDate(month.month, (solar_date - month.first_day).days + 1, month.leap)


@dataclass(frozen=True)
class LunarDate:
    """A day of a lunar month, with no year: festivals recur by month and day.

    `day` may be None when only the month is known (many rites are held "in the
    first lunar month" on a day the village elders choose).
    """

    month: int
    day: int | None = None
    leap_month: bool = False

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValidationError(_("A lunar month is between 1 and 12."))
        if self.day is not None and not 1 <= self.day <= 30:
            raise ValidationError(_("A lunar day is between 1 and 30."))

    def month_name_vi(self):
        name = MONTH_NAMES_VI.get(self.month, f"tháng {self.month}")
        return f"{name} nhuận" if self.leap_month else name

    def label_vi(self):
        if self.day is None:
            return f"{self.month_name_vi()} âm lịch"
        return f"ngày {self.day} {self.month_name_vi()} âm lịch"

    def label_en(self):
        leap = " (leap)" if self.leap_month else ""
        if self.day is None:
            return f"lunar month {self.month}{leap}"
        return f"day {self.day} of lunar month {self.month}{leap}"

    def __str__(self):
        leap = "n" if self.leap_month else ""
        if self.day is None:
            return f"{self.month}{leap} ÂL"
        return f"{self.day}/{self.month}{leap} ÂL"

    # Conversion to solar dates -----------------------------------------------------

    def month_in(self, lunar_year):
        """The `LunarMonth` this date falls in, in `lunar_year`.

        A date in a leap month is kept in the leap month in the years that repeat that
        month, and in the ordinary month in the years that do not (as communities do);
        an ordinary month is always the first of the two."""
        months = months_of_year(lunar_year)
        if self.leap_month:
            leap = next((month for month in months if month.month == self.month and month.leap), None)
            if leap is not None:
                return leap
        return next(month for month in months if month.month == self.month and not month.leap)

    def solar_date_in(self, lunar_year):
        """The solar date of this day in `lunar_year`; the first day of the month when no
        day is given. Day 30 of a month that has 29 days that year is its last day (the
        29th), so a rite held "on the last day of the month" is never lost."""
        month = self.month_in(lunar_year)
        day = min(self.day or 1, month.length)
        return month.first_day + datetime.timedelta(days=day - 1)

    def solar_dates_between(self, start, end):
        """Every solar date of this lunar day from `start` to `end` (inclusive), oldest
        first; years outside `SUPPORTED_YEARS` are skipped."""
        dates = []
        for lunar_year in range(max(start.year - 1, SUPPORTED_YEARS[0]), min(end.year, SUPPORTED_YEARS[1]) + 1):
            solar = self.solar_date_in(lunar_year)
            if start <= solar <= end:
                dates.append(solar)
        return dates
