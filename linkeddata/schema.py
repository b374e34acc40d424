"""schema.org JSON-LD for the pages search engines and other sites read: records, ethnic
groups and areas.

Every builder returns plain data (a dict with "@context" and "@graph"); `script_tag`
prints it as a `<script type="application/ld+json">` data block, which browsers never
run (so the Content Security Policy has nothing to allow). A record page is described
as two things: the page (`ItemPage`, a CreativeWork, which carries the licence, dates
and publisher whatever the record's type) and the heritage it is about, as its
`mainEntity`: an `Event` for a festival, a `Product` for a traditional or OCOP product,
a `CreativeWork` for a custom. The place is a `Place` with `GeoCoordinates`, built from
`RecordPage.location_for(user)`: whoever may not see a sensitive record's exact place
gets the generalised point and the commune or district that holds it, never the exact
coordinates.
"""

import datetime
import json

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SCHEMA_ORG = "https://schema.org"
COUNTRY = {"@type": "Country", "name": "Việt Nam", "identifier": "VN"}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
SCHEDULED = "https://schema.org/EventScheduled"
# Keeps a string inside a <script> element: no "</script>", no "<!--".
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_tag(data):
    """The data block a page carries, as safe HTML."""
    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_value)
    return mark_safe(f'<script type="application/ld+json">{text.translate(_SCRIPT_ESCAPES)}</script>')  # noqa: S308 - escaped above


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def page_address(page, request):
    """A page's absolute URL on the host the visitor asked (as `/sitemap.xml` gives it)."""
    return _absolute(request, page.get_url(request))


def _absolute(request, path):
    if path.startswith(("http://", "https://")):
        return path
    return request.build_absolute_uri(path)


def _compact(node):
    """A node without empty values: absent beats blank in structured data."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def website(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    root = _absolute(request, "/")
    return {
        "@type": "WebSite",
        "@id": f"{root}#website",
        "url": root,
        "name": site.site_name if site and site.site_name else _("E-library of ethnic heritage"),
        "inLanguage": ["vi", "en"],
    }


def publisher(request):
    return {"@type": "Organization", "name": _("E-library of ethnic heritage"), "url": _absolute(request, "/")}


def ethnic_group_node(group, request):
    """An ethnic group as a term of the official list of Vietnam's 54 groups."""
    from django.urls import reverse

    url = _absolute(request, reverse("ethnic_group_detail", args=[group.slug]))
    names = [group.name, group.name_en, *group.alternative_names]
    return _compact(
        {
            "@type": "DefinedTerm",
            "@id": f"{url}#group",
            "name": group.display_name,
            "alternateName": [name for name in dict.fromkeys(names) if name and name != group.display_name],
            "termCode": group.slug,
            "url": url,
            "inDefinedTermSet": {"@type": "DefinedTermSet", "name": _("The 54 ethnic groups of Vietnam")},
        }
    )


def _group_reference(group, request):
    from django.urls import reverse

    url = _absolute(request, reverse("ethnic_group_detail", args=[group.slug]))
    return {"@type": "DefinedTerm", "@id": f"{url}#group", "name": group.display_name, "url": url}


def _area_url(area, request):
    from django.urls import reverse

    return _absolute(request, reverse("area", args=[area.level, area.code]))


def _area_reference(area, request):
    url = _area_url(area, request)
    return {"@type": _area_type(area), "@id": f"{url}#area", "name": area.name, "url": url}


def _area_type(area):
    return "Place" if area.level == "region" else "AdministrativeArea"


def image_object(image, request, licence=None):
    """An image as the page shows it: its largest WebP rendition (made for the page's
    <picture> anyway), with caption, credit and licence."""
    from media.renditions import renditions_by_format

    try:
        rendition = renditions_by_format(image)["webp"][-1]
    except (OSError, KeyError):  # a missing file: the record stays described without it
        return None
    licence = image.licence or licence
    url = _absolute(request, rendition.url)
    return _compact(
        {
            "@type": "ImageObject",
            "contentUrl": url,
            "url": url,
            "encodingFormat": "image/webp",
            "width": rendition.width,
            "height": rendition.height,
            "name": image.title,
            "caption": image.description,
            "creditText": image.credit,
            "license": licence.url or licence.display_name if licence else None,
        }
    )


def place_node(record, request, place_id):
    """Where the record is, as `request.user` may see it. A sensitive place seen by
    someone who may not see it exactly is its generalised point (the one every public
    map and export uses) inside its commune or district."""
    shown = record.location_for(request.user)
    address = _compact(
        {
            "@type": "PostalAddress",
            "addressLocality": record.admin_unit,
            "addressRegion": record.province.display_name if record.province_id else "",
            "addressCountry": "VN",
        }
    )
    place = {
        "@type": "Place",
        "@id": place_id,
        "name": record.place_name or record.admin_unit or (record.province.display_name if record.province_id else ""),
        "address": address,
    }
    if shown:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": shown["latitude"], "longitude": shown["longitude"]}
        if not shown["exact"]:
            place["description"] = _("The exact place is protected; the coordinates are those of its area.")
            holding = [area for area in record.areas.all() if area.level in ("commune", "district")]
            if holding:
                place["containedInPlace"] = _area_reference(holding[0], request)
    return _compact(place)


def _bilingual(record):
    """(name, other-language name): the page's language first."""
    if get_language() == "en" and record.title_en:
        return record.title_en, record.title
    return record.title, record.title_en


def festival_occurrence(festival):
    """The occurrence a festival's Event carries: for a lunar date, where it falls this
    solar year as the record page says (the coming one, or the next once this year's
    has passed: `festivals`' own answer); for a solar or seasonal one, the next."""
    from festivals.occurrences import occurrences_of
    from festivals.templatetags.festival_calendar import festival_this_year

    if festival.calendar == "lunar" and festival.month:
        this_year = festival_this_year(festival)
        return this_year.shown if this_year else None
    today = timezone.localdate()
    coming = occurrences_of(festival, today, today + datetime.timedelta(days=366))
    coming = [occurrence for occurrence in coming if occurrence.end >= today]
    return coming[0] if coming else None


def _event_facts(festival):
    facts = {
        "eventAttendanceMode": OFFLINE,
        "eventStatus": SCHEDULED,
    }
    # Only a yearly festival is surely held on this year's date; one held every few
    # years or when the community decides is described, not dated.
    occurrence = festival_occurrence(festival) if festival.frequency == "annual" else None
    if occurrence is not None:
        facts["startDate"] = occurrence.start
        facts["endDate"] = occurrence.end
    repeat = {"annual": "P1Y", "every_n_years": f"P{festival.frequency_years}Y" if festival.frequency_years else None}
    if repeat.get(festival.frequency):
        facts["eventSchedule"] = _compact(
            {"@type": "Schedule", "repeatFrequency": repeat[festival.frequency], "description": festival.when_label}
        )
    return facts


def _product_facts(product, place):
    facts = {
        "category": product.get_kind_display(),
        "material": product.materials,
        "countryOfOrigin": COUNTRY,
    }
    if product.makers:
        facts["manufacturer"] = _compact(
            {"@type": "Organization", "name": product.makers, "location": {"@id": place["@id"]} if place else None}
        )
    if product.ocop_stars:
        label = _("OCOP %(stars)s stars") % {"stars": product.ocop_stars}
        facts["award"] = label
        facts["additionalProperty"] = {
            "@type": "PropertyValue",
            "propertyID": "OCOP",
            "name": label,
            "value": product.ocop_stars,
            "minValue": 3,
            "maxValue": 5,
            "unitText": _("stars"),
        }
    return facts


def _custom_facts(custom):
    return {"genre": custom.get_category_display()}


def record_graph(record, request):
    """JSON-LD of a record page (`record` specific: a festival, custom or product)."""
    page_url = page_address(record, request)
    stable_url = record.stable_url(request)
    entity_id, place_id = f"{stable_url}#record", f"{stable_url}#place"
    name, other_name = _bilingual(record)
    groups = [_group_reference(group, request) for group in record.ethnic_groups.all()]
    subjects = [subject.display_name for subject in record.subjects.all()]
    licence = record.licence
    licence_value = licence.url or licence.display_name
    image = image_object(record.main_image, request, licence) if record.main_image_id else None
    has_place = record.place_name or record.admin_unit or record.province_id or record.has_coordinates
    place = place_node(record, request, place_id) if has_place else None

    entity = {
        "@id": entity_id,
        "name": name,
        "alternateName": other_name,
        "description": record.display_summary,
        "url": page_url,
        "identifier": stable_url,
        "mainEntityOfPage": {"@id": page_url},
        "image": image,
        "keywords": [group["name"] for group in groups] + subjects,
    }
    kind = record.record_type_key
    if kind == "festival":
        entity["@type"] = "Event"
        entity.update(_event_facts(record))
        entity["about"] = groups
        entity["location"] = place
    elif kind == "product":
        # A Product has no place of its own in schema.org: the page's contentLocation
        # holds it, and the makers (when named) are located there.
        entity["@type"] = "Product"
        entity.update(_product_facts(record, place))
    else:
        entity["@type"] = "CreativeWork"
        entity.update(_custom_facts(record))
        entity["about"] = groups
        entity["spatialCoverage"] = place
        entity["license"] = licence_value
        entity["inLanguage"] = "vi"

    page = {
        "@type": "ItemPage",
        "@id": page_url,
        "url": page_url,
        "name": name,
        "description": record.display_summary,
        "inLanguage": get_language() or "vi",
        "isPartOf": {"@id": website(request)["@id"]},
        "mainEntity": {"@id": entity_id},
        "about": groups,
        "contentLocation": place if kind == "product" else ({"@id": place_id} if place else None),
        "license": licence_value,
        "copyrightHolder": {"@type": "Organization", "name": record.rights_holder} if record.rights_holder else None,
        "datePublished": record.first_published_at,
        "dateModified": record.last_published_at,
        "dateCreated": record.recorded_on,
        "temporalCoverage": _temporal_coverage(record),
        "publisher": publisher(request),
        "contributor": [_contributor(block.value) for block in record.contributors],
        "citation": [block.value["citation"] for block in record.sources],
        "primaryImageOfPage": image,
        "keywords": subjects,
    }
    return {"@context": SCHEMA_ORG, "@graph": [_compact(page), _compact(entity), website(request)]}


def _temporal_coverage(record):
    if record.period_start_year is not None or record.period_end_year is not None:
        start = "" if record.period_start_year is None else f"{record.period_start_year:04d}"
        end = ".." if record.period_end_year is None else f"{record.period_end_year:04d}"
        return f"{start or '..'}/{end}"
    return record.period_label


def _contributor(value):
    person = {"@type": "Person", "name": value["name"]}
    if value.get("organisation"):
        person["affiliation"] = {"@type": "Organization", "name": value["organisation"]}
    return person


def ethnic_group_graph(group, request, records=()):
    """JSON-LD of an ethnic group's page: the group, and the records listed on the page
    (those the visitor may see, as the listing found them)."""
    from django.urls import reverse

    url = _absolute(request, reverse("ethnic_group_detail", args=[group.slug]))
    node = ethnic_group_node(group, request)
    node["description"] = group.description_en if get_language() == "en" and group.description_en else group.description
    page = {
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": f"{_('The')} {group.display_name}",  # as the page's heading says it
        "inLanguage": get_language() or "vi",
        "isPartOf": {"@id": website(request)["@id"]},
        "about": {"@id": node["@id"]},
        "publisher": publisher(request),
        "mainEntity": _item_list(records, request),
    }
    return {"@context": SCHEMA_ORG, "@graph": [_compact(page), _compact(node), website(request)]}


def _item_list(records, request):
    first = records.start_index() if hasattr(records, "start_index") else 1  # a page of a paginated listing
    items = [
        {"@type": "ListItem", "position": position, "url": _absolute(request, record.url), "name": record.display_title}
        for position, record in enumerate(records, start=first)
    ]
    return {"@type": "ItemList", "numberOfItems": len(items), "itemListElement": items} if items else None


def area_graph(area, request, records=()):
    """JSON-LD of an area's page: the area as an AdministrativeArea (a custom region as a
    Place) with its bounding box, parent, units within and successors, and the records
    of it the visitor may see."""
    url = _area_url(area, request)
    west, south, east, north = area.bbox
    node = {
        "@type": _area_type(area),
        "@id": f"{url}#area",
        "name": area.name,
        "identifier": area.code,
        "url": url,
        "additionalType": area.get_level_display(),
        "geo": {"@type": "GeoShape", "box": f"{south:.5f} {west:.5f} {north:.5f} {east:.5f}"},
        "containedInPlace": _area_reference(area.parent, request) if area.parent_id else COUNTRY,
        "containsPlace": [_area_reference(child, request) for child in area.children.order_by("name")],
    }
    if area.valid_from or area.valid_to:
        node["temporalCoverage"] = f"{area.valid_from or '..'}/{area.valid_to or '..'}"
    page = {
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": area.name,
        "inLanguage": get_language() or "vi",
        "isPartOf": {"@id": website(request)["@id"]},
        "about": {"@id": node["@id"]},
        "publisher": publisher(request),
        "mainEntity": _item_list(records, request),
    }
    return {"@context": SCHEMA_ORG, "@graph": [_compact(page), _compact(node), website(request)]}
