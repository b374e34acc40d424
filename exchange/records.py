"""What the metadata formats say about a record, loaded a page at a time.

`load_sheets(ids)` takes the public records among `ids` through
`RecordPage.objects.public().with_location_for(None)`, the one access rule with the
point anyone may see (a sensitive place's generalised point, never its exact one), and
reads the rest (groups, subjects, type-specific facts, images, areas) in one query each
for the whole page, so a page of 100 costs about ten queries whatever it holds.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from heritage.lunar import LunarDate

from .sets import record_type_keys

# Characters XML 1.0 cannot carry; a stray one in a field must not break a harvest.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text):
    """NFC text that XML can carry, trimmed; "" for None."""
    if text is None:
        return ""
    return _NOT_XML.sub("", unicodedata.normalize("NFC", str(text))).strip()


@dataclass
class Named:
    """A vocabulary term: ethnic group, subject, province or area."""

    code: str
    name: str
    name_en: str = ""
    level: str = ""


@dataclass
class Image:
    id: int
    title: str
    description: str
    credit: str
    creator: str
    licence_url: str
    width: int | None
    height: int | None


@dataclass
class RecordSheet:
    id: int
    record_type: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    first_published_at: object
    last_published_at: object
    place_name: str
    admin_unit: str
    latitude: float | None
    longitude: float | None
    location_exact: bool
    recorded_on: object
    period_label: str
    period_start_year: int | None
    period_end_year: int | None
    licence: Named | None
    licence_url: str
    rights_holder: str
    rights_statement: str
    provenance: str
    province: Named | None = None
    groups: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    images: list = field(default_factory=list)
    contributors: list = field(default_factory=list)  # (name, role, organisation)
    sources: list = field(default_factory=list)  # (citation, url)
    lunar_date: LunarDate | None = None
    timing_note: str = ""
    ocop_stars: int | None = None
    makers: str = ""
    materials: str = ""
    kind: str = ""
    category: str = ""


def _stream_values(stream, block_type):
    """The raw values of the blocks of one type in a StreamField (no block parsing)."""
    for block in stream.raw_data if stream else []:
        if block.get("type") == block_type and isinstance(block.get("value"), dict):
            yield block["value"]


def _image_ids(main_image_id, body):
    """The images a record shows, main image first, then body images and galleries in
    reading order, each once (as `heritage.blocks.images_shown`, on raw data)."""
    ids = [main_image_id]
    for block in body.raw_data if body else []:
        value = block.get("value")
        if block.get("type") == "image" and isinstance(value, dict):
            ids.append(value.get("image"))
        elif block.get("type") == "gallery" and isinstance(value, dict):
            for item in value.get("images") or []:
                item = item.get("value", item) if isinstance(item, dict) else {}
                ids.append(item.get("image"))
    return list(dict.fromkeys(pk for pk in ids if isinstance(pk, int)))


def load_sheets(record_ids):
    """record id → RecordSheet for the public records among `record_ids`."""
    from gis.models import AreaRecord
    from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage
    from media.manifests import rights_uri
    from media.models import HeritageImage

    records = (
        RecordPage.objects.public()
        .with_location_for(None)
        .filter(pk__in=record_ids)
        .select_related("province", "licence")
    )
    types = record_type_keys()
    sheets, image_ids = {}, {}
    for record in records:
        licence = record.licence
        sheet = RecordSheet(
            id=record.pk,
            record_type=types.get(record.content_type_id, "record"),
            title=clean(record.title),
            title_en=clean(record.title_en),
            summary=clean(record.summary),
            summary_en=clean(record.summary_en),
            first_published_at=record.first_published_at,
            last_published_at=record.last_published_at,
            place_name=clean(record.place_name),
            admin_unit=clean(record.admin_unit),
            latitude=record.shown_latitude,
            longitude=record.shown_longitude,
            location_exact=record.location_exact,
            recorded_on=record.recorded_on,
            period_label=clean(record.period_label),
            period_start_year=record.period_start_year,
            period_end_year=record.period_end_year,
            licence=Named(licence.code, clean(licence.name), clean(licence.name_en)) if licence else None,
            licence_url=(licence.url if licence else "") or "",
            rights_holder=clean(record.rights_holder),
            rights_statement=clean(record.rights_statement),
            provenance=clean(record.provenance),
        )
        if record.province_id:
            province = record.province
            sheet.province = Named(province.code, clean(province.name), clean(province.name_en), "province")
        sheet.contributors = [
            (clean(value.get("name")), clean(value.get("role")), clean(value.get("organisation")))
            for value in _stream_values(record.contributors, "contributor")
            if clean(value.get("name"))
        ]
        sheet.sources = [
            (clean(value.get("citation")), clean(value.get("url")))
            for value in _stream_values(record.sources, "source")
            if clean(value.get("citation"))
        ]
        image_ids[record.pk] = _image_ids(record.main_image_id, record.body)
        sheets[record.pk] = sheet
    ids = list(sheets)
    if not ids:
        return sheets

    through = RecordPage.ethnic_groups.through.objects.filter(recordpage_id__in=ids).order_by("pk")
    for record_id, slug, name, name_en in through.values_list(
        "recordpage_id", "ethnicgroup__slug", "ethnicgroup__name", "ethnicgroup__name_en"
    ):
        sheets[record_id].groups.append(Named(slug, clean(name), clean(name_en), "group"))
    through = RecordPage.subjects.through.objects.filter(recordpage_id__in=ids).order_by("pk")
    for record_id, slug, name, name_en in through.values_list(
        "recordpage_id", "subject__slug", "subject__name", "subject__name_en"
    ):
        sheets[record_id].subjects.append(Named(slug, clean(name), clean(name_en), "subject"))

    festivals = FestivalPage.objects.filter(pk__in=ids).values_list(
        "pk", "calendar", "month", "day", "leap_month", "timing_note"
    )
    for record_id, calendar, month, day, leap_month, timing_note in festivals:
        sheet = sheets[record_id]
        sheet.timing_note = clean(timing_note)
        if calendar == FestivalPage.Calendar.LUNAR and month:
            sheet.lunar_date = LunarDate(month, day, leap_month)
    for record_id, stars, makers, materials, kind in ProductPage.objects.filter(pk__in=ids).values_list(
        "pk", "ocop_stars", "makers", "materials", "kind"
    ):
        sheet = sheets[record_id]
        sheet.ocop_stars, sheet.makers, sheet.materials, sheet.kind = stars, clean(makers), clean(materials), kind
    for record_id, category in CustomPage.objects.filter(pk__in=ids).values_list("pk", "category"):
        sheets[record_id].category = category

    # Communes and districts only: what the site shows for a protected place too.
    links = AreaRecord.objects.filter(record_id__in=ids, area__level__in=("district", "commune")).order_by(
        "area__level", "area__code"
    )
    for record_id, level, code, name in links.values_list("record_id", "area__level", "area__code", "area__name"):
        sheets[record_id].areas.append(Named(clean(code), clean(name), "", level))

    wanted = {pk for pks in image_ids.values() for pk in pks}
    images = {}
    for image in HeritageImage.objects.filter(pk__in=wanted).select_related("licence"):
        images[image.pk] = Image(
            id=image.pk,
            title=clean(image.title),
            description=clean(image.description),
            credit=clean(image.credit),
            creator=clean(image.creator),
            licence_url=rights_uri(image.licence) or "",
            width=image.width,
            height=image.height,
        )
    for record_id, pks in image_ids.items():
        sheets[record_id].images = [images[pk] for pk in pks if pk in images]
    return sheets
