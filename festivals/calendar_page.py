"""What the calendar page shows for a query: the festivals a visitor may see, narrowed by
the library's own filters, placed on the days of the chosen stretch."""

import dataclasses
import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Paginator
from django.db.models import Max, Q

from heritage.access import cached_for_audience
from heritage.listing import RecordListing, count_by, counted
from heritage.lunar import LunarYearOutOfRange, lunar_date_of, months_of_year
from heritage.models import EthnicGroup, FestivalPage, Province

from .occurrences import CALENDAR_YEARS, DAY, has_calendar_time, occurrences_between

# Entries listed on one page of the calendar (the grid always shows the whole month).
ENTRIES_PER_PAGE = 60
# Festivals without a stated time, listed at most in a year's view.
UNTIMED_SHOWN = 100


def visible_festivals(user):
    """Live festivals `user` may see (the access rule of `heritage.access`)."""
    return FestivalPage.objects.visible_to(user)


def filtered_festivals(request, festivals):
    """`festivals` narrowed by the query string's `group`, `province` and `subject`,
    through the library's listing filters; (festivals, problems)."""
    listing = RecordListing(request, festivals, fixed_filters={"type": "festival"})
    return listing.filtered_records(), list(dict.fromkeys(listing.problems))


def narrowed_to(festivals, start, end):
    """The festivals that may fall in `start`..`end`: those whose lunar or solar month
    reaches into it (counting how long the longest festival lasts), and every seasonal
    one. A database filter, so a month costs what that month holds."""
    if (end - start).days >= 300:
        return festivals
    longest = festivals.aggregate(longest=Max("duration_days"))["longest"] or 1
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


@dataclass(frozen=True)
class FestivalDates:
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
    fields = [field.name for field in dataclasses.fields(FestivalDates)]
    return [FestivalDates(**row) for row in festivals.order_by().values(*fields)]


def with_display_records(festivals, occurrences):
    """`occurrences` (of `FestivalDates`) with the full festival records they show,
    fetched in one go."""
    records = for_display(festivals.filter(pk__in={occurrence.festival_id for occurrence in occurrences}))
    by_id = {record.pk: record for record in records}
    return [dataclasses.replace(occurrence, festival=by_id[occurrence.festival_id]) for occurrence in occurrences]


def for_display(festivals):
    """What a calendar entry shows, fetched up front: no query per festival."""
    return festivals.defer_streamfields().select_related("province").prefetch_related("ethnic_groups")


@dataclass
class DayCell:
    date: datetime.date
    in_period: bool
    is_today: bool
    lunar_label: str
    starting: list = field(default_factory=list)
    continuing: list = field(default_factory=list)
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


def month_grid(query, occurrences):
    """Weeks (Monday first, as Vietnamese calendars print them) of `DayCell`s for the
    query's month, each with the fixed-day festivals that start or go on that day."""
    first = query.start - datetime.timedelta(days=query.start.weekday())
    last = query.end + datetime.timedelta(days=6 - query.end.weekday())
    fixed = [occurrence for occurrence in occurrences if occurrence.precision == DAY]
    weeks, week = [], []
    day = first
    while day <= last:
        in_period = query.start <= day <= query.end
        cell = DayCell(day, in_period, day == query.today, lunar_label(day) if in_period else "")
        if in_period:
            for occurrence in fixed:
                if occurrence.start == day or (day == query.start and occurrence.start < day <= occurrence.end):
                    cell.starting.append(occurrence)
                elif occurrence.covers(day):
                    cell.continuing.append(occurrence)
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    return weeks


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
    festivals, problems = filtered_festivals(request, visible)
    candidates = narrowed_to(festivals, query.start, query.end)
    occurrences = occurrences_between(date_rows(candidates), query.start, query.end)
    listed = [occurrence for occurrence in occurrences if occurrence.precision == DAY] + without_fixed_day(occurrences)
    entries = Paginator(listed, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    shown = with_display_records(festivals, list(entries))
    weeks = month_grid(query, occurrences) if query.shows_grid else None
    if weeks:
        first_page_of = {}
        for index, occurrence in enumerate(listed):
            first_page_of.setdefault(max(occurrence.start, query.start), index // ENTRIES_PER_PAGE + 1)
        for cell in (cell for week in weeks for cell in week if cell.starting):
            cell.page = first_page_of.get(cell.date, 1)
    untimed = []
    if query.period == "year":
        untimed_ids = [row.pk for row in date_rows(candidates) if not has_calendar_time(row)][:UNTIMED_SHOWN]
        untimed = list(for_display(festivals.filter(pk__in=untimed_ids)).order_by("title"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "query": query,
        "filter_problems": problems,
        "entries": entries,
        "fixed_count": len(listed) - len(without_fixed_day(occurrences)),
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
