"""What the calendar page shows for a query: the festivals a visitor may see, narrowed by
the library's own filters, placed on the days of the chosen stretch."""

import datetime
import struct
from dataclasses import dataclass
from itertools import groupby
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Max, Q

from heritage.access import cached_for_audience
from heritage.listing import RecordListing, count_by, counted
from heritage.lunar import LunarDate, LunarYearOutOfRange, lunar_date_of, months_of_year
from heritage.models import EthnicGroup, FestivalPage, Province

from .occurrences import (
    CALENDAR_YEARS,
    DAY,
    MONTH,
    SEASON,
    Occurrence,
    festivals_by_date,
    has_calendar_time,
    occurrences_of,
)
from .seasons import SEASONS_BY_KEY

# Entries listed on one page of the calendar (the grid always shows the whole month).
ENTRIES_PER_PAGE = 60
# Festivals without a stated time, listed at most in a year's view.
UNTIMED_SHOWN = 100


def visible_festivals(user):
    """Live festivals `user` may see (the access rule of `heritage.access`)."""
    return FestivalPage.objects.visible_to(user)


def filtered_festivals(request, festivals):
    """`festivals` narrowed by the query string's `group`, `province` and `subject`,
    through the library's listing filters; (festivals, problems, the filters as read)."""
    listing = RecordListing(request, festivals, fixed_filters={"type": "festival"})
    return listing.filtered_records(), list(dict.fromkeys(listing.problems)), listing.params


def narrowed_to(festivals, start, end):
    """The festivals that may fall in `start`..`end`: those whose lunar or solar month
    reaches into it (counting how long the longest festival lasts), and every seasonal
    one. A database filter, so a month costs what that month holds."""
    if (end - start).days >= 300:
        return festivals
    # The longest of all festivals, whoever may see them: a bound that only widens the
    # net, from one table rather than the filtered join.
    longest = FestivalPage.objects.aggregate(longest=Max("duration_days"))["longest"] or 1
    reach = start - datetime.timedelta(days=max(longest, 1) - 1)
    lunar_months = set()
    for lunar_year in range(reach.year - 1, end.year + 1):
        try:
            months = months_of_year(lunar_year)
        except LunarYearOutOfRange:
            continue
        lunar_months.update(month.month for month in months if month.first_day <= end and month.last_day >= reach)
    solar_months = set()
    day = reach.replace(day=1)
    while day <= end:
        solar_months.add(day.month)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return festivals.filter(
        Q(calendar="lunar", month__in=lunar_months)
        | Q(calendar="solar", month__in=solar_months)
        | Q(calendar="seasonal")
        | Q(month__isnull=True)
    )


class FestivalDates(NamedTuple):
    """What placing a festival on the calendar needs, and no more: the calendar reads
    these for every candidate and the whole record only for the entries it shows."""

    pk: int
    title: str
    calendar: str
    month: int | None
    day: int | None
    leap_month: bool
    duration_days: int | None
    timing_note: str


def date_rows(festivals):
    return list(map(FestivalDates._make, festivals.order_by().values_list(*FestivalDates._fields)))


class PlacedDate(NamedTuple):
    """An occurrence reduced to plain values: what the calendar remembers of a period
    (`CalendarLayout`) for every festival in it, small to keep in a shared cache."""

    festival_id: int
    start: datetime.date
    end: datetime.date
    precision: str
    lunar_year: int | None
    lunar_date: tuple | None  # (month, day, leap month)
    seasons: tuple  # season keys

    @classmethod
    def of(cls, occurrence):
        lunar = occurrence.lunar_date
        return cls(
            occurrence.festival_id,
            occurrence.start,
            occurrence.end,
            occurrence.precision,
            occurrence.lunar_year,
            (lunar.month, lunar.day, lunar.leap_month) if lunar else None,
            tuple(season.key for season in occurrence.seasons),
        )

    def occurrence(self, festival):
        """The `Occurrence` this was, of the full `festival` record."""
        return Occurrence(
            festival,
            self.start,
            self.end,
            self.precision,
            self.lunar_year,
            LunarDate(*self.lunar_date) if self.lunar_date else None,
            tuple(SEASONS_BY_KEY[key] for key in self.seasons),
        )


class PackedDates:
    """`PlacedDate`s packed in fixed-width binary records, read back only where asked
    (a page of the list): a year of 100 000 records holds some 30 000 dates, which as
    Python objects would cost every request that reads them from the cache their
    unpickling and, worse, the garbage collector's full passes they set off."""

    RECORD = struct.Struct("<IIIBHBBBB")
    PRECISIONS = (DAY, MONTH, SEASON)
    SEASON_KEYS = tuple(SEASONS_BY_KEY)

    def __init__(self, dates):
        self.data = b"".join(map(self._pack, dates))

    def _pack(self, date):
        month, day, leap = date.lunar_date or (0, 0, False)
        seasons = sum(1 << self.SEASON_KEYS.index(key) for key in date.seasons)
        return self.RECORD.pack(
            date.festival_id,
            date.start.toordinal(),
            date.end.toordinal(),
            self.PRECISIONS.index(date.precision),
            date.lunar_year or 0,
            month,
            day or 0,
            leap,
            seasons,
        )

    def _unpack(self, index):
        pk, start, end, precision, lunar_year, month, day, leap, seasons = self.RECORD.unpack_from(
            self.data, index * self.RECORD.size
        )
        return PlacedDate(
            pk,
            datetime.date.fromordinal(start),
            datetime.date.fromordinal(end),
            self.PRECISIONS[precision],
            lunar_year or None,
            (month, day or None, bool(leap)) if month else None,
            tuple(key for bit, key in enumerate(self.SEASON_KEYS) if seasons & (1 << bit)),
        )

    def __len__(self):
        return len(self.data) // self.RECORD.size

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._unpack(position) for position in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._unpack(index % len(self))


def with_display_records(festivals, placed):
    """The occurrences of `placed` dates (`PlacedDate`) with the full festival records
    they show, fetched in one go."""
    records = for_display(festivals.filter(pk__in={date.festival_id for date in placed}))
    by_id = {record.pk: record for record in records}
    return [date.occurrence(by_id[date.festival_id]) for date in placed if date.festival_id in by_id]


def for_display(festivals):
    """What a calendar entry shows, fetched up front: no query per festival."""
    return festivals.defer_streamfields().select_related("province").prefetch_related("ethnic_groups")


@dataclass
class DayCell:
    date: datetime.date
    in_period: bool
    is_today: bool
    lunar_label: str
    # How many fixed-day festivals are listed under this day, and whether one goes on.
    starting: int = 0
    continuing: bool = False
    # The page of the list that holds this day's entries.
    page: int = 1

    @property
    def anchor(self):
        return f"ngay-{self.date.isoformat()}"


def heading(query):
    """'Tháng 2 năm 2026' / 'February 2026', 'Năm 2026', or the next 30 days' dates."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    if query.period == "year":
        return _("Year %(year)s") % {"year": query.year}
    if query.period == "next30":
        return _("The next 30 days: %(start)s – %(end)s") % {
            "start": date_format(query.start, "d/m"),
            "end": date_format(query.end, "d/m/Y"),
        }
    return _("%(month_name)s %(year)s") % {"month_name": date_format(query.start, "F"), "year": query.year}


def lunar_label(day):
    """A wall-calendar's small lunar number: the day, and the month on its first day
    ("1/1", "1/2n" for a leap month's first day, else "17")."""
    try:
        _year, lunar = lunar_date_of(day)
    except LunarYearOutOfRange:
        return ""
    if lunar.day == 1:
        return f"1/{lunar.month}{'n' if lunar.leap_month else ''}"
    return str(lunar.day)


def month_grid(query, layout):
    """Weeks (Monday first, as Vietnamese calendars print them) of `DayCell`s for the
    query's month, each with how many fixed-day festivals start (or, on the first day,
    go on from the month before) and whether one goes on, from the period's `layout`."""
    first = query.start - datetime.timedelta(days=query.start.weekday())
    last = query.end + datetime.timedelta(days=6 - query.end.weekday())
    weeks, week = [], []
    day = first
    while day <= last:
        in_period = query.start <= day <= query.end
        cell = DayCell(day, in_period, day == query.today, lunar_label(day) if in_period else "")
        if in_period:
            cell.starting, cell.page = layout.starting.get(day, (0, 1))
            cell.continuing = day in layout.continuing
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    return weeks


@dataclass(frozen=True)
class CalendarLayout:
    """Where the festivals of one period fall, for one audience and set of filters: the
    listed dates in order (fixed days first, then one month- or season-long entry per
    festival), and for the grid each day's count of starting festivals with the page
    listing them and the days a festival goes on. Worked out from the festivals' dates
    alone, and remembered by `calendar_layout` until the next access change."""

    listed: PackedDates
    fixed_count: int
    starting: dict
    continuing: frozenset
    untimed_ids: tuple = ()


def layout_of(festivals, start, end, *, with_grid=False, with_untimed=False):
    """The `CalendarLayout` of `festivals` over `start`..`end`: with the grid's days
    for a month, with the festivals that have no stated time for a year."""
    rows = date_rows(narrowed_to(festivals, start, end))
    placed = placed_between(rows, start, end)
    fixed = [date for date in placed if date.precision == DAY]
    listed = fixed + without_fixed_day(placed)
    starting, continuing = {}, set()
    for index, date in enumerate(fixed if with_grid else ()):
        listed_under = max(date.start, start)
        count, page = starting.get(listed_under, (0, index // ENTRIES_PER_PAGE + 1))
        starting[listed_under] = (count + 1, page)
        day = listed_under + datetime.timedelta(days=1)
        while day <= min(date.end, end):
            continuing.add(day)
            day += datetime.timedelta(days=1)
    untimed = ()
    if with_untimed:
        untimed = tuple(row.pk for row in rows if not has_calendar_time(row))[:UNTIMED_SHOWN]
    return CalendarLayout(PackedDates(listed), len(fixed), starting, frozenset(continuing), untimed)


def placed_between(rows, start, end):
    """`PlacedDate`s of every festival of `rows` (`FestivalDates`) overlapping
    `start`..`end`, in the order of `occurrences_between` (start, title, id): the
    occurrences are worked out once for each group of festivals sharing a date."""
    keyed = []
    for group in festivals_by_date(rows):
        for occurrence in occurrences_of(group[0], start, end):
            shared = PlacedDate.of(occurrence)[1:]
            keyed.extend(((occurrence.start, row.title, row.pk), PlacedDate(row.pk, *shared)) for row in group)
    keyed.sort(key=lambda pair: pair[0])
    return [date for _key, date in keyed]


def calendar_layout(user, filters, festivals, query):
    """`layout_of` the query's period, remembered for everyone who sees what `user`
    sees with the same `filters` (`heritage.access.cached_for_audience`): a publish,
    an unpublish or an access change starts a new access version, so a festival's new
    date or access shows at once."""
    start, end = query.start, query.end
    with_grid, with_untimed = query.period == "month", query.period == "year"
    return cached_for_audience(
        user,
        "calendar-layout",
        [filters, start.isoformat(), end.isoformat(), with_grid, with_untimed],
        lambda: layout_of(festivals, start, end, with_grid=with_grid, with_untimed=with_untimed),
    )


def agenda(query, occurrences):
    """Fixed-day occurrences grouped by the day they are listed under (their first day,
    or the period's first day for one that began before it): [(date, [occurrence])]."""
    fixed = [occurrence for occurrence in occurrences if occurrence.precision == DAY]
    return [(day, list(group)) for day, group in groupby(fixed, key=lambda item: max(item.start, query.start))]


def without_fixed_day(occurrences):
    """Occurrences that span a month or a season, one per festival."""
    seen, kept = set(), []
    for occurrence in occurrences:
        if occurrence.precision != DAY and occurrence.festival_id not in seen:
            seen.add(occurrence.festival_id)
            kept.append(occurrence)
    return kept


def calendar_context(request, query):
    visible = visible_festivals(request.user)
    festivals, problems, filters = filtered_festivals(request, visible)
    layout = calendar_layout(request.user, filters, festivals, query)
    entries = Paginator(layout.listed, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    shown = with_display_records(festivals, list(entries))
    weeks = month_grid(query, layout) if query.shows_grid else None
    untimed = []
    if layout.untimed_ids:
        untimed = list(for_display(festivals.filter(pk__in=layout.untimed_ids)).order_by("title"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "query": query,
        "filter_problems": problems,
        "entries": entries,
        "fixed_count": layout.fixed_count,
        "query_without_page": query_without_page.urlencode(),
        "agenda": agenda(query, [occurrence for occurrence in shown if occurrence.precision == DAY]),
        "spanning": [occurrence for occurrence in shown if occurrence.precision != DAY],
        "weeks": weeks,
        "untimed": untimed,
        "links": navigation(query, request.GET),
        "heading": heading(query),
        "month_numbers": range(1, 13),
        "years": CALENDAR_YEARS,
        "group_options": counted(
            EthnicGroup,
            visible,
            "ethnic_groups",
            cached_for_audience(request.user, "calendar-groups", [], lambda: count_by(visible, "ethnic_groups")),
        ),
        "province_options": counted(
            Province,
            visible,
            "province",
            cached_for_audience(request.user, "calendar-provinces", [], lambda: count_by(visible, "province")),
        ),
    }


FILTER_NAMES = ("group", "province", "subject")


def navigation(query, params):
    """Query strings for the page's links, each keeping the visitor's filters."""
    from django.http import QueryDict

    def link(**values):
        result = QueryDict(mutable=True)
        for name in FILTER_NAMES:
            value = (params.get(name) or "").replace("\x00", "").strip()[:100]
            if value:
                result[name] = value
        for name, value in values.items():
            if value not in (None, ""):
                result[name] = value
        return "?" + result.urlencode() if result else "?"

    links = {
        "this_month": link(view=query.view if query.period == "month" else None),
        "next30": link(period="next30"),
        "this_year": link(period="year"),
        "month_view": link(year=query.year, month=query.month),
        "list_view": link(view="list", year=query.year, month=query.month),
        "previous": None,
        "next": None,
    }
    if query.period == "month":
        view = "list" if query.view == "list" else None
        for name, step in (("previous", -1), ("next", 1)):
            target = query.month_step(step)
            if target:
                links[name] = link(view=view, year=target[0], month=target[1])
    elif query.period == "year":
        for name, year in (("previous", query.year - 1), ("next", query.year + 1)):
            if CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]:
                links[name] = link(period="year", year=year)
    return links
