"""The iCalendar feeds: read back with the icalendar library they are made with; each
year's lunar date on its solar day; public records only; shared caching that is
revalidated when access changes."""

import datetime
import gzip
import unicodedata

import pytest
from icalendar import Calendar

from heritage.lunar import LunarDate
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def feed(client, path="/lich-le-hoi/le-hoi.ics", **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def events_of(calendar):
    return list(calendar.walk("VEVENT"))


def starts(calendar, title):
    return sorted(event.start for event in events_of(calendar) if str(event["SUMMARY"]).startswith(title))


def test_feed_parses_back_with_the_right_calendar_properties(client, record_index, tet_2026):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1)
    response, calendar = feed(client)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar.calendar_name == "Lịch lễ hội"
    assert calendar["X-WR-CALNAME"] == "Lịch lễ hội"  # what Google and Apple calendars read
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=12)
    assert b"X-PUBLISHED-TTL:PT12H" in response.content
    for event in events_of(calendar):
        assert event["UID"] and event["DTSTAMP"]
        assert isinstance(event.start, datetime.date) and not isinstance(event.start, datetime.datetime)
    uids = [str(event["UID"]) for event in events_of(calendar)]
    assert len(uids) == len(set(uids))


def test_a_lunar_festival_lands_on_each_years_solar_date(client, record_index, tet_2026):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1, duration_days=3)
    _response, calendar = feed(client)
    # This year and the next three: Tết 2026 … 2029.
    assert starts(calendar, "Tết Nguyên đán") == [
        datetime.date(2026, 2, 17),
        datetime.date(2027, 2, 6),
        datetime.date(2028, 1, 26),
        datetime.date(2029, 2, 13),
    ]
    tet = next(event for event in events_of(calendar) if event.start == datetime.date(2026, 2, 17))
    assert tet.end == datetime.date(2026, 2, 20)  # three days; DTEND is exclusive
    assert "Ngày 1 tháng Giêng âm lịch" in str(tet["DESCRIPTION"])
    assert str(tet["STATUS"]) == "CONFIRMED"


def test_a_leap_month_festival_follows_the_leap_month(client, record_index, tet_2026):
    make_record(record_index, title="Lễ tháng năm nhuận", calendar="lunar", month=5, day=15, leap_month=True)
    _response, calendar = feed(client)
    found = starts(calendar, "Lễ tháng năm nhuận")
    assert datetime.date(2028, 7, 7) in found  # 2028 repeats the fifth month: 15/5 nhuận
    assert LunarDate(5, 15).solar_date_in(2028) not in found
    assert LunarDate(5, 15).solar_date_in(2027) in found  # 2027 has one fifth month: the ordinary one


def test_seasonal_festival_is_a_tentative_span(client, record_index, tet_2026):
    make_record(
        record_index,
        title="Lễ ăn trâu",
        calendar="seasonal",
        month=None,
        day=None,
        timing_note="Mùa khô",
        frequency="occasional",
    )
    _response, calendar = feed(client)
    event = next(event for event in events_of(calendar) if event.start == datetime.date(2025, 12, 1))
    assert str(event["SUMMARY"]) == "Lễ ăn trâu (theo mùa)"
    assert event.end == datetime.date(2026, 5, 1)
    assert str(event["STATUS"]) == "TENTATIVE"
    assert "không phải năm nào cũng có" in str(event["DESCRIPTION"])


def test_feed_holds_only_public_records_whoever_asks(client, record_index, community_member, tet_2026):
    make_record(record_index, title="Lễ công khai", calendar="lunar", month=1, day=1)
    make_record(record_index, title="Lễ của cộng đồng", calendar="lunar", month=1, day=1, access_level="community")
    make_record(record_index, title="Lễ nội bộ", calendar="lunar", month=1, day=1, access_level="staff")
    client.force_login(community_member)
    response, calendar = feed(client)
    titles = {str(event["SUMMARY"]) for event in events_of(calendar)}
    assert titles == {"Lễ công khai"}
    assert response["Cache-Control"] == "public, no-cache"


def test_protected_place_is_given_at_its_generalised_point(client, record_index, tet_2026):
    record = make_record(
        record_index,
        title="Lễ bỏ mả",
        calendar="lunar",
        month=2,
        day=10,
        latitude=12.0171,
        longitude=108.9193,
        location_access="community",
        place_name="Thị trấn Tô Hạp",
    )
    record.refresh_from_db()
    _response, calendar = feed(client)
    event = events_of(calendar)[0]
    latitude, longitude = event["GEO"].latitude, event["GEO"].longitude
    assert (latitude, longitude) == (round(record.public_latitude, 5), round(record.public_longitude, 5))
    assert (latitude, longitude) != (12.0171, 108.9193)
    assert "Thị trấn Tô Hạp" in str(event["LOCATION"])


def test_text_is_nfc(client, record_index, tet_2026):
    make_record(record_index, title="Le\u0302\u0303 ho\u0302\u0323i", calendar="lunar", month=1, day=1)
    response, calendar = feed(client)
    summary = str(events_of(calendar)[0]["SUMMARY"])
    assert summary == unicodedata.normalize("NFC", summary) == "Lễ hội"


def test_feed_per_ethnic_group_and_province(client, record_index, tet_2026):
    make_record(record_index, title="Lễ của người Hrê", calendar="lunar", month=1, day=1, groups=["hre"], province="51")
    make_record(
        record_index, title="Lễ của người Cơ Tu", calendar="lunar", month=1, day=1, groups=["co-tu"], province="49"
    )
    _response, by_group = feed(client, "/lich-le-hoi/dan-toc/co-tu.ics")
    assert {str(event["SUMMARY"]) for event in events_of(by_group)} == {"Lễ của người Cơ Tu"}
    assert by_group.calendar_name == "Lịch lễ hội: Cơ Tu"
    _response, by_province = feed(client, "/lich-le-hoi/tinh/51.ics")
    assert {str(event["SUMMARY"]) for event in events_of(by_province)} == {"Lễ của người Hrê"}


@pytest.mark.parametrize("path", ["/lich-le-hoi/dan-toc/khong-co.ics", "/lich-le-hoi/tinh/999.ics"])
def test_unknown_group_or_province_feed_is_not_found(client, site_tree, path):
    assert client.get(path).status_code == 404


def test_feed_is_revalidated_and_its_etag_follows_access_changes(client, record_index, tet_2026):
    record = make_record(record_index, title="Lễ hội", calendar="lunar", month=1, day=1)
    response, _calendar = feed(client)
    etag = response["ETag"]
    assert response["Cache-Control"] == "public, no-cache"
    assert client.get("/lich-le-hoi/le-hoi.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
    record.access_level = "community"
    record.save_revision().publish()
    again, calendar = feed(client, HTTP_IF_NONE_MATCH=etag)
    assert again["ETag"] != etag
    assert events_of(calendar) == []


def test_calendar_page_links_the_feeds(client, record_index, tet_2026):
    html = client.get("/lich-le-hoi/?group=hre&province=51").content.decode()
    assert 'href="webcal://testserver/lich-le-hoi/le-hoi.ics"' in html
    assert "/lich-le-hoi/dan-toc/hre.ics" in html
    assert "/lich-le-hoi/tinh/51.ics" in html


def test_feed_is_sent_gzipped_to_clients_that_take_it(client, record_index, tet_2026):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1)
    plain, _calendar = feed(client)
    response = client.get("/lich-le-hoi/le-hoi.ics", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert response["ETag"] != plain["ETag"]
    assert gzip.decompress(response.content) == plain.content
    assert len(events_of(Calendar.from_ical(gzip.decompress(response.content)))) == 4


def test_a_publish_writes_again_only_the_festival_that_changed(client, record_index, tet_2026, monkeypatch):
    from festivals import ical

    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1)
    changed = make_record(record_index, title="Lễ cầu mùa", calendar="lunar", month=3, day=10)
    feed(client)
    written = []
    real = ical.festival_events
    monkeypatch.setattr(
        ical,
        "festival_events",
        lambda occurrences, parts, host: written.append(parts.title) or real(occurrences, parts, host),
    )
    changed.title = "Lễ cầu mùa (đổi tên)"
    changed.save_revision().publish()
    _response, calendar = feed(client)
    assert written == ["Lễ cầu mùa (đổi tên)"]
    assert {str(event["SUMMARY"]) for event in events_of(calendar)} == {"Tết Nguyên đán", "Lễ cầu mùa (đổi tên)"}


def test_group_and_province_feeds_hold_only_public_records(client, record_index, community_member, tet_2026):
    for level in ("public", "community", "staff"):
        make_record(
            record_index,
            title=f"Lễ {level}",
            calendar="lunar",
            month=1,
            day=1,
            groups=["hre"],
            province="51",
            access_level=level,
        )
    client.force_login(community_member)
    for path in ("/lich-le-hoi/dan-toc/hre.ics", "/lich-le-hoi/tinh/51.ics"):
        _response, calendar = feed(client, path)
        assert {str(event["SUMMARY"]) for event in events_of(calendar)} == {"Lễ public"}


def test_a_mid_year_lunar_festival_recurs_on_each_years_solar_date(client, record_index, tet_2026):
    # Tết Trung thu (15/8 âm lịch) on its solar date for this year and the next three.
    make_record(record_index, title="Lễ mừng trăng", calendar="lunar", month=8, day=15)
    _response, calendar = feed(client, "/lich-le-hoi/tinh/51.ics")
    expected = [LunarDate(8, 15).solar_date_in(year) for year in range(2026, 2030)]
    assert starts(calendar, "Lễ mừng trăng") == expected
    assert expected[0] == datetime.date(2026, 9, 25)
