"""`/oai/`: the OAI-PMH 2.0 provider (GET and POST).

Only public records are ever disseminated, whoever asks: every record is read through
`RecordPage.objects.public()` (in `exchange.records`), and an item whose record is not
public any more is reported as deleted, never described. Protocol errors are answered
with HTTP 200 and <error> elements, as the protocol requires.
"""

from django.db.models import Min
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from . import clock
from .formats import OAI_DC, WRITERS, XSI
from .protocol import (
    FORMATS,
    GRANULARITY,
    TOKEN_LIFETIME,
    ListQuery,
    OaiError,
    follows_oai_identifier_scheme,
    format_datestamp,
    identifier_for,
    metadata_prefix,
    parse_request,
    record_id_from,
    repository_identifier,
)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
DC = "http://purl.org/dc/elements/1.1/"


def _tag(name):
    return f"{{{OAI}}}{name}"


def _add(parent, name, text=None, **attributes):
    element = etree.SubElement(parent, _tag(name), attributes)
    if text is not None:
        element.text = str(text)
    return element


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai_pmh(request):
    arguments = request.POST if request.method == "POST" else request.GET
    root = etree.Element(_tag("OAI-PMH"), {f"{{{XSI}}}schemaLocation": OAI_SCHEMA}, nsmap={None: OAI, "xsi": XSI})
    _add(root, "responseDate", format_datestamp(clock.now()))
    request_element = _add(root, "request", request.build_absolute_uri(reverse("oai_pmh")))
    try:
        oai_request = parse_request(arguments)
        # The request's arguments are echoed only once they are known to be legal.
        for name, value in sorted(oai_request.arguments.items()):
            request_element.set(name, value)
        request_element.set("verb", oai_request.verb)
        VERBS[oai_request.verb](request, root, oai_request.arguments)
    except OaiError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code in ("badVerb", "badArgument"):
            request_element.attrib.clear()
        _add(root, "error", error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def identify(request, root, arguments):
    from django.conf import settings

    from .models import OaiItem

    earliest = OaiItem.objects.aggregate(earliest=Min("datestamp"))["earliest"] or clock.now()
    identify = _add(root, "Identify")
    _add(identify, "repositoryName", settings.WAGTAIL_SITE_NAME)
    _add(identify, "baseURL", request.build_absolute_uri(reverse("oai_pmh")))
    _add(identify, "protocolVersion", "2.0")
    for email in admin_emails():
        _add(identify, "adminEmail", email)
    _add(identify, "earliestDatestamp", format_datestamp(earliest))
    _add(identify, "deletedRecord", "persistent")
    _add(identify, "granularity", GRANULARITY)
    if follows_oai_identifier_scheme():
        description = _add(identify, "description")
        scheme = etree.SubElement(
            description,
            f"{{{OAI_IDENTIFIER}}}oai-identifier",
            {f"{{{XSI}}}schemaLocation": f"{OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"},
            nsmap={None: OAI_IDENTIFIER},
        )
        for name, value in (
            ("scheme", "oai"),
            ("repositoryIdentifier", repository_identifier()),
            ("delimiter", ":"),
            ("sampleIdentifier", identifier_for(42)),
        ):
            etree.SubElement(scheme, f"{{{OAI_IDENTIFIER}}}{name}").text = value


def admin_emails():
    """Who answers for the repository: ADMINS, else HERITAGE_OAI_ADMIN_EMAIL, else the
    webmaster of the public host."""
    from django.conf import settings

    emails = [email for _name, email in getattr(settings, "ADMINS", [])]
    configured = getattr(settings, "HERITAGE_OAI_ADMIN_EMAIL", "")
    if configured:
        emails.append(configured)
    if not emails:
        host = repository_identifier()
        emails.append(f"webmaster@{host}" if "." in host else "webmaster@localhost.localdomain")
    return emails


def list_metadata_formats(request, root, arguments):
    if "identifier" in arguments:
        _item(arguments["identifier"])
    formats = _add(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        element = _add(formats, "metadataFormat")
        _add(element, "metadataPrefix", prefix)
        _add(element, "schema", schema)
        _add(element, "metadataNamespace", namespace)


def list_sets(request, root, arguments):
    from .sets import catalogue

    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "ListSets is answered in one response; there is nothing to resume.")
    sets = _add(root, "ListSets")
    for spec, name, name_en in catalogue():
        element = _add(sets, "set")
        _add(element, "setSpec", spec)
        _add(element, "setName", name)
        description = _add(element, "setDescription")
        dc = etree.SubElement(description, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
        dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
        for text, language in ((name, "vi"), (name_en, "en")):
            title = etree.SubElement(dc, f"{{{DC}}}title")
            title.text = text
            title.set("{http://www.w3.org/XML/1998/namespace}lang", language)


def _item(identifier):
    """The OaiItem behind an identifier (public or deleted); idDoesNotExist otherwise."""
    from .models import OaiItem

    record_id = record_id_from(identifier)
    item = OaiItem.objects.filter(pk=record_id).first() if record_id else None
    if item is None:
        raise OaiError("idDoesNotExist", f"No record has the identifier '{identifier}'.")
    return item


def get_record(request, root, arguments):
    prefix = metadata_prefix(arguments["metadataPrefix"])
    item = _item(arguments["identifier"])
    container = _add(root, "GetRecord")
    _write_records(container, [(item.pk, item.datestamp, item.deleted)], prefix)


def list_identifiers(request, root, arguments):
    _list(root, ListQuery.from_arguments("ListIdentifiers", arguments), with_metadata=False)


def list_records(request, root, arguments):
    _list(root, ListQuery.from_arguments("ListRecords", arguments), with_metadata=True)


def _list(root, query, with_metadata):
    from .sets import exists

    if query.set_spec and not query.after and not exists(query.set_spec):
        raise OaiError("noRecordsMatch", f"There is no set '{query.set_spec}'.")
    rows, token, size = query.page()
    if not rows:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    container = _add(root, query.verb)
    if with_metadata:
        _write_records(container, rows, query.prefix)
    else:
        for record_id, datestamp, deleted, specs in _headers(rows):
            _write_header(container, record_id, datestamp, deleted, specs)
    if token or query.sent:
        attributes = {"completeListSize": str(size), "cursor": str(query.sent)}
        if token:
            attributes["expirationDate"] = format_datestamp(clock.now() + TOKEN_LIFETIME)
        _add(container, "resumptionToken", token, **attributes)


def _headers(rows):
    """(record id, datestamp, deleted, set specs) for rows of (record id, datestamp,
    deleted): an item whose record is not public now is deleted, whatever the row says."""
    from heritage.models import RecordPage

    from .models import OaiItemSet

    ids = [row[0] for row in rows]
    public = set(RecordPage.objects.public().filter(pk__in=ids).values_list("pk", flat=True))
    specs = {}
    for item_id, spec in OaiItemSet.objects.filter(item_id__in=ids).order_by("spec").values_list("item_id", "spec"):
        specs.setdefault(item_id, []).append(spec)
    return [
        (record_id, datestamp, deleted or record_id not in public, specs.get(record_id, []))
        for record_id, datestamp, deleted in rows
    ]


def _write_header(parent, record_id, datestamp, deleted, specs):
    header = _add(parent, "header", **({"status": "deleted"} if deleted else {}))
    _add(header, "identifier", identifier_for(record_id))
    _add(header, "datestamp", format_datestamp(datestamp))
    for spec in specs:
        _add(header, "setSpec", spec)
    return header


def _write_records(container, rows, prefix):
    from .records import load_sheets

    headers = _headers(rows)
    sheets = load_sheets([record_id for record_id, _datestamp, deleted, _specs in headers if not deleted])
    for record_id, datestamp, deleted, specs in headers:
        sheet = sheets.get(record_id)
        record = _add(container, "record")
        _write_header(record, record_id, datestamp, deleted or sheet is None, specs)
        if sheet is not None and not deleted:
            WRITERS[prefix](_add(record, "metadata"), sheet)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
