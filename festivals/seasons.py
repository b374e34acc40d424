"""The farming seasons a festival without a fixed date is held in, and the solar months
each one covers in the uplands of south-central Vietnam (Quảng Ngãi, Quảng Nam, Khánh
Hoà), where the upland rice is harvested from the ninth to the eleventh month and the
dry season runs from about December to April.

A festival page records such a festival as "by the farming season" with the time in
words (`timing_note`, e.g. "Thường vào mùa khô, sau thu hoạch"). Until the page has a
season field of its own, the calendar reads the season from those words: the phrases
below are the ones curators write, in Vietnamese or English. A note that names no
season puts the festival on no month of the calendar (it is still listed, under
"time not stated", in the year view).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from heritage.text import nfc


@dataclass(frozen=True)
class Season:
    key: str
    name: str
    months: tuple[int, ...]
    phrases: tuple[str, ...]


# Checked in this order; a phrase that matched is removed before the next season is
# checked, so "sau mùa thu hoạch" (after the harvest) is not also read as the harvest.
SEASONS = (
    Season(
        "after_harvest",
        _("After the harvest"),
        (11, 12, 1),
        (
            "sau vụ thu hoạch",
            "sau mùa thu hoạch",
            "sau thu hoạch",
            "sau vụ mùa",
            "sau mùa rẫy",
            "after the harvest",
            "after harvest",
            "post-harvest",
        ),
    ),
    Season(
        "harvest",
        _("Harvest time"),
        (9, 10, 11),
        ("thu hoạch", "lúa chín", "lúa rẫy chín", "mùa gặt", "lúa mới", "harvest"),
    ),
    Season("dry", _("Dry season"), (12, 1, 2, 3, 4), ("mùa khô", "dry season")),
    Season(
        "year_start",
        _("Start of the year"),
        (1, 2, 3),
        ("đầu năm", "ra giêng", "mùa xuân", "start of the year", "beginning of the year", "spring"),
    ),
    Season(
        "sowing",
        _("Sowing time"),
        (4, 5, 6),
        ("trỉa lúa", "tỉa lúa", "gieo trồng", "gieo hạt", "phát rẫy", "sowing", "planting"),
    ),
    Season("rainy", _("Rainy season"), (9, 10, 11, 12), ("mùa mưa", "rainy season")),
)
SEASONS_BY_KEY = {season.key: season for season in SEASONS}


def seasons_in(text):
    """The seasons a festival's time in words names, in the order of `SEASONS`."""
    remaining = nfc(text or "").casefold()
    found = []
    for season in SEASONS:
        for phrase in season.phrases:
            if phrase in remaining:
                remaining = remaining.replace(phrase, " ")
                if season not in found:
                    found.append(season)
    return tuple(found)


def month_runs(months):
    """Runs of consecutive solar months, wrapping from December to January:
    {11, 12, 1, 2} → [(11, 2)], {1, 2, 9, 10} → [(1, 2), (9, 10)]."""
    chosen = set(months)
    if not chosen:
        return []
    if len(chosen) == 12:
        return [(1, 12)]
    runs = []
    for month in range(1, 13):
        previous = 12 if month == 1 else month - 1
        if month in chosen and previous not in chosen:
            last = month
            while (last % 12) + 1 in chosen:
                last = (last % 12) + 1
            runs.append((month, last))
    return runs
