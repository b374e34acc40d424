"""What each format says about a record: Dublin Core and the Europeana Data Model."""

import pytest

from exchange.protocol import identifier_for
from heritage.models import ProductPage, Subject
from tests.exchange.conftest import NS, XML_LANG, oai, texts
from tests.factories import make_image, make_record

pytestmark = pytest.mark.django_db
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
RDF_RESOURCE = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource"


def by_language(elements):
    return {(element.get(XML_LANG), element.text) for element in elements}


@pytest.fixture
def festival(record_index, clock):
    photo = make_image(title="Cây nêu", description="Cây nêu giữa sân làng")
    gallery = [make_image(title="Ché rượu"), make_image(title="Chiêng")]
    record = make_record(
        record_index,
        title="Lễ hội đâm trâu",
        title_en="Buffalo sacrifice festival",
        summary="Lễ hội lớn nhất của làng.",
        summary_en="The village's greatest festival.",
        groups=("hre", "co"),
        subjects=Subject.objects.filter(slug="le-hoi-cong-dong"),
        place_name="Làng Teng",
        admin_unit="huyện Sơn Hà",
        latitude=15.0442,
        longitude=108.4681,
        main_image=photo,
        body=[
            {"type": "image", "value": {"image": photo.pk, "caption": "again"}},
            {
                "type": "gallery",
                "value": {"heading": "", "images": [{"image": image.pk, "caption": ""} for image in gallery]},
            },
        ],
        contributors=[
            {"type": "contributor", "value": {"name": "Đinh Văn Lành", "role": "recorder", "organisation": ""}}
        ],
        sources=[{"type": "source", "value": {"citation": "Địa chí Quảng Ngãi, 2008", "url": "", "note": ""}}],
        recorded_on="2019-03-02",
        month=1,
        day=15,
    )
    clock.advance()
    record.images = [photo, *gallery]
    return record


def get_record(client, record, prefix):
    return oai(client, verb="GetRecord", metadataPrefix=prefix, identifier=identifier_for(record.pk))


class TestDublinCore:
    def test_titles_and_descriptions_in_both_languages(self, client, festival):
        dc = get_record(client, festival, "oai_dc").find(".//oai_dc:dc", NS)
        assert by_language(dc.iterfind("dc:title", NS)) == {
            ("vi", "Lễ hội đâm trâu"),
            ("en", "Buffalo sacrifice festival"),
        }
        assert by_language(dc.iterfind("dc:description", NS)) == {
            ("vi", "Lễ hội lớn nhất của làng."),
            ("en", "The village's greatest festival."),
        }
        assert "oai_dc.xsd" in dc.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")

    def test_subjects_are_the_ethnic_groups_and_subjects(self, client, festival):
        dc = get_record(client, festival, "oai_dc").find(".//oai_dc:dc", NS)
        subjects = {text for _language, text in by_language(dc.iterfind("dc:subject", NS))}
        assert {"Hrê", "Co", "Lễ hội cộng đồng"} <= subjects

    def test_place_coordinates_rights_type_date_identifier_relation_language(self, client, festival):
        dc = get_record(client, festival, "oai_dc").find(".//oai_dc:dc", NS)
        coverage = texts(dc, "dc:coverage")
        assert "Làng Teng, huyện Sơn Hà, Quảng Ngãi" in coverage
        assert "east=108.4681; north=15.0442; projection=WGS84" in coverage
        assert "ngày 15 tháng Giêng âm lịch" in coverage
        assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in texts(dc, "dc:rights")
        assert {"Event", "Lễ hội", "Festival"} <= set(texts(dc, "dc:type"))
        assert texts(dc, "dc:date") == ["2019-03-02"]
        assert texts(dc, "dc:identifier") == [f"http://testserver/r/{festival.pk}/"]
        assert texts(dc, "dc:relation") == [f"http://testserver/iiif/manifest/{festival.pk}"]
        assert texts(dc, "dc:language") == ["vi", "en"]
        assert texts(dc, "dc:contributor") == ["Đinh Văn Lành (recorder)"]
        assert texts(dc, "dc:source") == ["Địa chí Quảng Ngãi, 2008"]

    def test_the_stable_url_and_manifest_answer(self, client, festival):
        assert client.get(f"/r/{festival.pk}/").status_code == 302
        assert client.get(f"/iiif/manifest/{festival.pk}").status_code == 200

    def test_a_record_without_images_has_no_manifest_relation(self, client, record_index, clock):
        record = make_record(record_index)
        clock.advance()
        assert texts(get_record(client, record, "oai_dc"), ".//dc:relation") == []


class TestEuropeanaDataModel:
    def test_the_graph_has_the_aggregation_the_heritage_and_its_web_resources(self, client, festival):
        rdf = get_record(client, festival, "edm").find(".//rdf:RDF", NS)
        base = f"http://testserver/r/{festival.pk}/"
        cho = rdf.find("edm:ProvidedCHO", NS)
        assert cho.get(RDF_ABOUT) == f"{base}#cho"
        assert by_language(cho.iterfind("dc:title", NS)) == {
            ("vi", "Lễ hội đâm trâu"),
            ("en", "Buffalo sacrifice festival"),
        }
        assert cho.findtext("edm:type", namespaces=NS) == "IMAGE"
        aggregation = rdf.find("ore:Aggregation", NS)
        assert aggregation.find("edm:aggregatedCHO", NS).get(RDF_RESOURCE) == f"{base}#cho"
        assert aggregation.find("edm:isShownAt", NS).get(RDF_RESOURCE) == base
        assert aggregation.find("edm:rights", NS).get(RDF_RESOURCE) == "http://creativecommons.org/licenses/by/4.0/"
        assert aggregation.findtext("edm:dataProvider", namespaces=NS) == "Thư viện điện tử di sản các dân tộc"
        services = [f"http://testserver/iiif/3/{image.pk}" for image in festival.images]
        shown = [aggregation.find("edm:isShownBy", NS).get(RDF_RESOURCE)]
        shown += [view.get(RDF_RESOURCE) for view in aggregation.iterfind("edm:hasView", NS)]
        assert shown == [f"{service}/full/max/0/default.jpg" for service in services]
        resources = rdf.findall("edm:WebResource", NS)
        assert [resource.get(RDF_ABOUT) for resource in resources] == shown
        for resource, service in zip(resources, services, strict=True):
            assert resource.find("svcs:has_service", NS).get(RDF_RESOURCE) == service
            assert (
                resource.find("dcterms:isReferencedBy", NS).get(RDF_RESOURCE).endswith(f"/iiif/manifest/{festival.pk}")
            )
        declared = [service.get(RDF_ABOUT) for service in rdf.iterfind("svcs:Service", NS)]
        assert declared == services
        assert client.get(services[0].removeprefix("http://testserver") + "/info.json").status_code == 200

    def test_type_groups_with_codes_province_place_and_lunar_date(self, client, festival):
        rdf = get_record(client, festival, "edm").find(".//rdf:RDF", NS)
        cho = rdf.find("edm:ProvidedCHO", NS)
        concepts = {
            concept.get(RDF_ABOUT): concept.findtext("skos:notation", namespaces=NS)
            for concept in rdf.iterfind("skos:Concept", NS)
        }
        assert concepts["http://testserver/dan-toc/hre/"] == "hre"
        assert concepts["http://testserver/dan-toc/co/"] == "co"
        assert concepts["http://testserver/search/?type=festival"] == "festival"
        subjects = {subject.get(RDF_RESOURCE) for subject in cho.iterfind("dc:subject", NS)}
        assert {"http://testserver/dan-toc/hre/", "http://testserver/dan-toc/co/"} <= subjects
        place = rdf.find(f"edm:Place[@rdf:about='http://testserver/r/{festival.pk}/#place']", NS)
        assert place.findtext("wgs84_pos:lat", namespaces=NS) == "15.0442"
        assert place.findtext("wgs84_pos:long", namespaces=NS) == "108.4681"
        province = rdf.find("edm:Place[@rdf:about='http://testserver/search/?province=51']", NS)
        assert province.findtext("skos:notation", namespaces=NS) == "51"
        timespan = rdf.find("edm:TimeSpan", NS)
        assert timespan.findtext("skos:notation", namespaces=NS) == "15/1 ÂL"
        assert ("vi", "ngày 15 tháng Giêng âm lịch") in by_language(timespan.iterfind("skos:prefLabel", NS))

    def test_ocop_stars_and_product_kind(self, client, record_index, clock):
        product = make_record(record_index, model=ProductPage, kind="textile", ocop_stars=4, makers="HTX dệt Làng Teng")
        clock.advance()
        rdf = get_record(client, product, "edm").find(".//rdf:RDF", NS)
        concepts = {concept.findtext("skos:notation", namespaces=NS) for concept in rdf.iterfind("skos:Concept", NS)}
        assert {"product", "ocop-4", "textile"} <= concepts
        assert rdf.find("edm:ProvidedCHO", NS).findtext("dc:creator", namespaces=NS) == "HTX dệt Làng Teng"
        assert rdf.find("edm:ProvidedCHO", NS).findtext("edm:type", namespaces=NS) == "TEXT"
