"""Lunar calendar dates for festivals held by the Vietnamese lunisolar calendar."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MONTH_NAMES_VI = {1: "tháng Giêng", 12: "tháng Chạp"}


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
