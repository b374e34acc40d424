"""The open datasets: what each holds, its columns (the data dictionary) and its rows.

Four datasets: records, ethnic groups, areas and dictionary entries. Each names its
columns once, with a type and a description in Vietnamese and English; the page, `datapackage.json`, the
DCAT catalogue and every file are made from that one list, so a column is documented
exactly as it is written. Column names are stable: a new column may be added at the end
of a group, none is renamed or removed without a new file name.

Rows are read in chunks, in primary-key order from a cursor (keyset), with a fixed
number of queries per chunk (the chunk's rows, then its many-to-many values, one query
each), so a download of 100 000 records holds one chunk in memory and asks the database
the same few questions per thousand records however large the table grows.

Records are read only through `RecordPage.objects.public().with_location_for(None)`:
whoever downloads, only public records, and a protected place (a sacred forest, a
burial ground) at its generalised point, never the exact one. Dictionary entries are
read only through `Entry.objects.public()`: published and public.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

RECORD_CHUNK = 1000
AREA_CHUNK = 200
AREA_GEOMETRY_CHUNK = 25
SEPARATOR = "|"
TYPE_LABELS = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("number"),
    "boolean": _("true or false"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time (UTC)"),
}


@dataclass(frozen=True)
class Bilingual:
    """A text in Vietnamese and English; shown in the active language."""

    vi: str
    en: str

    def __str__(self):
        return self.en if get_language() == "en" else self.vi


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its stable name, its Table Schema type and what it means."""

    name: str
    type: str  # Table Schema: string, integer, number, boolean, date, datetime
    description: Bilingual
    format: str = ""  # "uri" for addresses
    multiple: bool = False  # several values: separated by "|" in CSV, a list in JSON
    required: bool = False
    choices: tuple = ()  # (code, lazy English label) pairs, for coded columns

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]

    @property
    def codes(self):
        return [code for code, _label in self.choices]

    def choice_labels(self):
        """(code, label in the active language) pairs."""
        return [(code, str(label)) for code, label in self.choices]

    def table_schema(self):
        """The column as a Table Schema field (frictionless), described in Vietnamese
        with the English beside it."""
        described = {
            "name": self.name,
            "type": self.type,
            "description": self.description.vi
            + (f' Các giá trị cách nhau bởi "{SEPARATOR}".' if self.multiple else ""),
            "description_en": self.description.en + (f' Values separated by "{SEPARATOR}".' if self.multiple else ""),
        }
        if self.format:
            described["format"] = self.format
        if self.type == "boolean":
            described.update(trueValues=["true"], falseValues=["false"])
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.choices and not self.multiple:
            constraints["enum"] = self.codes
        if constraints:
            described["constraints"] = constraints
        if self.choices:
            with override("vi"):
                described["categories"] = [{"value": code, "label": str(label)} for code, label in self.choices]
        return described


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of a dataset."""

    filename: str
    format: str  # csv, json, geojson
    geometry: str = ""  # GeoJSON: "point" (records), "geometry" or "simplified" (area boundaries)
    note: Bilingual | None = None

    @property
    def media_type(self):
        return MEDIA_TYPES[self.format]


MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "geojson": "application/geo+json",
}


@dataclass
class Dataset:
    key: str
    title: Bilingual
    description: Bilingual
    keywords: tuple
    columns: list
    distributions: list
    primary_key: tuple
    rows: object = field(repr=False)  # rows(geometry="") → iterator of chunks (lists of row dicts)
    count: object = field(repr=False)  # count() → number of rows
    with_place: object = field(repr=False, default=None)  # number of rows a GeoJSON file holds

    def distribution(self, filename):
        return next((item for item in self.distributions if item.filename == filename), None)


def text(value):
    """NFC text for a file; "" for None."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value))


def utc_seconds(moment):
    """ISO 8601 in UTC to the second, with a Z: what Table Schema's datetime reads."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_url(path):
    """An absolute address on the public site (SITE_BASE_URL), whoever asks and however:
    files do not depend on the host name a request used."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def record_address_maker():
    """A function id → the record's stable address, `site_url(reverse("record_permalink"))`
    without reversing for each of a hundred thousand rows."""
    example = 987654321
    prefix, suffix = site_url(reverse("record_permalink", args=[example])).split(str(example))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _grouped(pairs):
    """(key, value) pairs → key → list of values, in order."""
    grouped = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


# ---------------------------------------------------------------------------- records


def _record_columns():
    from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage

    record_types = [(key, model._meta.verbose_name) for key, model in RecordPage.record_types().items()]
    B = Bilingual
    return [
        Column(
            "id",
            "integer",
            B("Số hiệu bền vững của hồ sơ.", "The record's permanent number."),
            required=True,
        ),
        Column(
            "url",
            "string",
            B("Địa chỉ ổn định của hồ sơ (/r/<id>/), dùng để trích dẫn.", "The record's stable address (/r/<id>/)."),
            format="uri",
            required=True,
        ),
        Column(
            "record_type",
            "string",
            B("Loại hồ sơ: lễ hội, phong tục hay sản phẩm.", "Kind of record: festival, custom or product."),
            required=True,
            choices=tuple(record_types),
        ),
        Column("title", "string", B("Tên hồ sơ (tiếng Việt).", "Title in Vietnamese."), required=True),
        Column("title_en", "string", B("Tên hồ sơ bằng tiếng Anh.", "Title in English.")),
        Column("summary", "string", B("Tóm tắt (tiếng Việt).", "Summary in Vietnamese.")),
        Column("summary_en", "string", B("Tóm tắt bằng tiếng Anh.", "Summary in English.")),
        Column(
            "ethnic_groups",
            "string",
            B("Mã các dân tộc (xem bộ dữ liệu Dân tộc, cột slug).", "Ethnic groups, by code (the groups' slug)."),
            multiple=True,
        ),
        Column(
            "ethnic_group_names",
            "string",
            B("Tên các dân tộc, cùng thứ tự với ethnic_groups.", "Names of the ethnic groups, in the same order."),
            multiple=True,
        ),
        Column("subjects", "string", B("Mã các chủ đề.", "Subject headings, by code."), multiple=True),
        Column(
            "province_code",
            "string",
            B("Mã tỉnh theo danh mục hành chính (trước tháng 7/2025).", "Official province code (before July 2025)."),
        ),
        Column("province_name", "string", B("Tên tỉnh.", "Province name.")),
        Column(
            "areas",
            "string",
            B(
                "Huyện và xã chứa địa điểm, dạng cấp/mã (xem bộ dữ liệu Địa bàn).",
                "District and commune holding the place, as level/code (see the Areas dataset).",
            ),
            multiple=True,
        ),
        Column("place_name", "string", B("Tên địa điểm.", "Place name.")),
        Column("admin_unit", "string", B("Đơn vị hành chính khi ghi nhận.", "Administrative unit when recorded.")),
        Column(
            "latitude",
            "number",
            B(
                "Vĩ độ (WGS 84). Với nơi cần bảo vệ (rừng thiêng, nghĩa địa) là điểm đại diện của xã, huyện "
                "hoặc ô lưới thô, không bao giờ là vị trí chính xác.",
                "Latitude (WGS 84). For a protected place (sacred forest, burial ground) the representative "
                "point of its commune, district or a coarse cell, never the exact place.",
            ),
        ),
        Column("longitude", "number", B("Kinh độ (WGS 84), như vĩ độ.", "Longitude (WGS 84), as latitude.")),
        Column(
            "location_exact",
            "boolean",
            B(
                "true: vị trí chính xác; false: điểm đã khái quát hoá.",
                "true: the exact place; false: a generalised point.",
            ),
        ),
        Column("recorded_on", "date", B("Ngày ghi nhận.", "Date recorded.")),
        Column("period_label", "string", B("Thời kỳ, bằng lời.", "Period, in words.")),
        Column("period_start_year", "integer", B("Năm bắt đầu thời kỳ.", "First year of the period.")),
        Column("period_end_year", "integer", B("Năm kết thúc thời kỳ.", "Last year of the period.")),
        Column(
            "calendar",
            "string",
            B("Lễ hội: theo lịch âm, lịch dương hay mùa vụ.", "Festivals: lunar, solar calendar or farming season."),
            choices=tuple(FestivalPage.Calendar.choices),
        ),
        Column("month", "integer", B("Lễ hội: tháng (theo lịch ở cột calendar).", "Festivals: month, in `calendar`.")),
        Column("day", "integer", B("Lễ hội: ngày trong tháng.", "Festivals: day of the month.")),
        Column("leap_month", "boolean", B("Lễ hội: tháng nhuận (âm lịch).", "Festivals: a lunar leap month.")),
        Column("timing_note", "string", B("Lễ hội: thời gian, bằng lời.", "Festivals: when, in words.")),
        Column(
            "frequency",
            "string",
            B("Lễ hội: bao lâu tổ chức một lần.", "Festivals: how often."),
            choices=tuple(FestivalPage.Frequency.choices),
        ),
        Column(
            "custom_category",
            "string",
            B("Phong tục: nhóm.", "Customs: category."),
            choices=tuple(CustomPage.Category.choices),
        ),
        Column(
            "vitality",
            "string",
            B("Phong tục: mức độ còn thực hành.", "Customs: vitality."),
            choices=tuple(CustomPage.Vitality.choices),
        ),
        Column(
            "product_kind",
            "string",
            B("Sản phẩm: loại.", "Products: kind."),
            choices=tuple(ProductPage.Kind.choices),
        ),
        Column("ocop_stars", "integer", B("Sản phẩm: số sao OCOP (3–5).", "Products: OCOP stars (3–5).")),
        Column("makers", "string", B("Sản phẩm: người làm hoặc hợp tác xã.", "Products: makers or cooperative.")),
        Column("materials", "string", B("Sản phẩm: nguyên liệu.", "Products: materials.")),
        Column(
            "licence",
            "string",
            B(
                "Mã giấy phép của nội dung hồ sơ (văn bản, ảnh, âm thanh); có thể khác giấy phép của bộ dữ liệu.",
                "Code of the licence of the record's content (text, images, recordings); may differ from the "
                "dataset's licence.",
            ),
        ),
        Column("licence_url", "string", B("Địa chỉ văn bản giấy phép.", "Address of the licence."), format="uri"),
        Column("rights_holder", "string", B("Chủ sở hữu quyền.", "Rights holder.")),
        Column(
            "first_published",
            "datetime",
            B("Lần công bố đầu tiên (UTC, ISO 8601).", "First published (UTC, ISO 8601)."),
        ),
        Column(
            "last_published",
            "datetime",
            B("Lần công bố gần nhất (UTC, ISO 8601).", "Last published (UTC, ISO 8601)."),
        ),
    ]


_RECORD_FIELDS = (
    "pk",
    "content_type_id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "province__code",
    "province__name",
    "place_name",
    "admin_unit",
    "shown_latitude",
    "shown_longitude",
    "location_exact",
    "recorded_on",
    "period_label",
    "period_start_year",
    "period_end_year",
    "festivalpage__calendar",
    "festivalpage__month",
    "festivalpage__day",
    "festivalpage__leap_month",
    "festivalpage__timing_note",
    "festivalpage__frequency",
    "custompage__category",
    "custompage__vitality",
    "productpage__kind",
    "productpage__ocop_stars",
    "productpage__makers",
    "productpage__materials",
    "licence__code",
    "licence__url",
    "rights_holder",
    "first_published_at",
    "last_published_at",
)


def public_records():
    """The records anyone may see, each with the point anyone may see."""
    from heritage.models import RecordPage

    return RecordPage.objects.public().with_location_for(None)


def _record_type_keys():
    from django.contrib.contenttypes.models import ContentType

    from heritage.models import RecordPage

    return {ContentType.objects.get_for_model(model).pk: key for key, model in RecordPage.record_types().items()}


def record_rows(geometry="", chunk_size=None):
    """Chunks of record rows (dicts keyed by column name), in id order; with `geometry`
    only the records that have a place."""

    chunk_size = chunk_size or RECORD_CHUNK
    types = _record_type_keys()
    address = record_address_maker()
    records = public_records().order_by("pk")
    if geometry:
        records = records.filter(shown_latitude__isnull=False, shown_longitude__isnull=False)
    after = 0
    while True:
        chunk = list(records.filter(pk__gt=after).values(*_RECORD_FIELDS)[:chunk_size])
        if not chunk:
            return
        first, last = chunk[0]["pk"], chunk[-1]["pk"]
        # The chunk's id range, not its list of ids: one cheap index range per table
        # (an IN list of a thousand ids costs more to build than to run). Rows of
        # records outside the chunk (not public) are read and dropped, never written.
        groups, subjects, areas = _record_relations({"gte": first, "lte": last})
        yield [_record_row(row, types, address, groups, subjects, areas) for row in chunk]
        after = last
        if len(chunk) < chunk_size:
            return


def _record_relations(lookups):
    """(ethnic groups, subjects, areas) of the records whose id passes `lookups` (Django
    lookups on the id: {"gte": …, "lte": …} or {"in": […]}), each as record id → values."""
    from gis.models import AreaRecord
    from heritage.models import RecordPage

    def on(field):
        return {f"{field}__{name}": value for name, value in lookups.items()}

    groups = _grouped(
        (record_id, (slug, name))
        for record_id, slug, name in RecordPage.ethnic_groups.through.objects.filter(**on("recordpage_id"))
        .order_by("pk")
        .values_list("recordpage_id", "ethnicgroup__slug", "ethnicgroup__name")
    )
    subjects = _grouped(
        RecordPage.subjects.through.objects.filter(**on("recordpage_id"))
        .order_by("pk")
        .values_list("recordpage_id", "subject__slug")
    )
    # Districts and communes only, as every other surface shows for a protected place.
    areas = _grouped(
        (record_id, f"{level}/{code}")
        for record_id, level, code in AreaRecord.objects.filter(
            **on("record_id"), area__level__in=("district", "commune")
        )
        .order_by("area__level", "area__code")
        .values_list("record_id", "area__level", "area__code")
    )
    return groups, subjects, areas


def record_rows_in_order(records, ids, chunk_size=None):
    """Chunks of rows, in the columns of the records dataset, of the records among `ids`
    (a ranked list: a search result, a researcher's list) that `records` holds, in that
    order. `records` must be annotated by `with_location_for(user)`: it decides whose
    access and which point each row carries (exports for a signed-in researcher)."""
    chunk_size = chunk_size or RECORD_CHUNK
    types = _record_type_keys()
    address = record_address_maker()
    for index in range(0, len(ids), chunk_size):
        chunk_ids = ids[index : index + chunk_size]
        by_id = {row["pk"]: row for row in records.filter(pk__in=chunk_ids).values(*_RECORD_FIELDS)}
        groups, subjects, areas = _record_relations({"in": list(by_id)})
        rows = [_record_row(by_id[pk], types, address, groups, subjects, areas) for pk in chunk_ids if pk in by_id]
        if rows:
            yield rows


def _record_row(row, types, address, groups, subjects, areas):
    pk = row["pk"]
    has_place = row["shown_latitude"] is not None and row["shown_longitude"] is not None
    named_groups = groups.get(pk, [])
    return {
        "id": pk,
        "url": address(pk),
        "record_type": types.get(row["content_type_id"], ""),
        "title": text(row["title"]),
        "title_en": text(row["title_en"]),
        "summary": text(row["summary"]),
        "summary_en": text(row["summary_en"]),
        "ethnic_groups": [slug for slug, _name in named_groups],
        "ethnic_group_names": [text(name) for _slug, name in named_groups],
        "subjects": subjects.get(pk, []),
        "province_code": row["province__code"],
        "province_name": text(row["province__name"]) or None,
        "areas": [text(value) for value in areas.get(pk, [])],
        "place_name": text(row["place_name"]),
        "admin_unit": text(row["admin_unit"]),
        "latitude": row["shown_latitude"] if has_place else None,
        "longitude": row["shown_longitude"] if has_place else None,
        "location_exact": bool(row["location_exact"]) if has_place else None,
        "recorded_on": row["recorded_on"],
        "period_label": text(row["period_label"]),
        "period_start_year": row["period_start_year"],
        "period_end_year": row["period_end_year"],
        "calendar": row["festivalpage__calendar"],
        "month": row["festivalpage__month"],
        "day": row["festivalpage__day"],
        "leap_month": row["festivalpage__leap_month"],
        "timing_note": text(row["festivalpage__timing_note"]),
        "frequency": row["festivalpage__frequency"],
        "custom_category": row["custompage__category"],
        "vitality": row["custompage__vitality"],
        "product_kind": row["productpage__kind"],
        "ocop_stars": row["productpage__ocop_stars"],
        "makers": text(row["productpage__makers"]),
        "materials": text(row["productpage__materials"]),
        "licence": row["licence__code"],
        "licence_url": row["licence__url"] or None,
        "rights_holder": text(row["rights_holder"]),
        "first_published": row["first_published_at"],
        "last_published": row["last_published_at"],
    }


def _count_records():
    return public_records().count()


def _count_placed_records():
    return public_records().filter(shown_latitude__isnull=False, shown_longitude__isnull=False).count()


# ----------------------------------------------------------------------- ethnic groups


def _ethnic_group_columns():
    from heritage.models import LanguageFamily

    B = Bilingual
    return [
        Column("slug", "string", B("Mã ổn định của dân tộc.", "The group's stable code."), required=True),
        Column("name", "string", B("Tên chính thức (tiếng Việt).", "Official name in Vietnamese."), required=True),
        Column("name_en", "string", B("Tên bằng tiếng Anh.", "Name in English.")),
        Column("autonyms", "string", B("Tự danh (tên tự gọi).", "Autonyms (self-names)."), multiple=True),
        Column(
            "alternative_names",
            "string",
            B("Tên gọi khác, cách viết khác.", "Alternative names and spellings."),
            multiple=True,
        ),
        Column("local_groups", "string", B("Nhóm địa phương.", "Local groups."), multiple=True),
        Column("is_minority", "boolean", B("Là dân tộc thiểu số.", "An ethnic minority."), required=True),
        Column(
            "language_family",
            "string",
            B("Ngữ hệ.", "Language family."),
            choices=tuple(LanguageFamily.choices),
        ),
        Column("language_branch", "string", B("Nhóm ngôn ngữ.", "Language branch.")),
        Column("population_2019", "integer", B("Dân số (Tổng điều tra 2019).", "Population (2019 census).")),
        Column(
            "main_provinces",
            "string",
            B("Mã các tỉnh cư trú chính.", "Official codes of the main provinces."),
            multiple=True,
        ),
        Column("description", "string", B("Giới thiệu (tiếng Việt).", "Description in Vietnamese.")),
        Column("description_en", "string", B("Giới thiệu bằng tiếng Anh.", "Description in English.")),
        Column(
            "url", "string", B("Trang của dân tộc trên thư viện.", "The group's page in the library."), format="uri"
        ),
        Column(
            "public_records",
            "integer",
            B("Số hồ sơ công khai về dân tộc này.", "Number of public records about the group."),
            required=True,
        ),
    ]


def ethnic_group_rows(geometry="", chunk_size=None):
    """The 54 groups, in one chunk."""
    from django.db.models import Count

    from heritage.models import EthnicGroup, EthnicGroupName, RecordPage

    groups = list(
        EthnicGroup.objects.order_by("name", "pk").values(
            "pk",
            "slug",
            "name",
            "name_en",
            "is_minority",
            "language_family",
            "language_branch",
            "population_2019",
            "description",
            "description_en",
        )
    )
    names = _grouped(
        ((group_id, kind), name)
        for group_id, kind, name in EthnicGroupName.objects.order_by("sort_order", "pk").values_list(
            "group_id", "kind", "name"
        )
    )
    provinces = _grouped(
        EthnicGroup.main_provinces.through.objects.order_by("province__code").values_list(
            "ethnicgroup_id", "province__code"
        )
    )
    counts = dict(
        RecordPage.ethnic_groups.through.objects.filter(recordpage__in=public_records().values("pk"))
        .order_by()
        .values_list("ethnicgroup_id")
        .annotate(n=Count("recordpage_id"))
    )
    Kind = EthnicGroupName.Kind
    rows = []
    for group in groups:
        pk = group["pk"]
        rows.append(
            {
                "slug": group["slug"],
                "name": text(group["name"]),
                "name_en": text(group["name_en"]),
                "autonyms": [text(name) for name in names.get((pk, Kind.AUTONYM), [])],
                "alternative_names": [text(name) for name in names.get((pk, Kind.ALTERNATIVE), [])],
                "local_groups": [text(name) for name in names.get((pk, Kind.LOCAL_GROUP), [])],
                "is_minority": group["is_minority"],
                "language_family": group["language_family"] or None,
                "language_branch": text(group["language_branch"]),
                "population_2019": group["population_2019"],
                "main_provinces": provinces.get(pk, []),
                "description": text(group["description"]),
                "description_en": text(group["description_en"]),
                "url": site_url(reverse("ethnic_group_detail", args=[group["slug"]])),
                "public_records": counts.get(pk, 0),
            }
        )
    if rows:
        yield rows


def _count_ethnic_groups():
    from heritage.models import EthnicGroup

    return EthnicGroup.objects.count()


# ------------------------------------------------------------------------------- areas


def _area_columns():
    from gis.models import Area

    B = Bilingual
    return [
        Column(
            "level",
            "string",
            B("Cấp: tỉnh, huyện, xã hay vùng.", "Level: province, district, commune or region."),
            required=True,
            choices=tuple(Area.Level.choices),
        ),
        Column(
            "code",
            "string",
            B("Mã chính thức (duy nhất trong một cấp).", "Official code (unique within its level)."),
            required=True,
        ),
        Column("name", "string", B("Tên địa bàn.", "Name."), required=True),
        Column("parent", "string", B("Đơn vị cấp trên, dạng cấp/mã.", "Parent unit, as level/code.")),
        Column("valid_from", "date", B("Có hiệu lực từ ngày.", "Valid from.")),
        Column(
            "valid_to",
            "date",
            B("Hết hiệu lực từ ngày (đơn vị đã sáp nhập, giải thể).", "Valid until (a merged or abolished unit)."),
        ),
        Column(
            "successors",
            "string",
            B("Đơn vị kế thừa (cải cách 7/2025), dạng cấp/mã.", "Successor units (July 2025 reform), as level/code."),
            multiple=True,
        ),
        Column(
            "ethnic_groups",
            "string",
            B("Mã các dân tộc sinh sống (xem bộ dữ liệu Dân tộc).", "Ethnic groups living there, by code."),
            multiple=True,
        ),
        Column("min_longitude", "number", B("Khung bao: kinh độ tây.", "Bounding box: west longitude.")),
        Column("min_latitude", "number", B("Khung bao: vĩ độ nam.", "Bounding box: south latitude.")),
        Column("max_longitude", "number", B("Khung bao: kinh độ đông.", "Bounding box: east longitude.")),
        Column("max_latitude", "number", B("Khung bao: vĩ độ bắc.", "Bounding box: north latitude.")),
        Column("url", "string", B("Trang địa bàn trên thư viện.", "The area's page in the library."), format="uri"),
        Column(
            "public_records",
            "integer",
            B("Số hồ sơ công khai gắn với địa bàn.", "Number of public records tied to the area."),
            required=True,
        ),
        Column("source", "string", B("Tệp ranh giới gốc.", "The boundary file it came from.")),
        Column("modified", "datetime", B("Lần sửa gần nhất (UTC).", "Last changed (UTC).")),
    ]


def area_rows(geometry="", chunk_size=None):
    """Chunks of area rows in id order; `geometry` ("geometry" or "simplified") adds the
    boundary under the key "geometry"."""
    from django.db.models import Count

    from gis.models import Area, AreaRecord

    chunk_size = chunk_size or (AREA_GEOMETRY_CHUNK if geometry == "geometry" else AREA_CHUNK)
    fields = [
        "pk",
        "level",
        "code",
        "name",
        "parent__level",
        "parent__code",
        "valid_from",
        "valid_to",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "source",
        "updated_at",
    ]
    if geometry:
        fields.append(geometry)
    areas = Area.objects.order_by("pk")
    after = 0
    while True:
        chunk = list(areas.filter(pk__gt=after).values(*fields)[:chunk_size])
        if not chunk:
            return
        ids = [row["pk"] for row in chunk]
        successors = _grouped(
            (area_id, f"{level}/{code}")
            for area_id, level, code in Area.successors.through.objects.filter(from_area_id__in=ids)
            .order_by("to_area__level", "to_area__code")
            .values_list("from_area_id", "to_area__level", "to_area__code")
        )
        groups = _grouped(
            Area.ethnic_groups.through.objects.filter(area_id__in=ids)
            .order_by("ethnicgroup__name")
            .values_list("area_id", "ethnicgroup__slug")
        )
        counts = dict(
            AreaRecord.objects.filter(area_id__in=ids, record_id__in=public_records().values("pk"))
            .order_by()
            .values_list("area_id")
            .annotate(n=Count("record_id"))
        )
        rows = []
        for area in chunk:
            pk = area["pk"]
            row = {
                "level": area["level"],
                "code": text(area["code"]),
                "name": text(area["name"]),
                "parent": f"{area['parent__level']}/{text(area['parent__code'])}" if area["parent__code"] else None,
                "valid_from": area["valid_from"],
                "valid_to": area["valid_to"],
                "successors": [text(value) for value in successors.get(pk, [])],
                "ethnic_groups": groups.get(pk, []),
                "min_longitude": area["min_lon"],
                "min_latitude": area["min_lat"],
                "max_longitude": area["max_lon"],
                "max_latitude": area["max_lat"],
                "url": site_url(reverse("area", args=[area["level"], area["code"]])),
                "public_records": counts.get(pk, 0),
                "source": text(area["source"]),
                "modified": area["updated_at"],
            }
            if geometry:
                row["geometry"] = area[geometry]
            rows.append(row)
        yield rows
        after = ids[-1]
        if len(chunk) < chunk_size:
            return


def _count_areas():
    from gis.models import Area

    return Area.objects.count()


# -------------------------------------------------------------------- dictionary entries


def public_entries():
    """The dictionary entries anyone may see: published and public (`heritage.access`)."""
    from dictionary.models import Entry

    return Entry.objects.public()


def _dictionary_columns():
    from dictionary.models import PartOfSpeech, SourceKind

    B = Bilingual
    return [
        Column(
            "id",
            "string",
            B("Mã bền vững của mục từ (UUID).", "The entry's permanent identifier (a UUID)."),
            format="uuid",
            required=True,
        ),
        Column(
            "language",
            "string",
            B("Mã ISO 639-3 của ngôn ngữ: hre (Hrê), cua (Co).", "ISO 639-3 code of the language: hre, cua."),
            required=True,
        ),
        Column("language_name", "string", B("Tên ngôn ngữ.", "Name of the language."), required=True),
        Column(
            "headword",
            "string",
            B("Từ, viết bằng chữ của ngôn ngữ.", "The word, in the language's spelling."),
            required=True,
        ),
        Column(
            "homograph",
            "integer",
            B(
                "Số thứ tự từ đồng hình (1 nếu không có từ nào viết giống).",
                "Homograph number (1 unless spelt like another).",
            ),
            required=True,
        ),
        Column(
            "part_of_speech",
            "string",
            B("Từ loại.", "Part of speech."),
            choices=tuple(PartOfSpeech.choices),
        ),
        Column(
            "pronunciation", "string", B("Cách phát âm (IPA hoặc phiên âm).", "Pronunciation (IPA or a respelling).")
        ),
        Column("dialect", "string", B("Phương ngữ.", "Dialect or local variety.")),
        Column(
            "gloss_vi",
            "string",
            B("Nghĩa tiếng Việt, mỗi nghĩa một giá trị.", "Vietnamese gloss of each sense, in order."),
            multiple=True,
        ),
        Column(
            "gloss_en",
            "string",
            B(
                "Nghĩa tiếng Anh, cùng thứ tự với gloss_vi (rỗng nếu nghĩa đó chưa có).",
                "English gloss of each sense, in the order of gloss_vi (empty where a sense has none).",
            ),
            multiple=True,
        ),
        Column("variants", "string", B("Cách viết khác.", "Variant spellings."), multiple=True),
        Column(
            "source_kind",
            "string",
            B("Loại nguồn (sample: mục mẫu, không phải dữ liệu thật).", "Kind of source (sample: not real data)."),
            required=True,
            choices=tuple(SourceKind.choices),
        ),
        Column("source", "string", B("Nguồn của từ.", "Where the word is from."), required=True),
        Column("source_url", "string", B("Địa chỉ của nguồn.", "Address of the source."), format="uri"),
        Column(
            "url",
            "string",
            B("Địa chỉ ổn định của mục từ trên thư viện.", "The entry's stable address in the library."),
            format="uri",
            required=True,
        ),
        Column(
            "first_published",
            "datetime",
            B("Lần công bố đầu tiên (UTC, ISO 8601).", "First published (UTC, ISO 8601)."),
        ),
        Column(
            "last_modified",
            "datetime",
            B("Lần công bố gần nhất (UTC, ISO 8601).", "Last published (UTC, ISO 8601)."),
        ),
    ]


def entry_address_maker():
    """A function (language code, id) → the entry's stable address, without reversing for
    each of fifty thousand rows."""
    example = 987654321
    prefix, suffix = site_url(reverse("dictionary:entry", args=["LANGUAGE", example])).split(str(example))
    return lambda code, pk: f"{prefix.replace('LANGUAGE', code)}{pk}{suffix}"


def dictionary_rows(geometry="", chunk_size=None):
    """Chunks of entry rows, in id order (keyset), with their senses and variants read by
    the chunk's id range: the same few queries per thousand entries, one chunk held."""
    from dictionary.models import Sense, Variant

    chunk_size = chunk_size or RECORD_CHUNK
    address = entry_address_maker()
    fields = (
        "pk",
        "guid",
        "language__code",
        "language__name",
        "headword",
        "homograph",
        "part_of_speech",
        "pronunciation",
        "dialect",
        "source_kind",
        "source",
        "source_url",
        "first_published_at",
        "last_published_at",
    )
    entries = public_entries().order_by("pk")
    after = 0
    while True:
        chunk = list(entries.filter(pk__gt=after).values(*fields)[:chunk_size])
        if not chunk:
            return
        # Child rows of entries in the range that are not public are read and dropped.
        span = {"entry_id__gte": chunk[0]["pk"], "entry_id__lte": chunk[-1]["pk"]}
        senses = _grouped(
            (entry_id, (vi, en))
            for entry_id, vi, en in Sense.objects.filter(**span)
            .order_by("entry_id", "sort_order", "pk")
            .values_list("entry_id", "gloss_vi", "gloss_en")
        )
        variants = _grouped(
            Variant.objects.filter(**span).order_by("entry_id", "sort_order", "pk").values_list("entry_id", "form")
        )
        rows = []
        for entry in chunk:
            pk = entry["pk"]
            glosses = senses.get(pk, [])
            rows.append(
                {
                    "id": str(entry["guid"]),
                    "language": entry["language__code"],
                    "language_name": text(entry["language__name"]),
                    "headword": text(entry["headword"]),
                    "homograph": entry["homograph"],
                    "part_of_speech": entry["part_of_speech"] or None,
                    "pronunciation": text(entry["pronunciation"]),
                    "dialect": text(entry["dialect"]),
                    "gloss_vi": [text(vi) for vi, _en in glosses],
                    "gloss_en": [text(en) for _vi, en in glosses],
                    "variants": [text(form) for form in variants.get(pk, [])],
                    "source_kind": entry["source_kind"],
                    "source": text(entry["source"]),
                    "source_url": entry["source_url"] or None,
                    "url": address(entry["language__code"], pk),
                    "first_published": entry["first_published_at"],
                    "last_modified": entry["last_published_at"],
                }
            )
        yield rows
        after = chunk[-1]["pk"]
        if len(chunk) < chunk_size:
            return


def _count_entries():
    return public_entries().count()


# ---------------------------------------------------------------------------- registry


def _datasets():
    B = Bilingual
    return [
        Dataset(
            key="records",
            title=B("Hồ sơ di sản", "Heritage records"),
            description=B(
                "Các hồ sơ công khai về lễ hội, phong tục tập quán và sản phẩm tiêu biểu của đồng bào dân tộc "
                "thiểu số: tên, tóm tắt (tiếng Việt và tiếng Anh), dân tộc, chủ đề, địa điểm, thời gian, "
                "giấy phép. Chỉ hồ sơ công khai; nơi cần bảo vệ chỉ có điểm đã khái quát hoá.",
                "The public records of the festivals, customs and traditional products of Vietnam's ethnic "
                "minorities: titles and summaries in Vietnamese and English, ethnic groups, subjects, place, "
                "time, licence. Public records only; protected places are given at a generalised point.",
            ),
            keywords=("di sản văn hoá", "lễ hội", "phong tục tập quán", "sản phẩm OCOP", "dân tộc thiểu số"),
            columns=_record_columns(),
            distributions=[
                Distribution("records.csv", "csv"),
                Distribution("records.json", "json"),
                Distribution(
                    "records.geojson",
                    "geojson",
                    geometry="point",
                    note=B("chỉ hồ sơ có địa điểm", "records with a place only"),
                ),
            ],
            primary_key=("id",),
            rows=record_rows,
            count=_count_records,
            with_place=_count_placed_records,
        ),
        Dataset(
            key="ethnic-groups",
            title=B("Các dân tộc Việt Nam", "Ethnic groups of Vietnam"),
            description=B(
                "54 dân tộc được công nhận: tên chính thức, tự danh, tên gọi khác, nhóm địa phương, ngữ hệ, "
                "dân số theo Tổng điều tra 2019, tỉnh cư trú chính và số hồ sơ công khai.",
                "The 54 recognised ethnic groups: official names, autonyms, alternative names, local groups, "
                "language family, 2019 census population, main provinces and number of public records.",
            ),
            keywords=("dân tộc", "ethnic groups", "ngữ hệ", "dân số"),
            columns=_ethnic_group_columns(),
            distributions=[Distribution("ethnic-groups.csv", "csv"), Distribution("ethnic-groups.json", "json")],
            primary_key=("slug",),
            rows=ethnic_group_rows,
            count=_count_ethnic_groups,
        ),
        Dataset(
            key="areas",
            title=B("Địa bàn và ranh giới", "Areas and boundaries"),
            description=B(
                "Tỉnh, huyện, xã và vùng có hồ sơ, với ranh giới (GeoJSON, WGS 84), thời gian hiệu lực, đơn vị "
                "kế thừa sau cải cách 7/2025, các dân tộc sinh sống và số hồ sơ công khai.",
                "Provinces, districts, communes and regions, with their boundaries (GeoJSON, WGS 84), validity "
                "dates, successor units after the July 2025 reform, the ethnic groups living there and the "
                "number of public records.",
            ),
            keywords=("ranh giới hành chính", "GIS", "địa bàn", "boundaries"),
            columns=_area_columns(),
            distributions=[
                Distribution("areas.csv", "csv", note=B("không có ranh giới", "without boundaries")),
                Distribution("areas.json", "json", note=B("không có ranh giới", "without boundaries")),
                Distribution(
                    "areas.geojson",
                    "geojson",
                    geometry="geometry",
                    note=B("ranh giới đầy đủ", "full boundaries"),
                ),
                Distribution(
                    "areas-simplified.geojson",
                    "geojson",
                    geometry="simplified",
                    note=B("ranh giới giản lược cho bản đồ web", "boundaries simplified for web maps"),
                ),
            ],
            primary_key=("level", "code"),
            rows=area_rows,
            count=_count_areas,
        ),
        Dataset(
            key="dictionary",
            title=B("Từ điển Việt – Hrê và Việt – Co", "Vietnamese–Hrê and Vietnamese–Co dictionaries"),
            description=B(
                "Các mục từ đã công bố và công khai của từ điển Việt – Hrê và Việt – Co: từ, từ loại, phát âm, "
                "nghĩa tiếng Việt và tiếng Anh, cách viết khác, nguồn. Không có mục từ chỉ dành cho cộng đồng "
                "hay cán bộ, không có bản nháp.",
                "The published, public entries of the Vietnamese–Hrê and Vietnamese–Co dictionaries: word, part "
                "of speech, pronunciation, Vietnamese and English glosses, variant spellings, source. No entry "
                "kept for the community or for staff, no draft.",
            ),
            keywords=("từ điển", "tiếng Hrê", "tiếng Co", "dictionary", "ngôn ngữ dân tộc thiểu số"),
            columns=_dictionary_columns(),
            distributions=[Distribution("dictionary.csv", "csv"), Distribution("dictionary.json", "json")],
            primary_key=("id",),
            rows=dictionary_rows,
            count=_count_entries,
        ),
    ]


def datasets():
    """The datasets, in the order the page lists them (built on each call: column
    labels follow the active language)."""
    return _datasets()


def dataset(key):
    return next((item for item in datasets() if item.key == key), None)


def find_file(filename):
    """(dataset, distribution) for a file name, or (None, None)."""
    for item in datasets():
        distribution = item.distribution(filename)
        if distribution:
            return item, distribution
    return None, None


def iso(value):
    """A date, datetime or other value as a file writes it (dates ISO 8601)."""
    if isinstance(value, datetime):
        return utc_seconds(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
