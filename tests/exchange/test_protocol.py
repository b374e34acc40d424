"""The six verbs and the protocol's errors, as a harvester sees them."""

import re

import pytest
from django.test import override_settings

from exchange.protocol import identifier_for
from tests.exchange.conftest import NS, XML_LANG, error_code, identifiers, oai, texts
from tests.factories import make_record

pytestmark = pytest.mark.django_db

UTC_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@pytest.fixture
def festival(record_index, clock):
    record = make_record(record_index, title="Lễ hội đâm trâu", title_en="Buffalo sacrifice festival")
    clock.advance()
    return record


def request_attributes(root):
    return dict(root.find("oai:request", NS).attrib)


class TestEnvelope:
    def test_every_response_has_the_protocol_namespace_date_and_request(self, client, festival):
        root = oai(client, verb="Identify")
        assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
        assert "OAI-PMH.xsd" in root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
        children = [child.tag.split("}")[1] for child in root]
        assert children == ["responseDate", "request", "Identify"]
        assert UTC_SECOND.fullmatch(root.findtext("oai:responseDate", namespaces=NS))
        assert root.findtext("oai:request", namespaces=NS) == "http://testserver/oai/"
        assert request_attributes(root) == {"verb": "Identify"}

    def test_post_answers_as_get_does(self, client, festival):
        by_get = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        by_post = oai(client, method="post", verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert identifiers(by_get) == identifiers(by_post) == [identifier_for(festival.pk)]

    def test_post_needs_no_csrf_token(self, festival):
        from django.test import Client

        root = oai(Client(enforce_csrf_checks=True), method="post", verb="Identify")
        assert error_code(root) is None


class TestIdentify:
    def test_identify_declares_persistent_deletions_and_second_granularity(self, client, festival):
        identify = oai(client, verb="Identify").find("oai:Identify", NS)
        assert identify.findtext("oai:repositoryName", namespaces=NS) == "Thư viện điện tử di sản các dân tộc"
        assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
        assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
        assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
        assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
        assert UTC_SECOND.fullmatch(identify.findtext("oai:earliestDatestamp", namespaces=NS))
        assert re.fullmatch(r"\S+@(\S+\.)+\S+", identify.findtext("oai:adminEmail", namespaces=NS))
        order = [child.tag.split("}")[1] for child in identify]
        assert order[:7] == [
            "repositoryName",
            "baseURL",
            "protocolVersion",
            "adminEmail",
            "earliestDatestamp",
            "deletedRecord",
            "granularity",
        ]

    def test_earliest_datestamp_is_the_oldest_item(self, client, festival):
        root = oai(client, verb="Identify")
        header = oai(client, verb="GetRecord", identifier=identifier_for(festival.pk), metadataPrefix="oai_dc")
        assert root.findtext(".//oai:earliestDatestamp", namespaces=NS) == header.findtext(
            ".//oai:datestamp", namespaces=NS
        )

    @override_settings(WAGTAILADMIN_BASE_URL="https://thuvien.example.vn")
    def test_identifiers_carry_the_public_host_whatever_address_was_asked(self, client, festival):
        root = oai(client, verb="Identify")
        description = root.find(".//oai-identifier:oai-identifier", NS)
        assert description.findtext("oai-identifier:repositoryIdentifier", namespaces=NS) == "thuvien.example.vn"
        assert description.findtext("oai-identifier:sampleIdentifier", namespaces=NS) == "oai:thuvien.example.vn:42"
        listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert identifiers(listed) == [f"oai:thuvien.example.vn:{festival.pk}"]
        record = oai(
            client, verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:thuvien.example.vn:{festival.pk}"
        )
        assert texts(record, ".//dc:identifier") == [f"https://thuvien.example.vn/r/{festival.pk}/"]

    def test_a_host_that_is_no_domain_name_gets_no_oai_identifier_description(self, client, festival):
        assert oai(client, verb="Identify").find(".//oai:description", NS) is None


class TestBadVerb:
    @pytest.mark.parametrize("arguments", [{}, {"verb": "ListRecord"}, {"verb": "identify"}, {"verb": ""}])
    def test_missing_or_unknown_verb(self, client, arguments):
        root = oai(client, **arguments)
        assert error_code(root) == "badVerb"
        assert request_attributes(root) == {}

    def test_repeated_verb(self, client):
        root = oai(client, verb=["Identify", "Identify"])
        assert error_code(root) == "badVerb"
        assert request_attributes(root) == {}


class TestBadArgument:
    @pytest.mark.parametrize(
        "arguments",
        [
            {"verb": "Identify", "metadataPrefix": "oai_dc"},
            {"verb": "ListSets", "set": "type"},
            {"verb": "ListRecords"},
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "identifier": "oai:testserver:1"},
            {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
            {"verb": "GetRecord", "identifier": "oai:testserver:1"},
            {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "edm"]},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": ["type:festival", "type:custom"]},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "abc"},
            {"verb": "ListRecords", "metadataPrefix": "oai dc"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type festival"},
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": ""},
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:testserver:1\x01"},
        ],
        ids=[
            "Identify with an argument",
            "ListSets with a set",
            "ListRecords without a prefix",
            "ListIdentifiers with an identifier",
            "GetRecord without an identifier",
            "GetRecord without a prefix",
            "repeated prefix",
            "repeated set",
            "resumptionToken with other arguments",
            "prefix with a space",
            "set with a space",
            "empty set",
            "control character",
        ],
    )
    def test_illegal_missing_or_repeated_arguments(self, client, arguments):
        root = oai(client, **arguments)
        assert error_code(root) == "badArgument"
        assert request_attributes(root) == {}

    @pytest.mark.parametrize(
        "dates",
        [
            {"from": "2024-13-01"},
            {"from": "2024-02-30"},
            {"until": "yesterday"},
            {"from": "2024-01-01T00:00:00"},
            {"from": "2024-01-01T00:00Z"},
            {"from": "2024-01-01T10:00:00+07:00"},
            {"from": "２０２４-01-01"},
            {"from": "0000-01-01"},
            {"from": ""},
            {"from": "2024-01-01", "until": "2024-06-01T00:00:00Z"},
            {"from": "2024-06-02", "until": "2024-06-01"},
            {"from": "2024-06-01T00:00:01Z", "until": "2024-06-01T00:00:00Z"},
        ],
        ids=[
            "month 13",
            "30 February",
            "words",
            "no Z",
            "no seconds",
            "offset",
            "full-width digits",
            "year zero",
            "empty",
            "mixed granularity",
            "from after until (days)",
            "from after until (seconds)",
        ],
    )
    def test_bad_dates(self, client, dates):
        for verb in ("ListRecords", "ListIdentifiers"):
            root = oai(client, verb=verb, metadataPrefix="oai_dc", **dates)
            assert error_code(root) == "badArgument"


class TestFormats:
    def test_both_formats_are_listed(self, client, festival):
        formats = oai(client, verb="ListMetadataFormats").findall(".//oai:metadataFormat", NS)
        assert [
            (f.findtext("oai:metadataPrefix", namespaces=NS), f.findtext("oai:metadataNamespace", namespaces=NS))
            for f in formats
        ] == [
            ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
            ("edm", "http://www.europeana.eu/schemas/edm/"),
        ]

    def test_formats_of_one_item(self, client, festival):
        root = oai(client, verb="ListMetadataFormats", identifier=identifier_for(festival.pk))
        assert texts(root, ".//oai:metadataPrefix") == ["oai_dc", "edm"]

    @pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers", "GetRecord"])
    def test_an_unknown_format_cannot_be_disseminated(self, client, festival, verb):
        arguments = {"identifier": identifier_for(festival.pk)} if verb == "GetRecord" else {}
        root = oai(client, verb=verb, metadataPrefix="marcxml", **arguments)
        assert error_code(root) == "cannotDisseminateFormat"
        assert request_attributes(root)["metadataPrefix"] == "marcxml"


class TestIdentifiers:
    @pytest.mark.parametrize(
        "identifier",
        [
            "42",
            "oai:testserver:",
            "oai:testserver:abc",
            "oai:elsewhere.vn:{pk}",
            "oai:testserver:0{pk}",
            "oai:testserver:99999999999999999999999",
            "oai:testserver:١٢",
        ],
    )
    def test_unknown_or_malformed_identifiers_do_not_exist(self, client, festival, identifier):
        identifier = identifier.format(pk=festival.pk)
        for arguments in ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, {"verb": "ListMetadataFormats"}):
            root = oai(client, identifier=identifier, **arguments)
            assert error_code(root) == "idDoesNotExist"
            assert request_attributes(root)["identifier"] == identifier

    def test_get_record_returns_one_record_with_its_header(self, client, festival):
        root = oai(client, verb="GetRecord", identifier=identifier_for(festival.pk), metadataPrefix="oai_dc")
        records = root.findall("oai:GetRecord/oai:record", NS)
        assert len(records) == 1
        header = records[0].find("oai:header", NS)
        assert [child.tag.split("}")[1] for child in header] == [
            "identifier",
            "datestamp",
            "setSpec",
            "setSpec",
            "setSpec",
        ]
        assert [child.tag.split("}")[1] for child in records[0]] == ["header", "metadata"]


class TestLists:
    def test_no_records_match_an_empty_repository(self, client, site_tree, clock):
        for verb in ("ListRecords", "ListIdentifiers"):
            root = oai(client, verb=verb, metadataPrefix="oai_dc")
            assert error_code(root) == "noRecordsMatch"
            assert request_attributes(root) == {"verb": verb, "metadataPrefix": "oai_dc"}

    def test_from_and_until_select_by_datestamp(self, client, record_index, clock):
        first = make_record(record_index)
        clock.advance(60)
        second = make_record(record_index)
        clock.advance(60)
        stamps = {
            element.findtext("oai:identifier", namespaces=NS): element.findtext("oai:datestamp", namespaces=NS)
            for element in oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(".//oai:header", NS)
        }
        second_stamp = stamps[identifier_for(second.pk)]
        since = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": second_stamp})
        assert identifiers(since) == [identifier_for(second.pk)]
        before = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=stamps[identifier_for(first.pk)])
        assert identifiers(before) == [identifier_for(first.pk)]
        day = second_stamp[:10]
        whole_day = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": day, "until": day})
        assert len(identifiers(whole_day)) in (1, 2)  # both, unless midnight fell between them
        later = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2999-01-01"})
        assert error_code(later) == "noRecordsMatch"

    def test_a_single_page_has_no_resumption_token(self, client, festival):
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
        assert root.find(".//oai:resumptionToken", NS) is None

    def test_list_identifiers_gives_headers_only(self, client, festival):
        root = oai(client, verb="ListIdentifiers", metadataPrefix="edm")
        assert root.find(".//oai:metadata", NS) is None
        assert len(root.findall("oai:ListIdentifiers/oai:header", NS)) == 1

    @pytest.mark.parametrize(
        "token",
        ["abc", "", "x" * 5000, "eyJ2IjoiTGlzdFJlY29yZHMifQ:1tA:forged"],
    )
    def test_a_bad_resumption_token(self, client, festival, token):
        for verb in ("ListRecords", "ListIdentifiers", "ListSets"):
            root = oai(client, verb=verb, resumptionToken=token)
            assert error_code(root) == "badResumptionToken"
            assert request_attributes(root) == {"verb": verb, "resumptionToken": token}


class TestSets:
    def test_sets_are_named_in_vietnamese_with_english_descriptions(self, client, site_tree):
        sets = {
            element.findtext("oai:setSpec", namespaces=NS): element
            for element in oai(client, verb="ListSets").iterfind(".//oai:set", NS)
        }
        assert sets["type:festival"].findtext("oai:setName", namespaces=NS) == "Lễ hội"
        assert sets["type:custom"].findtext("oai:setName", namespaces=NS) == "Phong tục tập quán"
        assert sets["type:product"].findtext("oai:setName", namespaces=NS) == "Sản phẩm tiêu biểu"
        assert sets["group:hre"].findtext("oai:setName", namespaces=NS) == "Dân tộc Hrê"
        assert sets["province:51"].findtext("oai:setName", namespaces=NS) == "Quảng Ngãi"
        english = sets["type:festival"].find(
            ".//dc:title[@xml:lang='en']", {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}
        )
        assert english.text == "Festivals"
        assert {"type", "group", "province"} <= set(sets)
        assert len([spec for spec in sets if spec.startswith("group:")]) == 54
        assert len([spec for spec in sets if spec.startswith("province:")]) == 63

    def test_a_record_is_in_every_set_that_applies(self, client, record_index, clock):
        from heritage.models import CustomPage, ProductPage

        festival = make_record(record_index, groups=("hre",), province="51")
        custom = make_record(record_index, model=CustomPage, groups=("co", "hre"), province="49")
        product = make_record(record_index, model=ProductPage, groups=("co",), province=None, ocop_stars=4)
        clock.advance()

        def harvested(spec):
            root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
            return sorted(identifiers(root)) if error_code(root) is None else error_code(root)

        ids = {record: identifier_for(record.pk) for record in (festival, custom, product)}
        assert harvested("type:festival") == [ids[festival]]
        assert harvested("type:product") == [ids[product]]
        assert harvested("group:hre") == sorted([ids[festival], ids[custom]])
        assert harvested("group:co") == sorted([ids[custom], ids[product]])
        assert harvested("province:49") == [ids[custom]]
        assert harvested("type") == sorted(ids.values())
        assert harvested("province") == sorted([ids[festival], ids[custom]])
        assert harvested("group:mong") == "noRecordsMatch"
        assert harvested("group:no-such-group") == "noRecordsMatch"
        header = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=ids[custom])
        assert texts(header, ".//oai:setSpec") == ["group:co", "group:hre", "province:49", "type:custom"]


class TestVietnameseText:
    def test_text_is_nfc_and_tagged_by_language(self, client, record_index, clock):
        import unicodedata

        decomposed = unicodedata.normalize("NFD", "Lễ cúng bến nước")
        record = make_record(record_index, title=decomposed, title_en="Water-wharf offering")
        clock.advance()
        root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(record.pk))
        titles = {title.get(XML_LANG): title.text for title in root.iterfind(".//dc:title", NS)}
        assert titles == {"vi": "Lễ cúng bến nước", "en": "Water-wharf offering"}
        assert unicodedata.is_normalized("NFC", titles["vi"])
