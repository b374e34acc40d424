"""The protocol's XML rules, checked on every kind of response with lxml (no package
ships the OAI-PMH schema): namespaces, the order of elements, and UTC dates."""

import re

import pytest

from exchange.protocol import identifier_for
from tests.exchange.conftest import NS, oai
from tests.factories import make_image, make_record

pytestmark = pytest.mark.django_db
OAI = "{http://www.openarchives.org/OAI/2.0/}"
UTC_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
ERROR_CODES = {
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
}
VERB_ELEMENTS = {"Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"}


def local(element):
    return element.tag.replace(OAI, "")


def check_header(header):
    names = [local(child) for child in header]
    assert names[:2] == ["identifier", "datestamp"] and set(names[2:]) <= {"setSpec"}
    assert UTC_SECOND.fullmatch(header.findtext("oai:datestamp", namespaces=NS))
    assert header.get("status") in (None, "deleted")


def check(root):
    assert root.tag == f"{OAI}OAI-PMH"
    names = [local(child) for child in root]
    assert names[:2] == ["responseDate", "request"]
    assert UTC_SECOND.fullmatch(root.findtext("oai:responseDate", namespaces=NS))
    rest = names[2:]
    if rest[0] == "error":
        assert set(rest) == {"error"}
        assert all(error.get("code") in ERROR_CODES and error.text for error in root.iterfind("oai:error", NS))
        return
    assert len(rest) == 1 and rest[0] in VERB_ELEMENTS
    body = root[2]
    for record in body.iterfind("oai:record", NS):
        children = [local(child) for child in record]
        assert children in (["header"], ["header", "metadata"])
        check_header(record[0])
        assert (record[0].get("status") == "deleted") == (children == ["header"])
        if len(record) == 2:
            assert len(record[1]) == 1 and not record[1][0].tag.startswith(OAI)  # one element of another namespace
    for header in body.iterfind("oai:header", NS):
        check_header(header)
    tokens = body.findall("oai:resumptionToken", NS)
    if tokens:
        assert local(body[-1]) == "resumptionToken"
        assert int(tokens[0].get("cursor")) >= 0 and int(tokens[0].get("completeListSize")) > 0
    for set_element in body.iterfind("oai:set", NS):
        assert [local(child) for child in set_element] == ["setSpec", "setName", "setDescription"]
    for metadata_format in body.iterfind("oai:metadataFormat", NS):
        assert [local(child) for child in metadata_format] == ["metadataPrefix", "schema", "metadataNamespace"]


def test_every_response_follows_the_protocols_rules(client, record_index, clock):
    from exchange.items import synchronise
    from heritage.models import ProductPage
    from heritage.synthetic import generate_records

    record = make_record(
        record_index, title="Lễ", title_en="Rite", latitude=15.0, longitude=108.5, main_image=make_image()
    )
    make_record(
        record_index, model=ProductPage, ocop_stars=4, location_access="community", latitude=15.1, longitude=108.4
    )
    gone = make_record(record_index)
    gone.unpublish()
    generate_records(120, seed=1)
    synchronise()
    clock.advance()
    requests = [
        {"verb": "Identify"},
        {"verb": "ListSets"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": identifier_for(record.pk)},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier_for(record.pk)},
        {"verb": "GetRecord", "metadataPrefix": "edm", "identifier": identifier_for(gone.pk)},
        {"verb": "ListRecords", "metadataPrefix": "x"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
        {"verb": "ListRecords", "resumptionToken": "bad"},
        {"verb": "Nope"},
    ]
    for prefix in ("oai_dc", "edm"):
        for verb in ("ListRecords", "ListIdentifiers"):
            requests.append({"verb": verb, "metadataPrefix": prefix})
    for arguments in requests:
        root = oai(client, **arguments)
        check(root)
        token = root.find(".//oai:resumptionToken", NS)
        while token is not None and token.text:
            root = oai(client, verb=arguments["verb"], resumptionToken=token.text)
            check(root)
            token = root.find(".//oai:resumptionToken", NS)
