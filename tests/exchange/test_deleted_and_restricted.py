"""Records that leave the public are reported as deleted; community and staff records,
and the exact places of protected sites, are never disseminated."""

import pytest

from exchange.protocol import identifier_for
from tests.exchange.conftest import NS, error_code, identifiers, oai, texts
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def header_of(client, record):
    root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(record.pk))
    header = root.find(".//oai:header", NS)
    return header, root


def publish_as(record, access_level):
    record = record.specific
    record.access_level = access_level
    record.save_revision().publish()


class TestDeletedRecords:
    @pytest.fixture
    def record(self, record_index, clock):
        record = make_record(record_index, title="Lễ mừng lúa mới")
        clock.advance()
        return record

    def assert_deleted_after(self, client, record, before):
        header, root = header_of(client, record)
        assert header.get("status") == "deleted"
        assert header.findtext("oai:datestamp", namespaces=NS) > before
        assert root.find(".//oai:metadata", NS) is None
        assert texts(header, "oai:setSpec") == ["group:hre", "province:51", "type:festival"]
        for verb in ("ListRecords", "ListIdentifiers"):
            listed = oai(client, verb=verb, metadataPrefix="oai_dc", **{"from": before})
            assert [h.get("status") for h in listed.iterfind(".//oai:header", NS)] == ["deleted"]
            assert listed.find(".//oai:metadata", NS) is None
        by_set = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="group:hre")
        assert identifiers(by_set) == [identifier_for(record.pk)]
        formats = oai(client, verb="ListMetadataFormats", identifier=identifier_for(record.pk))
        assert error_code(formats) is None

    def stamp(self, client, record):
        return header_of(client, record)[0].findtext("oai:datestamp", namespaces=NS)

    def test_unpublished(self, client, record, clock):
        before = self.stamp(client, record)
        record.unpublish()
        clock.advance()
        self.assert_deleted_after(client, record, before)

    def test_made_community_only(self, client, record, clock):
        before = self.stamp(client, record)
        publish_as(record, "community")
        clock.advance()
        self.assert_deleted_after(client, record, before)

    def test_made_staff_only_by_a_save_in_code(self, client, record, clock):
        before = self.stamp(client, record)
        record.access_level = "staff"
        record.save()
        clock.advance()
        self.assert_deleted_after(client, record, before)

    def test_deleted(self, client, record, clock):
        before = self.stamp(client, record)
        record.delete()
        clock.advance()
        self.assert_deleted_after(client, record, before)

    def test_public_again_reappears_with_a_new_datestamp(self, client, record, clock):
        publish_as(record, "community")
        clock.advance()
        deleted_at = self.stamp(client, record)
        publish_as(record, "public")
        clock.advance()
        header, root = header_of(client, record)
        assert header.get("status") is None
        assert header.findtext("oai:datestamp", namespaces=NS) > deleted_at
        assert texts(root, ".//dc:title") == ["Lễ mừng lúa mới"]
        since = oai(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": deleted_at})
        assert identifiers(since) == [identifier_for(record.pk)]

    def test_an_incremental_harvest_from_the_last_response_learns_of_the_deletion(self, client, record, clock):
        last = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        response_date = last.findtext("oai:responseDate", namespaces=NS)
        record.unpublish()
        clock.advance()
        since = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": response_date})
        assert [h.get("status") for h in since.iterfind(".//oai:header", NS)] == ["deleted"]

    def test_republishing_an_edit_gives_a_new_datestamp(self, client, record, clock):
        before = self.stamp(client, record)
        page = record.specific
        page.title = "Lễ mừng lúa mới (bản sửa)"
        page.save_revision().publish()
        clock.advance()
        header, root = header_of(client, record)
        assert header.findtext("oai:datestamp", namespaces=NS) > before
        assert "Lễ mừng lúa mới (bản sửa)" in texts(root, ".//dc:title")

    def test_saving_a_draft_does_not_touch_the_datestamp(self, client, record, clock):
        before = self.stamp(client, record)
        page = record.specific
        page.title = "Bản nháp"
        page.save_revision()
        clock.advance()
        assert self.stamp(client, record) == before


class TestRestrictedRecordsAreNeverDisseminated:
    def everything_an_anonymous_harvester_can_ask(self, client, records):
        responses = [oai(client, verb="Identify"), oai(client, verb="ListSets")]
        for prefix in ("oai_dc", "edm"):
            for verb in ("ListRecords", "ListIdentifiers"):
                responses.append(oai(client, verb=verb, metadataPrefix=prefix))
                for spec in ("type:festival", "group:hre", "province:51", "type"):
                    responses.append(oai(client, verb=verb, metadataPrefix=prefix, set=spec))
            for record in records:
                responses.append(
                    oai(client, verb="GetRecord", metadataPrefix=prefix, identifier=identifier_for(record.pk))
                )
        for record in records:
            responses.append(oai(client, verb="ListMetadataFormats", identifier=identifier_for(record.pk)))
        return responses

    def test_community_and_staff_records_do_not_appear_not_even_their_identifiers(
        self, client, records_by_level, community_member, curator, clock
    ):
        from lxml import etree

        clock.advance()
        public, community, staff = (records_by_level[level] for level in ("public", "community", "staff"))
        for who in (None, community_member, curator):
            if who:
                client.force_login(who)  # signing in changes nothing: the provider is public
            for root in self.everything_an_anonymous_harvester_can_ask(client, [public, community, staff]):
                body = etree.tostring(root, encoding=str)
                texts = [text.strip() for text in root.itertext()]  # the request's echo is an attribute
                for hidden in (community, staff):
                    assert identifier_for(hidden.pk) not in texts
                    assert f"/r/{hidden.pk}/" not in body
                    assert hidden.title not in body
            for hidden in (community, staff):
                root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(hidden.pk))
                assert error_code(root) == "idDoesNotExist"
        assert identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) == [identifier_for(public.pk)]

    def test_a_restricted_record_that_was_never_public_leaves_no_trace_when_deleted(self, client, record_index, clock):
        hidden = make_record(record_index, access_level="community")
        hidden.delete()
        make_record(record_index)
        clock.advance()

        listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert identifier_for(hidden.pk) not in [text.strip() for text in listed.itertext()]
        root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(hidden.pk))
        assert error_code(root) == "idDoesNotExist"

    def test_an_item_whose_record_is_not_public_now_is_reported_deleted_whatever_its_row_says(
        self, client, record_index, clock
    ):
        from heritage.models import RecordPage

        record = make_record(record_index, title="Lễ bị ẩn bằng truy vấn")
        RecordPage.objects.filter(pk=record.pk).update(access_level="staff")  # no signal at all
        clock.advance()
        for prefix in ("oai_dc", "edm"):
            root = oai(client, verb="ListRecords", metadataPrefix=prefix)
            assert [h.get("status") for h in root.iterfind(".//oai:header", NS)] == ["deleted"]
            assert root.find(".//oai:metadata", NS) is None
            header, single = header_of(client, record)
            assert header.get("status") == "deleted"


class TestSensitivePlaces:
    def test_a_protected_place_is_disseminated_at_its_generalised_point_only(self, client, record_index, clock):
        record = make_record(
            record_index,
            title="Rừng thiêng của làng",
            latitude=15.0442,
            longitude=108.4681,
            location_access="community",
        )
        record.refresh_from_db()
        assert (record.public_latitude, record.public_longitude) != (15.0442, 108.4681)
        clock.advance()
        from lxml import etree

        for prefix in ("oai_dc", "edm"):
            root = oai(client, verb="GetRecord", metadataPrefix=prefix, identifier=identifier_for(record.pk))
            body = etree.tostring(root, encoding=str)
            assert "15.0442" not in body and "108.4681" not in body
        dc = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(record.pk))
        point = [text for text in texts(dc, ".//dc:coverage") if text.startswith("east=")][0]
        east, north = (float(part.split("=")[1]) for part in point.split("; ")[:2])
        assert (north, east) == pytest.approx((record.public_latitude, record.public_longitude), abs=1e-6)
        assert "generalised location" in point
        edm = oai(client, verb="GetRecord", metadataPrefix="edm", identifier=identifier_for(record.pk))
        place = edm.find(".//edm:Place", NS)
        assert float(place.findtext("wgs84_pos:lat", namespaces=NS)) == pytest.approx(record.public_latitude)
        assert "Generalised location" in " ".join(texts(place, "skos:note"))

    def test_a_public_place_is_exact(self, client, record_index, clock):
        record = make_record(record_index, latitude=15.0442, longitude=108.4681)
        clock.advance()
        dc = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(record.pk))
        assert "east=108.4681; north=15.0442; projection=WGS84" in texts(dc, ".//dc:coverage")
