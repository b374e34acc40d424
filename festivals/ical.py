"""The festival calendar as iCalendar (RFC 5545, with the RFC 7986 calendar name and
refresh interval), for phones and calendar applications to subscribe to.

RFC 5545's recurrence rules count in Gregorian days, months and years, so they cannot
say "the 10th day of the third lunar month"; each year's occurrence is therefore its own
all-day event, for every year of the feed's window. An event's UID is made of the
record and the year's date, so a calendar application updates an event in place when a
record changes and never shows it twice.

The feed is public data: only public records, with a protected place given at its
generalised point (`RecordQuerySet.with_location_for(None)`).
"""

import datetime
import unicodedata
import uuid
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import CLASS, STATUS, TRANSP, Calendar, Event, vDuration

from .occurrences import DAY, MONTH, occurrences_between

# The feed reaches from 1 January this year to 31 December three years ahead.
YEARS_BEHIND, YEARS_AHEAD = 0, 3
REFRESH_INTERVAL = datetime.timedelta(hours=12)
PRODUCT_ID = "-//Thu vien dien tu di san cac dan toc//Lich le hoi//VI"


def feed_window(today):
    return datetime.date(today.year - YEARS_BEHIND, 1, 1), datetime.date(today.year + YEARS_AHEAD, 12, 31)


def _text(value):
    return unicodedata.normalize("NFC", str(value or "")).strip()


@dataclass(frozen=True)
class FestivalParts:
    """What every event of one festival shares, worked out once per festival (a feed
    repeats each festival for every year of its window)."""

    title: str
    url: str
    details: str
    categories: tuple
    location: str
    geo: tuple | None
    settled: bool
    last_modified: datetime.datetime | None


def festival_parts(festival, record_url):
    lines = []
    if festival.frequency == "every_n_years" and festival.frequency_years:
        lines.append(f"Tổ chức {festival.frequency_years} năm một lần")
    elif festival.frequency == "occasional":
        lines.append("Tổ chức khi cộng đồng quyết định, không phải năm nào cũng có")
    groups = [_text(group.name) for group in festival.ethnic_groups.all()]
    if groups:
        lines.append("Dân tộc: " + ", ".join(groups))
    lines.append(festival.summary)
    if festival.title_en:
        lines += ["", festival.title_en]
    lines += ["", record_url]
    place = [festival.place_name, festival.admin_unit, festival.province.name if festival.province else ""]
    has_point = festival.shown_latitude is not None and festival.shown_longitude is not None
    return FestivalParts(
        title=_text(festival.title),
        url=record_url,
        details=_text("\n".join(lines)),
        categories=tuple(groups),
        location=", ".join(_text(part) for part in place if part),
        geo=(round(festival.shown_latitude, 5), round(festival.shown_longitude, 5)) if has_point else None,
        settled=festival.frequency == "annual",
        last_modified=festival.last_published_at,
    )


def _when(occurrence):
    """The first line of an event's description: the lunar date, or why there is no day."""
    lunar = occurrence.lunar_date
    if lunar and occurrence.precision == DAY:
        return f"Ngày {lunar.day} {lunar.month_name_vi()} âm lịch"
    if lunar:
        return f"Trong {lunar.label_vi()}; ngày cụ thể do cộng đồng định"
    if occurrence.precision != DAY:
        return f"{_text(occurrence.festival.timing_note) or 'Theo mùa vụ'}; ngày cụ thể do cộng đồng định"
    return ""


def occurrence_event(occurrence, parts, host, stamp):
    fixed_day = occurrence.precision == DAY
    period = "" if fixed_day else (" (trong tháng)" if occurrence.precision == MONTH else " (theo mùa)")
    when = _when(occurrence)
    event = Event.new(
        uid=f"le-hoi-{occurrence.festival_id}-{occurrence.start.isoformat()}@{host}",
        stamp=stamp,
        start=occurrence.start,
        end=occurrence.end + datetime.timedelta(days=1),  # DTEND of an all-day event is exclusive
        summary=parts.title + period,
        description=f"{when}\n{parts.details}" if when else parts.details,
        url=parts.url,
        categories=list(parts.categories),
        classification=CLASS.PUBLIC,
        transparency=TRANSP.TRANSPARENT,
        status=STATUS.CONFIRMED if fixed_day and parts.settled else STATUS.TENTATIVE,
        last_modified=parts.last_modified,
        location=parts.location or None,
    )
    if parts.geo:
        event.add("geo", parts.geo)
    return event


def festival_feed(festivals, *, name, url, host, today, record_url, stamp):
    """An iCalendar `Calendar` of every occurrence of `festivals` (public festivals,
    annotated by `with_location_for(None)`) in the feed's window; `record_url(festival)`
    gives each event's link."""
    start, end = feed_window(today)
    with translation.override("vi"):
        calendar = Calendar.new(
            prodid=PRODUCT_ID,
            name=_text(name),
            description=_text(_("Festivals of Vietnam's ethnic minorities, on their solar dates for each year.")),
            url=url,
            source=url,
            refresh_interval=REFRESH_INTERVAL,
            language="vi",
            uid=uuid.uuid5(uuid.NAMESPACE_URL, url),  # the same calendar keeps its identity
        )
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # What Outlook reads instead of REFRESH-INTERVAL (`Calendar.new` writes X-WR-CALNAME
    # beside NAME for Google and Apple calendars).
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    parts = {}
    for occurrence in occurrences_between(festivals, start, end):
        festival = occurrence.festival
        if festival.pk not in parts:
            parts[festival.pk] = festival_parts(festival, record_url(festival))
        calendar.add_component(occurrence_event(occurrence, parts[festival.pk], host, stamp))
    return calendar
