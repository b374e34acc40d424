"""The Vietnamese lunar calendar behind the festival calendar (`heritage.lunar`, from
vnlunar's tables), checked against dates everyone in Vietnam knows: Tết, and festivals
whose solar dates were printed on every wall calendar."""

import datetime

import pytest

from heritage.lunar import (
    LunarDate,
    LunarYearOutOfRange,
    leap_month_of,
    lunar_date_of,
    months_of_year,
)

# Tết Nguyên đán (1 tháng Giêng) in Vietnam. 1968, 1985, 2007 and 2030 differ from the
# Chinese New Year (30 Jan 1968, 20 Feb 1985, 18 Feb 2007, 3 Feb 2030): the Vietnamese
# calendar is computed for UTC+7.
TET = {
    1968: (1, 29),
    1975: (2, 11),
    1985: (1, 21),
    1990: (1, 27),
    1995: (1, 31),
    2000: (2, 5),
    2001: (1, 24),
    2002: (2, 12),
    2003: (2, 1),
    2004: (1, 22),
    2005: (2, 9),
    2006: (1, 29),
    2007: (2, 17),
    2008: (2, 7),
    2009: (1, 26),
    2010: (2, 14),
    2011: (2, 3),
    2012: (1, 23),
    2013: (2, 10),
    2014: (1, 31),
    2015: (2, 19),
    2016: (2, 8),
    2017: (1, 28),
    2018: (2, 16),
    2019: (2, 5),
    2020: (1, 25),
    2021: (2, 12),
    2022: (2, 1),
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 2),
}


@pytest.mark.parametrize(("year", "month_day"), TET.items())
def test_tet_falls_on_its_known_solar_date(year, month_day):
    assert LunarDate(1, 1).solar_date_in(year) == datetime.date(year, *month_day)


def test_the_vietnamese_calendar_is_not_the_chinese_one_in_1985_and_2007():
    assert LunarDate(1, 1).solar_date_in(1985) == datetime.date(1985, 1, 21)  # China: 20 February
    assert LunarDate(1, 1).solar_date_in(2007) == datetime.date(2007, 2, 17)  # China: 18 February


# Years with a leap month and the month repeated (Vietnamese calendar: 1985 repeats
# the second month, where China repeated the tenth of 1984).
LEAP_MONTHS = {
    1985: 2,
    2001: 4,
    2004: 2,
    2006: 7,
    2009: 5,
    2012: 4,
    2014: 9,
    2017: 6,
    2020: 4,
    2023: 2,
    2025: 6,
    2028: 5,
    2033: 11,
}


@pytest.mark.parametrize(("year", "leap"), LEAP_MONTHS.items())
def test_leap_years_repeat_the_known_month(year, leap):
    assert leap_month_of(year) == leap
    assert len(months_of_year(year)) == 13


@pytest.mark.parametrize("year", [2002, 2003, 2005, 2008, 2024, 2026, 2027])
def test_common_years_have_twelve_months(year):
    assert leap_month_of(year) is None
    assert len(months_of_year(year)) == 12


@pytest.mark.parametrize(
    ("lunar", "year", "solar"),
    [
        # Giỗ Tổ Hùng Vương, 10/3: in 2023 after the leap second month.
        (LunarDate(3, 10), 2023, datetime.date(2023, 4, 29)),
        (LunarDate(3, 10), 2024, datetime.date(2024, 4, 18)),
        (LunarDate(3, 10), 2025, datetime.date(2025, 4, 7)),
        # Tết Trung thu, 15/8.
        (LunarDate(8, 15), 2023, datetime.date(2023, 9, 29)),
        (LunarDate(8, 15), 2024, datetime.date(2024, 9, 17)),
        (LunarDate(8, 15), 2025, datetime.date(2025, 10, 6)),
        # Rằm tháng Giêng, Tết Đoan ngọ (5/5), Vu Lan (15/7, after the leap sixth month of 2025).
        (LunarDate(1, 15), 2024, datetime.date(2024, 2, 24)),
        (LunarDate(5, 5), 2024, datetime.date(2024, 6, 10)),
        (LunarDate(5, 5), 2025, datetime.date(2025, 5, 31)),
        (LunarDate(7, 15), 2025, datetime.date(2025, 9, 6)),
        # Ông Công Ông Táo, 23/12 of the lunar year 2024: in the next solar year.
        (LunarDate(12, 23), 2024, datetime.date(2025, 1, 22)),
    ],
)
def test_known_festival_dates(lunar, year, solar):
    assert lunar.solar_date_in(year) == solar


def test_a_leap_month_date_stays_in_the_leap_month_when_the_year_has_one():
    assert LunarDate(6, 15).solar_date_in(2025) == datetime.date(2025, 7, 9)
    assert LunarDate(6, 15, leap_month=True).solar_date_in(2025) == datetime.date(2025, 8, 8)


def test_a_leap_month_date_is_held_in_the_ordinary_month_of_other_years():
    assert LunarDate(6, 15, leap_month=True).solar_date_in(2024) == LunarDate(6, 15).solar_date_in(2024)


def test_day_thirty_of_a_short_month_is_its_last_day():
    first_month_2023 = months_of_year(2023)[0]
    assert first_month_2023.length == 29
    assert LunarDate(1, 30).solar_date_in(2023) == first_month_2023.last_day == datetime.date(2023, 2, 19)


def test_a_month_without_a_day_starts_on_its_first_day():
    assert LunarDate(1).solar_date_in(2026) == datetime.date(2026, 2, 17)


def test_a_solar_year_can_hold_a_late_twelfth_month_date_twice():
    dates = LunarDate(12, 23).solar_dates_between(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert dates == [datetime.date(2025, 1, 22), datetime.date(2026, 2, 10)]


def test_solar_to_lunar_and_back_agree_for_every_day_of_a_decade():
    day = datetime.date(2020, 1, 1)
    while day < datetime.date(2030, 1, 1):
        lunar_year, lunar = lunar_date_of(day)
        assert lunar.solar_date_in(lunar_year) == day
        day += datetime.timedelta(days=1)


def test_solar_to_lunar_reads_the_leap_month():
    assert lunar_date_of(datetime.date(2025, 8, 8)) == (2025, LunarDate(6, 15, leap_month=True))
    assert lunar_date_of(datetime.date(2026, 2, 16)) == (2025, LunarDate(12, 29))


def test_years_outside_the_tables_are_refused():
    with pytest.raises(LunarYearOutOfRange):
        LunarDate(1, 1).solar_date_in(2200)
    with pytest.raises(LunarYearOutOfRange):
        lunar_date_of(datetime.date(1700, 1, 1))
    assert LunarDate(1, 1).solar_dates_between(datetime.date(9000, 1, 1), datetime.date(9000, 12, 31)) == []


def test_the_existing_interface_is_kept():
    date = LunarDate(1, 15)
    assert str(date) == "15/1 ÂL"
    assert date.label_vi() == "ngày 15 tháng Giêng âm lịch"
    assert LunarDate(6, None, True).label_en() == "lunar month 6 (leap)"
