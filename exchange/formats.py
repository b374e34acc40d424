"""The two metadata formats: `oai_dc` (simple Dublin Core, which every harvester reads)
and `edm` (the Europeana Data Model, for what Dublin Core loses).

Why EDM for the richer one: it is the format Europeana and many national aggregators
harvest cultural-heritage records in, it is RDF (so ethnic groups, provinces and
places are linked entities with codes and coordinates, not strings), it separates the
heritage itself (`edm:ProvidedCHO`: a festival, a custom, a product) from our
description of it (`ore:Aggregation`) and its media (`edm:WebResource`, each with its
IIIF Image service, as Europeana's IIIF profile expects). MODS would fit a catalogued
book better than an intangible practice, and has no place for coordinates.
"""

from django.utils.text import capfirst
from django.utils.translation import override
from lxml import etree

from .protocol import site_url
from .records import clean

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EDM = "http://www.europeana.eu/schemas/edm/"
ORE = "http://www.openarchives.org/ore/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SVCS = "http://rdfs.org/sioc/services#"
DOAP = "http://usefulinc.com/ns/doap#"

# DCMI Type for each record type; the record type itself follows in words.
DCMI_TYPES = {"festival": "Event", "custom": "Event", "product": "PhysicalObject"}
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"
IIIF_IMAGE_API = "http://iiif.io/api/image"


def _add(parent, tag, text="", language=None, **attributes):
    text = clean(text)
    element = etree.SubElement(parent, tag, {key: str(value) for key, value in attributes.items()})
    if text:
        element.text = text
    if language:
        element.set(XML_LANG, language)
    return element


def _both_languages(parent, tag, vietnamese, english):
    if vietnamese:
        _add(parent, tag, vietnamese, "vi")
    if english and english != vietnamese:
        _add(parent, tag, english, "en")


def record_type_names(record_type):
    """(Vietnamese, English) names of a record type, as the site says them."""
    from heritage.models import RecordPage

    model = RecordPage.record_types().get(record_type)
    if model is None:
        return record_type, record_type
    names = []
    for language in ("vi", "en"):
        with override(language):
            names.append(capfirst(str(model._meta.verbose_name)))
    return tuple(names)


def stable_url(sheet):
    return f"{site_url()}/r/{sheet.id}/"


def manifest_url(sheet):
    return f"{site_url()}/iiif/manifest/{sheet.id}"


def image_service_url(image):
    return f"{site_url()}/iiif/3/{image.id}"


def _point(sheet):
    return f"{sheet.latitude:.6f}".rstrip("0").rstrip("."), f"{sheet.longitude:.6f}".rstrip("0").rstrip(".")


def _place_words(sheet):
    parts = [sheet.place_name, sheet.admin_unit, sheet.province.name if sheet.province else ""]
    return ", ".join(part for part in parts if part)


def _dates(sheet):
    """W3CDTF / ISO 8601: the date recorded, else the period's years."""
    if sheet.recorded_on:
        return sheet.recorded_on.isoformat()
    start, end = sheet.period_start_year, sheet.period_end_year
    if start and end:
        return f"{start:04d}/{end:04d}"
    if start:
        return f"{start:04d}/.."
    return ""


def _licence_words(sheet):
    if not sheet.licence:
        return ""
    name = sheet.licence.name
    return f"{name} ({sheet.licence_url})" if sheet.licence_url else name


def write_oai_dc(metadata, sheet):
    """<oai_dc:dc> for one record into the <metadata> element."""
    dc = etree.SubElement(
        metadata,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"},
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
    )
    _both_languages(dc, f"{{{DC}}}title", sheet.title, sheet.title_en)
    for name, role, organisation in sheet.contributors:
        _add(dc, f"{{{DC}}}contributor", f"{name} ({role})" + (f", {organisation}" if organisation else ""))
    for term in sheet.groups + sheet.subjects:
        _both_languages(dc, f"{{{DC}}}subject", term.name, term.name_en)
    _both_languages(dc, f"{{{DC}}}description", sheet.summary, sheet.summary_en)
    _add(dc, f"{{{DC}}}publisher", _site_name(), "vi")
    if _dates(sheet):
        _add(dc, f"{{{DC}}}date", _dates(sheet))
    _add(dc, f"{{{DC}}}type", DCMI_TYPES.get(sheet.record_type, "Text"))
    _both_languages(dc, f"{{{DC}}}type", *record_type_names(sheet.record_type))
    _add(dc, f"{{{DC}}}identifier", stable_url(sheet))
    for citation, url in sheet.sources:
        _add(dc, f"{{{DC}}}source", f"{citation} {url}".strip())
    _add(dc, f"{{{DC}}}language", "vi")
    if sheet.title_en or sheet.summary_en:
        _add(dc, f"{{{DC}}}language", "en")
    if sheet.images:
        _add(dc, f"{{{DC}}}relation", manifest_url(sheet))
    if _place_words(sheet):
        _add(dc, f"{{{DC}}}coverage", _place_words(sheet), "vi")
    if sheet.latitude is not None and sheet.longitude is not None:
        latitude, longitude = _point(sheet)
        # DCMI Point; a protected place gives its commune's or district's point.
        note = "" if sheet.location_exact else "; name=vị trí khái quát (generalised location)"
        _add(dc, f"{{{DC}}}coverage", f"east={longitude}; north={latitude}; projection=WGS84{note}")
    if sheet.lunar_date:
        _add(dc, f"{{{DC}}}coverage", sheet.lunar_date.label_vi(), "vi")
        _add(dc, f"{{{DC}}}coverage", sheet.lunar_date.label_en(), "en")
    elif sheet.period_label:
        _add(dc, f"{{{DC}}}coverage", sheet.period_label, "vi")
    _add(dc, f"{{{DC}}}rights", _licence_words(sheet))
    if sheet.rights_holder:
        _add(dc, f"{{{DC}}}rights", f"© {sheet.rights_holder}")
    if sheet.rights_statement:
        _add(dc, f"{{{DC}}}rights", sheet.rights_statement, "vi")
    return dc


def _site_name():
    from django.conf import settings

    return settings.WAGTAIL_SITE_NAME


def _rights(url_or_licence_url):
    from types import SimpleNamespace

    from media.manifests import rights_uri

    return rights_uri(SimpleNamespace(url=url_or_licence_url)) or IN_COPYRIGHT


def _resource(parent, tag, uri):
    return etree.SubElement(parent, tag, {f"{{{RDF}}}resource": uri})


def _classifications(sheet):
    """(URI, code, Vietnamese name, English name) of the concepts that classify a record;
    each URI is the site's search for that value, so it can be followed."""
    from heritage.models import CustomPage, ProductPage

    concepts = [
        (f"{site_url()}/search/?type={sheet.record_type}", sheet.record_type, *record_type_names(sheet.record_type))
    ]
    if sheet.ocop_stars:
        stars = sheet.ocop_stars
        concepts.append(
            (f"{site_url()}/search/?ocop={stars}", f"ocop-{stars}", f"OCOP {stars} sao", f"OCOP {stars} stars")
        )
    for choices, code in ((ProductPage.Kind, sheet.kind), (CustomPage.Category, sheet.category)):
        if code in choices.values:
            names = []
            for language in ("vi", "en"):
                with override(language):
                    names.append(capfirst(str(choices(code).label)))
            concepts.append((f"{stable_url(sheet)}#{code}", code, *names))
    return concepts


def group_uri(group):
    return f"{site_url()}/dan-toc/{group.code}/"


def area_uri(area):
    if area.level == "province":
        return f"{site_url()}/search/?province={area.code}"
    return f"{site_url()}/khu-vuc/{area.level}/{area.code}/"


def write_edm(metadata, sheet):
    """<rdf:RDF> with the record's EDM graph into the <metadata> element:
    ProvidedCHO, its WebResources and their IIIF services, Places and Concepts, and the
    Aggregation that ties them to us."""
    rdf = etree.SubElement(
        metadata,
        f"{{{RDF}}}RDF",
        nsmap={
            "rdf": RDF,
            "edm": EDM,
            "ore": ORE,
            "dc": DC,
            "dcterms": DCTERMS,
            "skos": SKOS,
            "wgs84_pos": WGS84,
            "svcs": SVCS,
            "doap": DOAP,
        },
    )
    about = f"{{{RDF}}}about"
    cho_uri = f"{stable_url(sheet)}#cho"
    place_uri = f"{stable_url(sheet)}#place"
    has_place = sheet.latitude is not None and sheet.longitude is not None

    cho = etree.SubElement(rdf, f"{{{EDM}}}ProvidedCHO", {about: cho_uri})
    for name, role, organisation in sheet.contributors:
        _add(cho, f"{{{DC}}}contributor", f"{name} ({role})" + (f", {organisation}" if organisation else ""))
    if _dates(sheet):
        _add(cho, f"{{{DC}}}date", _dates(sheet))
    _both_languages(cho, f"{{{DC}}}description", sheet.summary, sheet.summary_en)
    _add(cho, f"{{{DC}}}identifier", str(sheet.id))
    _add(cho, f"{{{DC}}}language", "vi")
    for citation, url in sheet.sources:
        _add(cho, f"{{{DC}}}source", f"{citation} {url}".strip())
    for group in sheet.groups:
        _resource(cho, f"{{{DC}}}subject", group_uri(group))
    for subject in sheet.subjects:
        _both_languages(cho, f"{{{DC}}}subject", subject.name, subject.name_en)
    _both_languages(cho, f"{{{DC}}}title", sheet.title, sheet.title_en)
    _both_languages(cho, f"{{{DC}}}type", *record_type_names(sheet.record_type))
    if sheet.provenance:
        _add(cho, f"{{{DCTERMS}}}provenance", sheet.provenance, "vi")
    if has_place:
        _resource(cho, f"{{{DCTERMS}}}spatial", place_uri)
    elif sheet.province:
        _resource(cho, f"{{{DCTERMS}}}spatial", area_uri(sheet.province))
    if sheet.lunar_date:
        _add(cho, f"{{{DCTERMS}}}temporal", sheet.lunar_date.label_vi(), "vi")
        _add(cho, f"{{{DCTERMS}}}temporal", sheet.lunar_date.label_en(), "en")
    if sheet.period_label:
        _add(cho, f"{{{DCTERMS}}}temporal", sheet.period_label, "vi")
    if sheet.lunar_date:
        _resource(cho, f"{{{DCTERMS}}}temporal", f"{stable_url(sheet)}#lunar-date")
    if sheet.makers:
        _add(cho, f"{{{DC}}}creator", sheet.makers, "vi")
    if sheet.materials:
        _add(cho, f"{{{DCTERMS}}}medium", sheet.materials, "vi")
    # Classifications EDM has no property of its own for, as linked concepts with codes:
    # the record type, the OCOP rating, the product kind or custom category.
    concepts = _classifications(sheet)
    for concept in concepts:
        _resource(cho, f"{{{DC}}}type", concept[0])
    _add(cho, f"{{{EDM}}}type", "IMAGE" if sheet.images else "TEXT")

    record_rights = _rights(sheet.licence_url)
    for image in sheet.images:
        service = image_service_url(image)
        resource = etree.SubElement(rdf, f"{{{EDM}}}WebResource", {about: f"{service}/full/max/0/default.jpg"})
        if image.creator:
            _add(resource, f"{{{DC}}}creator", image.creator)
        _add(resource, f"{{{DC}}}description", image.description or image.title, "vi")
        if image.credit:
            _add(resource, f"{{{DC}}}rights", image.credit, "vi")
        _resource(resource, f"{{{DCTERMS}}}isReferencedBy", manifest_url(sheet))
        _resource(resource, f"{{{EDM}}}rights", _rights(image.licence_url) if image.licence_url else record_rights)
        _resource(resource, f"{{{SVCS}}}has_service", service)
        service_element = etree.SubElement(rdf, f"{{{SVCS}}}Service", {about: service})
        _resource(service_element, f"{{{DCTERMS}}}conformsTo", IIIF_IMAGE_API)
        _resource(service_element, f"{{{DOAP}}}implements", "http://iiif.io/api/image/3/level1.json")

    if has_place:
        place = etree.SubElement(rdf, f"{{{EDM}}}Place", {about: place_uri})
        latitude, longitude = _point(sheet)
        _add(place, f"{{{WGS84}}}lat", latitude)
        _add(place, f"{{{WGS84}}}long", longitude)
        _add(place, f"{{{SKOS}}}prefLabel", _place_words(sheet) or sheet.title, "vi")
        if not sheet.location_exact:
            _add(place, f"{{{SKOS}}}note", "Vị trí khái quát: nơi chính xác chỉ cộng đồng được biết.", "vi")
            _add(
                place, f"{{{SKOS}}}note", "Generalised location: the exact place is known to the community only.", "en"
            )
        for area in sheet.areas:
            _resource(place, f"{{{DCTERMS}}}isPartOf", area_uri(area))
        if sheet.province:
            _resource(place, f"{{{DCTERMS}}}isPartOf", area_uri(sheet.province))
    for area in [*sheet.areas, *([sheet.province] if sheet.province else [])]:
        element = etree.SubElement(rdf, f"{{{EDM}}}Place", {about: area_uri(area)})
        _both_languages(element, f"{{{SKOS}}}prefLabel", area.name, area.name_en)
        _add(element, f"{{{SKOS}}}notation", area.code)
        _add(element, f"{{{SKOS}}}note", area.level, "en")
    for group in sheet.groups:
        concept = etree.SubElement(rdf, f"{{{SKOS}}}Concept", {about: group_uri(group)})
        _both_languages(concept, f"{{{SKOS}}}prefLabel", group.name, group.name_en)
        _add(concept, f"{{{SKOS}}}notation", group.code)
    for uri, code, name, name_en in concepts:
        concept = etree.SubElement(rdf, f"{{{SKOS}}}Concept", {about: uri})
        _both_languages(concept, f"{{{SKOS}}}prefLabel", name, name_en)
        _add(concept, f"{{{SKOS}}}notation", code)
    if sheet.lunar_date:
        lunar = sheet.lunar_date
        timespan = etree.SubElement(rdf, f"{{{EDM}}}TimeSpan", {about: f"{stable_url(sheet)}#lunar-date"})
        _add(timespan, f"{{{SKOS}}}prefLabel", lunar.label_vi(), "vi")
        _add(timespan, f"{{{SKOS}}}prefLabel", lunar.label_en(), "en")
        _add(timespan, f"{{{SKOS}}}note", "Âm lịch, lặp lại hằng năm (lunisolar calendar, recurring)", "vi")
        _add(timespan, f"{{{SKOS}}}notation", str(lunar))

    aggregation = etree.SubElement(rdf, f"{{{ORE}}}Aggregation", {about: f"{stable_url(sheet)}#aggregation"})
    _resource(aggregation, f"{{{EDM}}}aggregatedCHO", cho_uri)
    _add(aggregation, f"{{{EDM}}}dataProvider", _site_name(), "vi")
    for position, image in enumerate(sheet.images):
        tag = f"{{{EDM}}}isShownBy" if position == 0 else f"{{{EDM}}}hasView"
        _resource(aggregation, tag, f"{image_service_url(image)}/full/max/0/default.jpg")
    _resource(aggregation, f"{{{EDM}}}isShownAt", stable_url(sheet))
    if sheet.images:
        _resource(aggregation, f"{{{EDM}}}object", f"{image_service_url(sheet.images[0])}/full/400,/0/default.jpg")
    _add(aggregation, f"{{{EDM}}}provider", _site_name(), "vi")
    _resource(aggregation, f"{{{EDM}}}rights", record_rights)
    return rdf


WRITERS = {"oai_dc": write_oai_dc, "edm": write_edm}
