"""The record spreadsheet: one row per record, one column per fact.

This module is the format. Each `Column` knows how to read its fact from a record
(`value_of`), how to parse what a curator typed (`parse`, raising `RowProblem` with a
sentence), and how to write a value back as text (`text_of`). Export writes
`text_of(value_of(record))`; import parses and compares with `value_of` of the record
the identifier names, so a file exported and imported again is "unchanged" row by row,
and the round trip is exact by construction.

Lists (ethnic groups, subjects, area codes, audio files) are separated by ";";
sources and contributors are one per line, their parts separated by "|".
"""

import datetime
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from heritage.geography import VIETNAM_LATITUDE, VIETNAM_LONGITUDE, in_vietnam
from heritage.text import fold_diacritics

# Identifiers that are not UUIDs name the record through this namespace: the same
# identifier always gives the same page `translation_key`, whatever the database.
IDENTIFIER_NAMESPACE = uuid.UUID("6f1d9a52-3c1e-4d0b-9a57-2f8e3b1c7d40")
MAX_IDENTIFIER_LENGTH = 100
LIST_SEPARATOR = ";"
PART_SEPARATOR = "|"
LUNAR_MARKERS = ("âm lịch", "am lich", "âl", "al")


class RowProblem(ValueError):
    """Why a cell cannot be imported; the message is shown to the curator."""


def clean_text(value):
    """NFC, trimmed, without NUL characters; spreadsheets' non-breaking spaces as spaces."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value).replace("\x00", "").replace("\xa0", " ")).strip()


def folded(value):
    """A name as compared: without diacritics, case or extra spaces."""
    return " ".join(fold_diacritics(value).casefold().split())


def translation_key_for(identifier):
    """The page `translation_key` an identifier stands for (see IDENTIFIER_NAMESPACE)."""
    try:
        return uuid.UUID(identifier)
    except ValueError:
        return uuid.uuid5(IDENTIFIER_NAMESPACE, identifier)


def split_list(text):
    return [part for part in (clean_text(item) for item in text.split(LIST_SEPARATOR)) if part]


def split_lines(text):
    return [line for line in (clean_text(item) for item in text.replace("\r", "\n").split("\n")) if line]


@dataclass(frozen=True)
class Column:
    """One column of the spreadsheet.

    `field` is the model field it fills (None: handled by the importer itself), `types`
    the record types it applies to (empty: every type), `kind` how its text is read.
    """

    name: str
    description: object
    example: str = ""
    field: str | None = None
    kind: str = "text"
    types: tuple = ()
    required: bool = False
    max_length: int | None = None
    choices: tuple = ()

    def applies_to(self, record_type):
        return not self.types or record_type in self.types


COLUMNS = (
    Column(
        "identifier",
        gettext_lazy(
            "Stable key of the record: your own code (e.g. QNG-LH-001) or the UUID an export wrote. "
            "Importing the same identifier again updates that record, never a second one."
        ),
        "QNG-LH-001",
        required=True,
    ),
    Column(
        "type",
        gettext_lazy("festival, custom or product (lễ hội, phong tục, sản phẩm)."),
        "festival",
        kind="type",
        required=True,
    ),
    Column(
        "title", gettext_lazy("Title in Vietnamese."), "Lễ hội đâm trâu", field="title", required=True, max_length=255
    ),
    Column(
        "title_en", gettext_lazy("Title in English."), "Buffalo sacrifice festival", field="title_en", max_length=255
    ),
    Column(
        "summary",
        gettext_lazy("Two or three sentences in Vietnamese."),
        "Lễ hội lớn nhất của người Cor.",
        field="summary",
        required=True,
    ),
    Column("summary_en", gettext_lazy("The summary in English."), "", field="summary_en"),
    Column(
        "ethnic_groups",
        gettext_lazy("Ethnic groups by name, alternative name or autonym, separated by ';'."),
        "Hrê; Ca Dong",
        kind="groups",
        field="ethnic_groups",
        required=True,
    ),
    Column("subjects", gettext_lazy("Subjects by name, separated by ';'."), "", kind="subjects", field="subjects"),
    Column(
        "province",
        gettext_lazy("Province: official code (51) or name (Quảng Ngãi)."),
        "51",
        kind="province",
        field="province",
    ),
    Column(
        "admin_unit",
        gettext_lazy("District and commune at the time of recording."),
        "huyện Sơn Hà",
        field="admin_unit",
        max_length=255,
    ),
    Column("place_name", gettext_lazy("Name of the place."), "làng Teng", field="place_name", max_length=255),
    Column(
        "area_codes",
        gettext_lazy("Codes of map areas the record is tied to by hand, separated by ';'."),
        "",
        kind="areas",
    ),
    Column(
        "latitude",
        gettext_lazy("Latitude in decimal degrees (6 to 23.5); give both or neither."),
        "15.0442",
        kind="latitude",
        field="latitude",
    ),
    Column(
        "longitude",
        gettext_lazy("Longitude in decimal degrees (102 to 118)."),
        "108.4681",
        kind="longitude",
        field="longitude",
    ),
    Column(
        "location_access",
        gettext_lazy("Who sees the exact place: public, community or staff."),
        "public",
        kind="access",
        field="location_access",
    ),
    Column(
        "recorded_on",
        gettext_lazy("Date recorded: YYYY-MM-DD or DD/MM/YYYY."),
        "2024-03-15",
        kind="date",
        field="recorded_on",
    ),
    Column("period_label", gettext_lazy("The period in words."), "", field="period_label", max_length=120),
    Column("period_start_year", gettext_lazy("First year of the period."), "", kind="year", field="period_start_year"),
    Column("period_end_year", gettext_lazy("Last year of the period."), "", kind="year", field="period_end_year"),
    Column(
        "calendar",
        gettext_lazy("Festivals: lunar, solar or seasonal (âm lịch, dương lịch, theo mùa)."),
        "lunar",
        kind="calendar",
        field="calendar",
        types=("festival",),
    ),
    Column(
        "festival_date",
        gettext_lazy(
            "Festivals: day/month, or the month alone; 'n' after a leap month; "
            "'ÂL' for the lunar calendar (15/1 ÂL, 10/4n ÂL, 2/9)."
        ),
        "15/1 ÂL",
        kind="festival_date",
        types=("festival",),
    ),
    Column(
        "timing_note",
        gettext_lazy("Festivals: when, in words."),
        "sau mùa thu hoạch",
        field="timing_note",
        types=("festival",),
        max_length=255,
    ),
    Column(
        "duration_days",
        gettext_lazy("Festivals: how many days."),
        "3",
        kind="count",
        field="duration_days",
        types=("festival",),
    ),
    Column(
        "frequency",
        gettext_lazy("Festivals: annual, every_n_years or occasional."),
        "annual",
        kind="frequency",
        field="frequency",
        types=("festival",),
    ),
    Column(
        "frequency_years",
        gettext_lazy("Festivals: every how many years."),
        "",
        kind="count",
        field="frequency_years",
        types=("festival",),
    ),
    Column("participants", gettext_lazy("Festivals: who takes part."), "", field="participants", types=("festival",)),
    Column("main_rites", gettext_lazy("Festivals: the main rites."), "", field="main_rites", types=("festival",)),
    Column(
        "category",
        gettext_lazy("Customs: life_cycle, agriculture, belief, household, community_law, arts or food."),
        "",
        kind="category",
        field="category",
        types=("custom",),
    ),
    Column(
        "vitality",
        gettext_lazy("Customs: living, rare, revived or lapsed."),
        "",
        kind="vitality",
        field="vitality",
        types=("custom",),
    ),
    Column(
        "occasion",
        gettext_lazy("Customs: when it is practised."),
        "",
        field="occasion",
        types=("custom",),
        max_length=255,
    ),
    Column(
        "kind",
        gettext_lazy("Products: textile, craft, instrument, food, medicinal or agricultural."),
        "",
        kind="product_kind",
        field="kind",
        types=("product",),
    ),
    Column("materials", gettext_lazy("Products: materials."), "", field="materials", types=("product",)),
    Column("technique", gettext_lazy("Products: technique."), "", field="technique", types=("product",)),
    Column(
        "makers",
        gettext_lazy("Products: makers or cooperative."),
        "",
        field="makers",
        types=("product",),
        max_length=255,
    ),
    Column(
        "ocop_stars",
        gettext_lazy("Products: OCOP stars, 3 to 5."),
        "",
        kind="ocop",
        field="ocop_stars",
        types=("product",),
    ),
    Column(
        "sources",
        gettext_lazy("One source a line: citation | link | note."),
        "Điền dã tại làng Teng, 2024",
        kind="sources",
        field="sources",
    ),
    Column("provenance", gettext_lazy("How the record and its materials were gathered."), "", field="provenance"),
    Column(
        "contributors",
        gettext_lazy(
            "One contributor a line: name | role | organisation; roles: researcher, recorder, "
            "photographer, narrator, translator, editor."
        ),
        "",
        kind="contributors",
        field="contributors",
    ),
    Column(
        "licence",
        gettext_lazy("Licence code, e.g. cc-by-4.0."),
        "cc-by-4.0",
        kind="licence",
        field="licence",
        required=True,
    ),
    Column("rights_holder", gettext_lazy("Who holds the rights."), "", field="rights_holder", max_length=255),
    Column("rights_statement", gettext_lazy("Rights statement."), "", field="rights_statement"),
    Column(
        "access_level",
        gettext_lazy("Who may see the record: public, community or staff."),
        "public",
        kind="access",
        field="access_level",
    ),
    Column("main_image", gettext_lazy("File name of the main image in the uploaded folder or zip."), "", kind="image"),
    Column(
        "image_description",
        gettext_lazy("Alt text of the main image (needed with a new image)."),
        "",
        kind="image_text",
        max_length=255,
    ),
    Column(
        "image_credit",
        gettext_lazy("Credit line of the main image (needed with a new image)."),
        "",
        kind="image_text",
        max_length=255,
    ),
    Column(
        "audio",
        gettext_lazy("File names of recordings in the uploaded folder or zip, separated by ';'."),
        "",
        kind="audio",
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
BY_NAME = {column.name: column for column in COLUMNS}

TYPE_ALIASES = {
    "festival": "festival",
    "le hoi": "festival",
    "custom": "custom",
    "phong tuc": "custom",
    "phong tuc tap quan": "custom",
    "product": "product",
    "san pham": "product",
}
CALENDAR_ALIASES = {
    "lunar": "lunar",
    "am lich": "lunar",
    "solar": "solar",
    "duong lich": "solar",
    "seasonal": "seasonal",
    "theo mua": "seasonal",
}
ACCESS_ALIASES = {
    "public": "public",
    "cong khai": "public",
    "community": "community",
    "cong dong": "community",
    "staff": "staff",
    "can bo": "staff",
    "noi bo": "staff",
}


def choice(text, aliases, allowed, what):
    key = folded(text)
    value = aliases.get(key, key.replace(" ", "_"))
    if value not in allowed:
        raise RowProblem(
            _("%(what)s “%(value)s” is not one of %(allowed)s.")
            % {"what": what, "value": text, "allowed": ", ".join(allowed)}
        )
    return value


def number(text, what):
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise RowProblem(_("%(what)s “%(value)s” is not a number.") % {"what": what, "value": text}) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise RowProblem(_("%(what)s “%(value)s” is not a number.") % {"what": what, "value": text})
    return value


def whole_number(text, what, low, high):
    value = number(text, what)
    if value != int(value) or not low <= value <= high:
        raise RowProblem(
            _("%(what)s “%(value)s” is not a whole number from %(low)d to %(high)d.")
            % {"what": what, "value": text, "low": low, "high": high}
        )
    return int(value)


def parse_date(text):
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RowProblem(_("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).") % {"value": text})


FESTIVAL_DATE = re.compile(r"^(?:(\d{1,2})\s*/\s*)?(\d{1,2})\s*(n?)$")


def parse_festival_date(text):
    """'15/1 ÂL' → (15, 1, False, True); '10/4n ÂL' → leap; '2/9' → solar; '1 ÂL' → month only.

    Returns (day or None, month, leap, marked lunar)."""
    lowered = text.casefold()
    lunar = False
    for marker in LUNAR_MARKERS:
        if lowered.endswith(marker):
            lowered, lunar = lowered[: -len(marker)].strip(), True
            break
    match = FESTIVAL_DATE.match(lowered)
    if not match:
        raise RowProblem(
            _("The festival date “%(value)s” is not day/month or a month (e.g. 15/1 ÂL, 10/4n ÂL, 2/9).")
            % {"value": text}
        )
    day = int(match.group(1)) if match.group(1) else None
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise RowProblem(_("The festival date “%(value)s” has no month %(month)d.") % {"value": text, "month": month})
    return day, month, bool(match.group(3)), lunar


def check_festival_date(text, calendar, day, month, leap):
    if leap and calendar != "lunar":
        raise RowProblem(_("The festival date “%(value)s”: only lunar months can be leap months.") % {"value": text})
    if day is None:
        return
    if calendar == "lunar" and not 1 <= day <= 30:
        raise RowProblem(_("The festival date “%(value)s”: a lunar month has at most 30 days.") % {"value": text})
    if calendar != "lunar":
        try:
            datetime.date(2024, month, day)  # a leap year: 29/2 is a date
        except ValueError:
            raise RowProblem(_("The festival date “%(value)s” is not a day of the year.") % {"value": text}) from None


def format_festival_date(calendar, day, month, leap):
    if not month:
        return ""
    text = f"{day}/{month}" if day else str(month)
    if leap:
        text += "n"
    if calendar == "lunar":
        text += " ÂL"
    return text


def format_number(value):
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value) and abs(value) < 1e15:
        return repr(value)
    return str(value)


def check_coordinates(latitude, longitude):
    """Both or neither, and inside Vietnam (Hoàng Sa and Trường Sa included)."""
    if (latitude is None) != (longitude is None):
        raise RowProblem(_("Give both latitude and longitude, or neither."))
    if latitude is not None and not in_vietnam(latitude, longitude):
        raise RowProblem(
            _("The coordinates %(latitude)s, %(longitude)s are outside Vietnam (latitude %(lat)s, longitude %(lon)s).")
            % {
                "latitude": format_number(latitude),
                "longitude": format_number(longitude),
                "lat": "–".join(str(value) for value in VIETNAM_LATITUDE),
                "lon": "–".join(str(value) for value in VIETNAM_LONGITUDE),
            }
        )
