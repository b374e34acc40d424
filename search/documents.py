"""What the search index knows about a record: one flat document, whatever the engine."""

from django.db.models import F
from django.utils.html import strip_tags

from heritage.text import fold_diacritics

MEDIA_BLOCKS = {"image": "image", "gallery": "image", "audio": "audio", "video": "video"}


def records_for_indexing(queryset):
    """The queryset with everything `document_for` reads fetched up front."""
    return (
        queryset.select_related("province", "licence", "content_type")
        .prefetch_related("ethnic_groups__other_names", "subjects")
        .annotate(indexed_ocop_stars=F("productpage__ocop_stars"))
    )


def media_kinds(record):
    kinds = {MEDIA_BLOCKS[block.block_type] for block in record.body if block.block_type in MEDIA_BLOCKS}
    if record.main_image_id:
        kinds.add("image")
    return sorted(kinds)


def body_text(record):
    content = record.body.stream_block.get_searchable_content(record.body)
    return strip_tags(" ".join(str(part) for part in content))


def group_names(groups):
    """Every name a visitor might use for the record's ethnic groups."""
    names = []
    for group in groups:
        names += [group.name, group.name_en, *(other.name for other in group.other_names.all())]
    return " ".join(dict.fromkeys(name for name in names if name))


def document_for(record):
    groups = list(record.ethnic_groups.all())
    record_type = record.specific_class.record_type_key
    ocop = getattr(record, "indexed_ocop_stars", None)
    place = ", ".join(
        part for part in (record.place_name, record.admin_unit, record.province.name if record.province else "") if part
    )
    return {
        "id": record.pk,
        "record_type": record_type,
        "title": record.title,
        "title_en": record.title_en,
        "group_names": group_names(groups),
        "place": place,
        "summary": " ".join(filter(None, (record.summary, record.summary_en))),
        "body": body_text(record),
        "groups": [group.slug for group in groups],
        "province": record.province.code if record.province else None,
        "subjects": [subject.slug for subject in record.subjects.all()],
        "licence": record.licence.code if record.licence_id else None,
        "media": media_kinds(record),
        "ocop_stars": ocop,
        "period_start_year": record.period_start_year,
        "access_level": record.access_level,
        # The public point: a sensitive place is indexed generalised, so no one finds it
        # by drawing a tiny box around it.
        "location": {"lat": record.public_latitude, "lon": record.public_longitude}
        if record.public_latitude is not None
        else None,
        "published_at": (record.first_published_at or record.latest_revision_created_at).isoformat()
        if (record.first_published_at or record.latest_revision_created_at)
        else None,
        "title_sort": fold_diacritics(record.title).casefold(),
    }
