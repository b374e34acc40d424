"""Real harvesting clients nobody here wrote (sickle, oaipmh-scythe) harvest the whole
live test server, through every set and in both formats; what they get is exactly the
public records."""

import pytest

from exchange.items import synchronise
from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage
from heritage.synthetic import generate_records
from tests.factories import make_image, make_record, make_site_tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
FORMATS = ("oai_dc", "edm")


@pytest.fixture
def library(clock):
    _home, record_index, _collections = make_site_tree()
    make_record(record_index, title="Lễ ăn trâu của người Hrê", title_en="Buffalo feast", main_image=make_image())
    make_record(record_index, model=ProductPage, title="Thổ cẩm Co", groups=("co",), province="49", ocop_stars=4)
    make_record(record_index, model=CustomPage, title="Lễ kín", access_level="community")
    withdrawn = make_record(record_index, title="Hồ sơ đã gỡ")
    withdrawn.unpublish()
    generate_records(130, seed=3)  # more than a page, some community and staff only
    synchronise()
    clock.advance()
    return RecordPage.objects.public()


def expected_sets(public):
    """set spec → ids of the public records in it, for every set the provider lists."""
    from exchange.sets import catalogue

    by_set = {}
    for spec, _name, _english in catalogue():
        kind, _colon, value = spec.partition(":")
        records = public
        if kind == "type" and value:
            records = public.type({"festival": FestivalPage, "custom": CustomPage, "product": ProductPage}[value])
        elif kind == "group":
            records = public.filter(ethnic_groups__slug=value) if value else public.filter(ethnic_groups__isnull=False)
        elif kind == "province":
            records = public.filter(province__code=value) if value else public.filter(province__isnull=False)
        by_set[spec] = set(records.values_list("pk", flat=True).distinct())
    return by_set


def record_id(identifier):
    return int(identifier.rsplit(":", 1)[1])


def test_sickle_harvests_every_set_in_both_formats(live_server, library):
    from sickle import Sickle
    from sickle.oaiexceptions import NoRecordsMatch

    public_ids = set(library.values_list("pk", flat=True))
    for method in ("GET", "POST"):
        sickle = Sickle(f"{live_server.url}/oai/", http_method=method, max_retries=0)
        assert sickle.Identify().deletedRecord == "persistent"
        for prefix in FORMATS:
            records = list(sickle.ListRecords(metadataPrefix=prefix))
            live = [record for record in records if not record.header.deleted]
            assert len(live) == len(public_ids) == library.count()
            assert {record_id(record.header.identifier) for record in live} == public_ids
            assert all(record.metadata for record in live)
            assert len([record for record in records if record.header.deleted]) == 1  # the withdrawn one
    sickle = Sickle(f"{live_server.url}/oai/", max_retries=0)
    sets = {item.setSpec for item in sickle.ListSets()}
    wanted = expected_sets(library)
    assert sets == set(wanted)
    for spec in sorted(sets):
        for prefix in FORMATS:
            try:
                got = {
                    record_id(record.header.identifier)
                    for record in sickle.ListRecords(metadataPrefix=prefix, set=spec)
                    if not record.header.deleted
                }
            except NoRecordsMatch:
                got = set()
            assert got == wanted[spec], spec


def test_oaipmh_scythe_harvests_every_set_in_both_formats(live_server, library):
    from oaipmh_scythe import NoRecordsMatch, Scythe

    public_ids = set(library.values_list("pk", flat=True))
    wanted = expected_sets(library)
    with Scythe(f"{live_server.url}/oai/") as scythe:
        assert scythe.identify().repositoryName == "Thư viện điện tử di sản các dân tộc"
        assert [item.metadataPrefix for item in scythe.list_metadata_formats()] == list(FORMATS)
        assert {item.setSpec for item in scythe.list_sets()} == set(wanted)
        for prefix in FORMATS:
            records = list(scythe.list_records(metadata_prefix=prefix, ignore_deleted=True))
            assert {record_id(record.header.identifier) for record in records} == public_ids
            assert len(records) == library.count()
            one = scythe.get_record(identifier=records[0].header.identifier, metadata_prefix=prefix)
            assert one.header.identifier == records[0].header.identifier
        titles = {
            title
            for record in scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=True)
            for title in record.metadata.get("title", [])
        }
        assert {"Lễ ăn trâu của người Hrê", "Buffalo feast", "Thổ cẩm Co"} <= titles
        assert "Lễ kín" not in titles
        for spec in sorted(wanted):
            for prefix in FORMATS:
                try:
                    got = {
                        record_id(header.identifier)
                        for header in scythe.list_identifiers(metadata_prefix=prefix, set_=spec, ignore_deleted=True)
                    }
                except NoRecordsMatch:
                    got = set()
                assert got == wanted[spec], spec
