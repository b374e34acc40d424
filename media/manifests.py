"""IIIF Presentation API 3.0 documents, built with iiif-prezi3 (which validates them).

A record with images becomes a Manifest: one Canvas per image (the main image first,
then the body's images and galleries in order), each painted by the image and pointing
at its Image API service, so any IIIF viewer can zoom it. A Collection page becomes a
IIIF Collection of its records' manifests. Values are language maps, Vietnamese first
and English where the record has it.
"""

from django.utils.text import capfirst
from django.utils.translation import override

from heritage.blocks import images_shown

# IIIF's `rights` accepts only Creative Commons and RightsStatements.org URIs.
RIGHTS_HOSTS = ("creativecommons.org/", "rightsstatements.org/")


def record_images(record):
    """The images a record shows, in reading order, each once."""
    return images_shown(record.main_image if record.main_image_id else None, record.body)


def _text(vietnamese, english=""):
    value = {"vi": [vietnamese]}
    if english and english != vietnamese:
        value["en"] = [english]
    return value


def _pair(label_vi, label_en, value_vi, value_en=""):
    from iiif_prezi3 import KeyValueString

    return KeyValueString(label={"vi": [label_vi], "en": [label_en]}, value=_text(value_vi, value_en))


def rights_uri(licence):
    url = (licence.url if licence else "") or ""
    if not any(host in url for host in RIGHTS_HOSTS):
        return None
    return "http://" + url.split("://", 1)[-1].rstrip("/") + "/"


def record_metadata(record):
    pairs = [_pair("Loại hồ sơ", "Record type", *_both(lambda: capfirst(str(record.specific.record_type_label))))]
    groups = list(record.ethnic_groups.all())
    if groups:
        pairs.append(
            _pair(
                "Dân tộc",
                "Ethnic group",
                ", ".join(group.name for group in groups),
                ", ".join(group.name_en or group.name for group in groups),
            )
        )
    place = ", ".join(filter(None, [record.place_name, record.province.name if record.province_id else ""]))
    if place:
        pairs.append(_pair("Địa điểm", "Place", place))
    when = record.period_label or (record.recorded_on.isoformat() if record.recorded_on else "")
    if when:
        pairs.append(_pair("Thời gian", "Date", when))
    if record.licence_id:
        pairs.append(_pair("Giấy phép", "Licence", record.licence.name, record.licence.name_en))
    return pairs


def _both(make):
    with override("vi"):
        vietnamese = make()
    with override("en"):
        english = make()
    return vietnamese, english


def record_manifest(record, base_url):
    """The Manifest for `record`; `base_url` is the site's scheme and host, no slash."""
    from iiif_prezi3 import Homepage, KeyValueString, Manifest

    manifest_id = f"{base_url}/iiif/manifest/{record.pk}"
    images = record_images(record)
    credits = "; ".join(dict.fromkeys(image.credit for image in images if image.credit))
    manifest = Manifest(
        id=manifest_id,
        label=_text(record.title, record.title_en),
        summary=_text(record.summary, record.summary_en),
        metadata=record_metadata(record),
        requiredStatement=KeyValueString(
            label={"vi": ["Nguồn ảnh"], "en": ["Attribution"]},
            value={"vi": [credits or record.rights_holder or record.title]},
        ),
        homepage=[
            Homepage(
                id=f"{base_url}/r/{record.pk}/",
                type="Text",
                label=_text(record.title, record.title_en),
                format="text/html",
            )
        ],
    )
    rights = rights_uri(record.licence if record.licence_id else None)
    if rights:
        manifest.rights = rights
    manifest.items = [_canvas(manifest_id, number, image, base_url) for number, image in enumerate(images, 1)]
    return manifest


def _canvas(manifest_id, number, image, base_url):
    from iiif_prezi3 import Annotation, AnnotationBody, AnnotationPage, Canvas, KeyValueString, ServiceV3

    width, height = image.displayed_size()
    canvas_id = f"{manifest_id}/canvas/{number}"
    service_id = f"{base_url}/iiif/3/{image.pk}"
    body = AnnotationBody(
        id=f"{service_id}/full/max/0/default.jpg",
        type="Image",
        format="image/jpeg",
        width=width,
        height=height,
        service=[ServiceV3(id=service_id, type="ImageService3", profile="level1")],
    )
    canvas = Canvas(
        id=canvas_id,
        label=_text(image.title),
        width=width,
        height=height,
        requiredStatement=KeyValueString(
            label={"vi": ["Nguồn ảnh"], "en": ["Attribution"]}, value={"vi": [image.credit]}
        ),
    )
    canvas.items = [
        AnnotationPage(
            id=f"{canvas_id}/page",
            items=[Annotation(id=f"{canvas_id}/image", motivation="painting", body=body, target=canvas_id)],
        )
    ]
    return canvas


def collection_manifest(collection_page, records, base_url):
    """A IIIF Collection of the manifests of `records` (those with images)."""
    from iiif_prezi3 import Collection, ManifestRef

    return Collection(
        id=f"{base_url}/iiif/collection/{collection_page.pk}",
        label=_text(collection_page.title, collection_page.title_en),
        summary=_text(collection_page.summary, collection_page.summary_en),
        items=[
            ManifestRef(id=f"{base_url}/iiif/manifest/{record.pk}", type="Manifest", label=_text(record.title))
            for record in records
            if record_images(record)
        ],
    )
