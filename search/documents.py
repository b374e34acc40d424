"""What the search index knows about a record: one flat document, whatever the engine.

Documents are built from rows, not model instances: one query for the records of a
batch, one for each of their many-to-many links, and the vocabularies (ethnic groups
with their other names, subjects, provinces, licences, record types) read once per build.
Making a page instance per record, and a related manager per relation, cost more than
everything else put together (about 1 800 documents/s, against some 10 000 like this).
"""

import json
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.html import strip_tags

from heritage.models import EthnicGroup, EthnicGroupName, Licence, Province, RecordPage, Subject

MEDIA_BLOCKS = {"image": "image", "gallery": "image", "audio": "audio", "video": "video"}

# Everything a document reads from the record's own row (and its product row).
RECORD_FIELDS = (
    "pk",
    "content_type_id",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "main_image_id",
    "place_name",
    "admin_unit",
    "province_id",
    "licence_id",
    "period_start_year",
    "access_level",
    "public_latitude",
    "public_longitude",
    "first_published_at",
    "latest_revision_created_at",
    "productpage__ocop_stars",
)
BATCH_SIZE = 1000


class _WithoutMarks(dict):
    """A `str.translate` table that drops combining marks (category Mn), learnt one
    character at a time: `heritage.text.fold_diacritics` without a Python call per letter."""

    def __missing__(self, code):
        self[code] = None if unicodedata.category(chr(code)) == "Mn" else code
        return self[code]


_WITHOUT_MARKS = _WithoutMarks()


def folded(value):
    """The same as `heritage.text.fold_diacritics` ('Đắk Lắk' → 'Dak Lak'), faster."""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", value.translate(_WITHOUT_MARKS))


class Vocabulary:
    """The shared vocabularies documents name, read once for a whole build."""

    def __init__(self):
        other_names = {}
        for group_id, name in EthnicGroupName.objects.order_by("sort_order", "pk").values_list("group_id", "name"):
            other_names.setdefault(group_id, []).append(name)
        # Ranks in each model's own ordering (by name, in the database's collation), so a
        # record's groups and subjects come in the order the related managers give.
        self.groups = {}
        for rank, (pk, slug, name, name_en) in enumerate(
            EthnicGroup.objects.values_list("pk", "slug", "name", "name_en")
        ):
            self.groups[pk] = (rank, slug, [name, name_en, *other_names.get(pk, [])])
        self.subjects = {
            pk: (rank, slug, [name, name_en])
            for rank, (pk, slug, name, name_en) in enumerate(
                Subject.objects.values_list("pk", "slug", "name", "name_en")
            )
        }
        self.provinces = {
            pk: (code, name, name_en)
            for pk, code, name, name_en in Province.objects.values_list("pk", "code", "name", "name_en")
        }
        self.licences = dict(Licence.objects.values_list("pk", "code"))
        self.record_types = {}
        self.body_block = RecordPage._meta.get_field("body").stream_block
        self._media_text = {}

    def record_type(self, content_type_id):
        """(key, names): the record type's key and what people call it, in both languages."""
        if content_type_id not in self.record_types:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            self.record_types[content_type_id] = (model.record_type_key, record_type_names(model))
        return self.record_types[content_type_id]

    def media_text(self, media_ids):
        """{media id: transcript and caption text} of the recordings with these ids."""
        missing = [pk for pk in media_ids if pk not in self._media_text]
        if missing:
            from .transcripts import spoken_text

            self._media_text.update(spoken_text(missing))
        return {pk: self._media_text[pk] for pk in media_ids if self._media_text.get(pk)}


def record_type_names(model):
    """'lễ hội', 'lễ hội', 'festival', 'festivals': a record type as people name it."""
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
    return list(dict.fromkeys(names))


def record_ids(queryset):
    """The ids of the records in `queryset`, in order: what a build walks through."""
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def documents_for_ids(ids, vocabulary=None):
    """The documents of the records with these ids (sorted), one batch query at a time."""
    vocabulary = vocabulary or Vocabulary()
    for start in range(0, len(ids), BATCH_SIZE):
        yield from _batch(ids[start : start + BATCH_SIZE], vocabulary)


def _batch(ids, vocabulary):
    first, last = ids[0], ids[-1]
    wanted = set(ids)
    in_range = {"pk__gte": first, "pk__lte": last}  # a range, not an IN list of a thousand ids
    # The body as its JSON text: Wagtail's StreamField makes a JSONField per row to read it.
    rows = (
        RecordPage.objects.filter(**in_range)
        .order_by("pk")
        .values(*RECORD_FIELDS, body_json=Cast("body", output_field=TextField()))
    )
    groups, subjects = {}, {}
    links = RecordPage.ethnic_groups.through.objects.filter(recordpage_id__gte=first, recordpage_id__lte=last)
    for record_id, group_id in links.values_list("recordpage_id", "ethnicgroup_id"):
        groups.setdefault(record_id, []).append(vocabulary.groups[group_id])
    links = RecordPage.subjects.through.objects.filter(recordpage_id__gte=first, recordpage_id__lte=last)
    for record_id, subject_id in links.values_list("recordpage_id", "subject_id"):
        subjects.setdefault(record_id, []).append(vocabulary.subjects[subject_id])
    for row in rows:
        if row["pk"] in wanted:
            row["body"] = vocabulary.body_block.to_python(json.loads(row["body_json"] or "[]"))
            yield document(row, sorted(groups.get(row["pk"], ())), sorted(subjects.get(row["pk"], ())), vocabulary)


def recording_ids(body):
    """Ids of the audio and video recordings a record's body plays, in order."""
    ids = []
    for item in body.raw_data:
        if item["type"] in ("audio", "video"):
            value = item["value"] or {}
            media_id = value.get(item["type"])
            if isinstance(media_id, int):
                ids.append(media_id)
    return list(dict.fromkeys(ids))


def media_kinds(row):
    kinds = {MEDIA_BLOCKS[item["type"]] for item in row["body"].raw_data if item["type"] in MEDIA_BLOCKS}
    if row["main_image_id"]:
        kinds.add("image")
    return sorted(kinds)


def body_text(body, vocabulary):
    content = vocabulary.body_block.get_searchable_content(body)
    return strip_tags(" ".join(str(part) for part in content))


def group_names(groups):
    """Every name a visitor might use for the record's ethnic groups."""
    names = [name for _rank, _slug, group_names in groups for name in group_names]
    return " ".join(dict.fromkeys(name for name in names if name))


def labels(record_names, subjects, province, ocop_stars):
    """The names of the vocabularies a record is filed under, for the words people search
    by ("lễ hội", "tín ngưỡng", "OCOP", "Quang Ngai province"): its type, subjects, the
    province's English name (the Vietnamese one is in `place`) and its OCOP rating."""
    names = [*record_names, *(name for _rank, _slug, subject_names in subjects for name in subject_names)]
    if province and province[2]:
        names.append(province[2])
    if ocop_stars is not None:
        names += ["OCOP", f"OCOP {ocop_stars} sao", f"OCOP {ocop_stars} stars"]
    return " · ".join(dict.fromkeys(name for name in names if name))


def document(row, groups, subjects, vocabulary):
    """The document of one record: its row, its groups and subjects (vocabulary entries
    in their models' order)."""
    province = vocabulary.provinces.get(row["province_id"])
    place = ", ".join(part for part in (row["place_name"], row["admin_unit"], province[1] if province else "") if part)
    published = row["first_published_at"] or row["latest_revision_created_at"]
    record_type, record_names = vocabulary.record_type(row["content_type_id"])
    spoken = vocabulary.media_text(recording_ids(row["body"]))
    return {
        "id": row["pk"],
        "record_type": record_type,
        "title": row["title"],
        "title_en": row["title_en"],
        "group_names": group_names(groups),
        "labels": labels(record_names, subjects, province, row["productpage__ocop_stars"]),
        "place": place,
        "summary": " ".join(filter(None, (row["summary"], row["summary_en"]))),
        "body": body_text(row["body"], vocabulary),
        "transcripts": "\n".join(spoken.values()),
        "groups": [slug for _rank, slug, _names in groups],
        "province": province[0] if province else None,
        "subjects": [slug for _rank, slug, _names in subjects],
        "licence": vocabulary.licences[row["licence_id"]] if row["licence_id"] else None,
        "media": media_kinds(row),
        "ocop_stars": row["productpage__ocop_stars"],
        "period_start_year": row["period_start_year"],
        "access_level": row["access_level"],
        # The public point: a sensitive place is indexed generalised, so no one finds it
        # by drawing a tiny box around it.
        "location": {"lat": row["public_latitude"], "lon": row["public_longitude"]}
        if row["public_latitude"] is not None
        else None,
        "published_at": published.isoformat() if published else None,
        "title_sort": folded(row["title"]).casefold(),
    }
