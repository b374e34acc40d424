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

import dataclasses
import datetime
import hashlib
import unicodedata
import uuid
import zlib
from dataclasses import dataclass

from django.db.models import F
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
class FeedFestival:
    """What a feed says of one festival, read as plain values: a feed holds every public
    festival, and a page object each (with its groups) costs a feed of thousands of
    festivals seconds where these two queries cost a fraction of one."""

    pk: int
    title: str
    title_en: str
    summary: str
    frequency: str
    frequency_years: int | None
    place_name: str
    admin_unit: str
    province_name: str | None
    shown_latitude: float | None
    shown_longitude: float | None
    last_published_at: datetime.datetime | None
    calendar: str
    month: int | None
    day: int | None
    leap_month: bool
    duration_days: int | None
    timing_note: str
    group_names: tuple = ()


FEED_FIELDS = [
    field.name for field in dataclasses.fields(FeedFestival) if field.name not in ("province_name", "group_names")
]


def feed_festivals(festivals):
    """`festivals` (annotated by `with_location_for(None)`) as `FeedFestival`s, each
    with its ethnic groups' names in the groups' own order."""
    from heritage.models import EthnicGroup

    names = {}
    groups = EthnicGroup.objects.filter(records__in=festivals.values("pk"))
    for record_id, name in groups.values_list("records", "name"):
        names.setdefault(record_id, []).append(name)
    rows = festivals.order_by().values(*FEED_FIELDS, province_name=F("province__name"))
    return [FeedFestival(**row, group_names=tuple(names.get(row["pk"], ()))) for row in rows]


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
    groups = [_text(name) for name in festival.group_names]
    if groups:
        lines.append("Dân tộc: " + ", ".join(groups))
    lines.append(festival.summary)
    if festival.title_en:
        lines += ["", festival.title_en]
    lines += ["", record_url]
    place = [festival.place_name, festival.admin_unit, festival.province_name or ""]
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


def feed_calendar(*, name, url):
    """The feed's calendar, without events: its name, description and refresh interval."""
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
    return calendar


def festival_events(occurrences, parts, host):
    """The VEVENTs of one festival's occurrences, as iCalendar text."""
    stamp = parts.last_modified or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return b"".join(occurrence_event(occurrence, parts, host, stamp).to_ical() for occurrence in occurrences)


def festival_feed(festivals, *, name, url, host, today, record_url, kept=None):
    """The iCalendar text of every occurrence of `festivals` (public festivals as
    `FeedFestival`s) in the feed's window, and the events to keep for the next time;
    `record_url(festival)` gives each event's link.

    Turning an event into iCalendar text takes icalendar about a millisecond, so each
    festival's events are kept (`kept`, from the previous build: digest → zlib-packed
    text) under a digest of everything they are made of (its text, groups, place,
    point, dates, window and link): after a publish, only the festivals that changed
    are written again. Returns (text, events to keep)."""
    kept = kept or {}
    start, end = feed_window(today)
    occurrences_by_festival = {}
    for occurrence in occurrences_between(festivals, start, end):
        occurrences_by_festival.setdefault(occurrence.festival_id, (occurrence.festival, []))[1].append(occurrence)
    chunks, keep = [], {}
    for festival, occurrences in occurrences_by_festival.values():
        parts = festival_parts(festival, record_url(festival))
        source = repr((parts, [(o.start, o.end, o.precision, o.lunar_date) for o in occurrences], host))
        digest = hashlib.sha256(source.encode()).hexdigest()
        packed = kept.get(digest)
        chunk = zlib.decompress(packed) if packed is not None else festival_events(occurrences, parts, host)
        keep[digest] = packed if packed is not None else zlib.compress(chunk, 6)
        chunks.append(chunk)
    head = feed_calendar(name=name, url=url).to_ical()
    closing = b"END:VCALENDAR\r\n"
    return head[: -len(closing)] + b"".join(chunks) + closing, keep
