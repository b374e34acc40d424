"""The calendar remembers where a period's festivals fall (`CalendarLayout`) per audience,
filters and access version, and the feed reads festivals as plain rows: a change to a
festival's date or access shows at once for every audience, and the remembered dates are
the same the lunar calendar gives."""

import datetime

import pytest
from icalendar import Calendar

from festivals import calendar_page
from tests.factories import make_record

pytestmark = pytest.mark.django_db

FEBRUARY_2026 = "?year=2026&month=2"


def page(client, query):
    response = client.get(f"/lich-le-hoi/{query}")
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


@pytest.fixture
def audiences(client, community_member, curator):
    """A function that renders a calendar query as each audience sees it, in turn, with
    the one test client: {"public": html, "community": html, "staff": html}."""

    def seen_by_each(query):
        seen = {}
        for name, user in (("public", None), ("community", community_member), ("staff", curator)):
            client.logout()
            if user:
                client.force_login(user)
            seen[name] = page(client, query)
        client.logout()
        return seen

    return seen_by_each


@pytest.fixture
def layouts_worked_out(monkeypatch):
    """How many times the calendar worked out a period's layout (not remembered)."""
    calls = []
    real = calendar_page.layout_of
    monkeypatch.setattr(calendar_page, "layout_of", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    return calls


def test_a_period_is_worked_out_once_per_audience_until_something_changes(
    client, record_index, community_member, tet_2026, layouts_worked_out
):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1)
    page(client, FEBRUARY_2026)
    page(client, FEBRUARY_2026)
    page(client, "?view=list&year=2026&month=2&page=1")  # the list view of the same month
    assert len(layouts_worked_out) == 1
    client.force_login(community_member)
    page(client, FEBRUARY_2026)
    assert len(layouts_worked_out) == 2  # another audience, its own layout
    make_record(record_index, title="Lễ mừng lúa mới", calendar="lunar", month=1, day=5)
    assert "Lễ mừng lúa mới" in page(client, FEBRUARY_2026)
    assert len(layouts_worked_out) == 3


def test_a_changed_date_shows_at_once_for_each_audience(record_index, audiences, tet_2026):
    festival = make_record(record_index, title="Lễ cầu mùa", calendar="lunar", month=1, day=1)
    before = audiences(FEBRUARY_2026)
    assert all('id="ngay-2026-02-17"' in html and "Lễ cầu mùa" in html for html in before.values())
    audiences("?year=2026&month=4")  # remembered without it
    festival.month, festival.day = 3, 10  # 10/3 ÂL: 26 April 2026
    festival.save_revision().publish()
    assert all("Lễ cầu mùa" not in html for html in audiences(FEBRUARY_2026).values())
    after = audiences("?year=2026&month=4")
    assert all('id="ngay-2026-04-26"' in html and "Lễ cầu mùa" in html for html in after.values())


def test_an_access_change_shows_at_once_for_each_audience(record_index, audiences, tet_2026):
    festival = make_record(record_index, title="Lễ cúng bến nước", calendar="lunar", month=1, day=1)
    queries = (FEBRUARY_2026, "?period=year", "?period=year&year=2026&group=hre", "?period=next30")

    def who_sees_it():
        return {
            query: {name for name, html in audiences(query).items() if "Lễ cúng bến nước" in html} for query in queries
        }

    assert who_sees_it() == dict.fromkeys(queries, {"public", "community", "staff"})
    for level, seen_by in (("community", {"community", "staff"}), ("staff", {"staff"}), ("public", None)):
        festival.access_level = level
        festival.save_revision().publish()
        expected = seen_by or {"public", "community", "staff"}
        assert who_sees_it() == dict.fromkeys(queries, expected)
    festival.unpublish()
    assert who_sees_it() == dict.fromkeys(queries, set())


def test_a_community_layout_is_never_shown_to_an_anonymous_visitor(client, record_index, community_member, tet_2026):
    make_record(record_index, title="Lễ kín của làng", calendar="lunar", month=1, day=1, access_level="community")
    client.force_login(community_member)
    assert "Lễ kín của làng" in page(client, FEBRUARY_2026)  # remembered for community members first
    client.logout()
    html = page(client, FEBRUARY_2026)
    assert "Lễ kín của làng" not in html
    assert 'href="#ngay-2026-02-17"' not in html  # nor a mark on its day in the grid


@pytest.mark.parametrize(
    ("year", "month", "day_in_leap_month", "day_in_ordinary_month"),
    [
        (2023, 3, None, datetime.date(2023, 3, 6)),  # 2023 repeats the second month
        (2023, 4, datetime.date(2023, 4, 5), None),
        (2024, 3, datetime.date(2024, 3, 24), datetime.date(2024, 3, 24)),  # no leap month 2: the ordinary one
    ],
)
def test_a_lunar_date_in_a_leap_year_lands_right_when_remembered(
    client, record_index, tet_2026, year, month, day_in_leap_month, day_in_ordinary_month
):
    make_record(record_index, title="Lễ tháng hai nhuận", calendar="lunar", month=2, day=15, leap_month=True)
    make_record(record_index, title="Lễ giữa tháng hai", calendar="lunar", month=2, day=15)
    query = f"?year={year}&month={month}"
    for html in (page(client, query), page(client, query)):  # worked out, then remembered
        for title, day in (("Lễ tháng hai nhuận", day_in_leap_month), ("Lễ giữa tháng hai", day_in_ordinary_month)):
            if day is None:
                assert title not in html
            else:
                assert f'id="ngay-{day.isoformat()}"' in html and title in html
    if year == 2023:
        assert "ngày 15 tháng 2 nhuận âm lịch" in page(client, "?year=2023&month=4")


def test_the_grid_counts_festivals_of_a_day_and_marks_the_days_they_go_on(client, record_index, tet_2026):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1, duration_days=3)
    make_record(record_index, title="Lễ đầu năm", calendar="lunar", month=1, day=1)
    for html in (page(client, FEBRUARY_2026), page(client, FEBRUARY_2026)):
        grid = html.split('class="month-grid"', 1)[1].split("</table>", 1)[0]
        assert grid.count('href="#ngay-2026-02-17"') == 1
        assert "●2" in grid
        assert grid.count('class="day-continues"') == 2  # 18 and 19 February


def test_a_feed_keeps_each_festivals_groups_and_province(client, record_index, tet_2026):
    make_record(
        record_index, title="Lễ ăn trâu", calendar="lunar", month=3, day=10, groups=["hre", "co-tu"], province="49"
    )
    calendar = Calendar.from_ical(client.get("/lich-le-hoi/le-hoi.ics").content)
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 4
    categories = [str(value) for value in events[0]["CATEGORIES"].cats]
    assert categories == ["Cơ Tu", "Hrê"]
    assert "Quảng Nam" in str(events[0]["LOCATION"])
    assert "Dân tộc: Cơ Tu, Hrê" in str(events[0]["DESCRIPTION"])
