"""/lich-le-hoi/: the month and list views, their filters, periods and bad input, and
the access rule."""

import datetime

import pytest

from heritage.lunar import lunar_date_of
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def tet(record_index, **fields):
    values = {"title": "Tết Nguyên đán của người Hrê", "calendar": "lunar", "month": 1, "day": 1, "groups": ["hre"]}
    return make_record(record_index, **{**values, **fields})


def page(client, query=""):
    response = client.get(f"/lich-le-hoi/{query}")
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_month_view_puts_a_lunar_festival_on_this_years_solar_day(client, record_index, tet_2026):
    tet(record_index, duration_days=3)
    html = page(client, "?year=2026&month=2")
    assert "Tháng 2 năm 2026" in html
    assert 'id="ngay-2026-02-17"' in html
    assert "Thứ 3, 17/02/2026" in html
    assert "Tết Nguyên đán của người Hrê" in html
    assert 'href="#ngay-2026-02-17"' in html  # the grid's day links to the list below
    assert "ngày 1 tháng Giêng âm lịch" in html


def test_the_same_festival_moves_with_the_lunar_calendar_in_other_years(client, record_index, tet_2026):
    tet(record_index)
    assert 'id="ngay-2027-02-06"' in page(client, "?year=2027&month=2")
    assert 'id="ngay-1985-01-21"' in page(client, "?year=1985&month=1")  # a past year
    assert "Tết Nguyên đán" not in page(client, "?year=2026&month=3")


def test_default_is_the_current_month_in_vietnam(client, record_index, tet_2026):
    tet(record_index)
    html = page(client)
    assert "Tháng 2 năm 2026" in html
    assert 'aria-current="date"' in html  # today is marked in the grid


def test_list_view_shows_the_month_without_the_grid(client, record_index, tet_2026):
    tet(record_index)
    html = page(client, "?view=list&year=2026&month=2")
    assert 'class="month-grid"' not in html
    assert 'id="ngay-2026-02-17"' in html


def test_next_30_days_counts_from_today(client, record_index, on_day):
    today = on_day(datetime.date(2026, 2, 3))
    soon_year, soon = lunar_date_of(today + datetime.timedelta(days=10))
    _late_year, late = lunar_date_of(today + datetime.timedelta(days=45))
    make_record(record_index, title="Lễ sắp tới", calendar="lunar", month=soon.month, day=soon.day)
    make_record(record_index, title="Lễ còn xa", calendar="lunar", month=late.month, day=late.day)
    html = page(client, "?period=next30")
    assert "Lễ sắp tới" in html
    assert "Lễ còn xa" not in html
    assert "03/02 – 04/03/2026" in html


def test_year_view_lists_every_festival_of_a_year(client, record_index, tet_2026):
    tet(record_index)
    make_record(record_index, title="Lễ không rõ thời gian", calendar="seasonal", month=None, day=None, timing_note="")
    html = page(client, "?period=year&year=2024")
    assert 'id="ngay-2024-02-10"' in html
    assert "Lễ không rõ thời gian" in html  # under "time not stated"


def test_solar_festival_keeps_its_day(client, record_index, tet_2026):
    make_record(record_index, title="Lễ hội ngày 15 tháng 3", calendar="solar", month=3, day=15)
    assert 'id="ngay-2026-03-15"' in page(client, "?year=2026&month=3")


def test_festival_with_only_a_season_appears_in_its_season(client, record_index, tet_2026):
    make_record(record_index, title="Lễ hội đâm trâu", calendar="seasonal", month=None, day=None, timing_note="Mùa khô")
    january = page(client, "?year=2026&month=1")
    assert "Lễ hội đâm trâu" in january
    assert "Mùa khô" in january
    assert "Lễ hội đâm trâu" not in page(client, "?year=2026&month=7")


def test_lunar_month_without_a_day_spans_that_month(client, record_index, tet_2026):
    make_record(record_index, title="Lễ trong tháng Giêng", calendar="lunar", month=1, day=None)
    html = page(client, "?year=2026&month=3")  # tháng Giêng 2026: 17/2 – 18/3
    assert "Lễ trong tháng Giêng" in html
    assert "17/02/2026 – 18/03/2026" in html


def test_filters_by_ethnic_group_and_province(client, record_index, tet_2026):
    tet(record_index, title="Tết của người Hrê", groups=["hre"], province="51")
    tet(record_index, title="Tết của người Cơ Tu", groups=["co-tu"], province="49")
    by_group = page(client, "?year=2026&month=2&group=co-tu")
    assert "Tết của người Cơ Tu" in by_group and "Tết của người Hrê" not in by_group
    by_province = page(client, "?year=2026&month=2&province=51")
    assert "Tết của người Hrê" in by_province and "Tết của người Cơ Tu" not in by_province
    # The month's links keep the filter.
    assert "?group=co-tu&amp;year=2026&amp;month=3" in by_group


def test_unknown_filter_value_says_so_and_shows_nothing(client, record_index, tet_2026):
    tet(record_index)
    html = page(client, "?year=2026&month=2&group=khong-co")
    assert "khong-co" in html
    assert "Tết Nguyên đán của người Hrê" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?month=13",
        "?month=0",
        "?year=99999",
        "?year=1700",
        "?year=١٢",
        "?year=2026.5",
        "?view=week",
        "?period=decade",
    ],
)
def test_bad_values_are_a_clear_400(client, site_tree, query):
    response = client.get(f"/lich-le-hoi/{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_community_festival_is_for_community_members_only(client, record_index, community_member, tet_2026):
    tet(record_index, title="Lễ cúng rừng thiêng", access_level="community")
    assert "Lễ cúng rừng thiêng" not in page(client, "?year=2026&month=2")
    client.force_login(community_member)
    assert "Lễ cúng rừng thiêng" in page(client, "?year=2026&month=2")


def test_the_english_address_translates_the_calendar(client, record_index, tet_2026):
    tet(record_index, title_en="Lunar New Year in a Hrê village")
    html = client.get("/en/lich-le-hoi/?year=2026&month=2").content.decode()
    assert "Festival calendar" in html and "February 2026" in html
    assert "Lunar New Year in a Hrê village" in html
    assert "day 1 of lunar month 1" in html


def test_record_page_shows_this_years_solar_date(client, record_index, tet_2026):
    record = tet(record_index)
    html = client.get(record.url).content.decode()
    assert "Năm nay" in html
    assert "Thứ 3, 17/02/2026" in html


def test_record_page_gives_next_years_date_once_this_years_has_passed(client, record_index, on_day):
    on_day(datetime.date(2026, 6, 1))
    record = tet(record_index)
    html = client.get(record.url).content.decode()
    assert "Thứ 3, 17/02/2026" in html
    assert "Thứ 7, 06/02/2027" in html


def test_navigation_links_to_the_calendar(client, site_tree):
    assert 'href="/lich-le-hoi/"' in client.get("/ho-so/").content.decode()


def test_staff_festival_is_for_staff_only(client, record_index, community_member, curator, tet_2026):
    tet(record_index, title="Lễ nội bộ chưa công bố", access_level="staff")
    for viewer in (None, community_member):
        if viewer:
            client.force_login(viewer)
        for query in ("?year=2026&month=2", "?view=list&year=2026&month=2", "?period=next30", "?period=year"):
            assert "Lễ nội bộ chưa công bố" not in page(client, query)
    client.force_login(curator)
    assert "Lễ nội bộ chưa công bố" in page(client, "?year=2026&month=2")


def test_restricted_festivals_leave_no_count_in_the_filters(client, record_index, tet_2026):
    tet(record_index, title="Lễ kín", access_level="community", groups=["co-tu"], province="49")
    html = page(client, "?year=2026&month=2")
    assert "Cơ Tu (" not in html
    assert "Quảng Nam (" not in html


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [(1985, 1, 21), (2001, 1, 24), (2004, 1, 22), (2012, 1, 23), (2020, 1, 25), (2023, 1, 22)],
)
def test_past_years_put_tet_on_its_day_in_leap_years_too(client, record_index, tet_2026, year, month, day):
    tet(record_index)
    html = page(client, f"?year={year}&month={month}")
    assert f'id="ngay-{year}-{month:02d}-{day:02d}"' in html


def test_a_festival_after_a_leap_month_moves_a_month_later_that_year(client, record_index, tet_2026):
    # Giỗ Tổ Hùng Vương (10/3 âm lịch): 29 April 2023, after the leap second month.
    tet(record_index, title="Giỗ Tổ Hùng Vương", month=3, day=10)
    assert 'id="ngay-2023-04-29"' in page(client, "?year=2023&month=4")
    assert 'id="ngay-2024-04-18"' in page(client, "?year=2024&month=4")
