"""Our harvester against our own provider on a live server: every public record, in
both formats, becomes an external record; a record withdrawn or edited afterwards is
removed or updated by the next, incremental harvest."""

import pytest
from django.core.management import call_command

from exchange.items import synchronise
from exchange.models import ExternalRecord, HarvestRun, HarvestSource
from heritage.models import CustomPage, ProductPage, RecordPage
from heritage.synthetic import generate_records
from tests.factories import make_record, make_site_tree

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def library(clock):
    _home, record_index, _collections = make_site_tree()
    feast = make_record(
        record_index,
        title="Lễ ăn trâu của người Hrê",
        title_en="Buffalo feast of the Hrê",
        summary="Lễ hội lớn nhất của người Hrê.",
        latitude=15.0416,
        longitude=108.6536,
    )
    make_record(record_index, model=ProductPage, title="Thổ cẩm Co", groups=("co",), province="49", ocop_stars=4)
    make_record(record_index, model=CustomPage, title="Lễ kín", access_level="community")
    generate_records(120, seed=5)  # more than a page of the provider, some not public
    synchronise()
    clock.advance()
    return {"index": record_index, "feast": feast}


def harvest(url, *arguments):
    call_command("harvest", url, *arguments, verbosity=0)
    return HarvestSource.objects.get(base_url=url, metadata_prefix=arguments[-1] if arguments else "oai_dc")


def record_id(external):
    return int(external.identifier.rsplit(":", 1)[1])


@pytest.mark.parametrize("prefix", ["oai_dc", "edm"])
def test_every_public_record_is_harvested_from_our_provider(live_server, library, prefix):
    url = f"{live_server.url}/oai/"
    source = harvest(url, "--metadata-prefix", prefix)
    public = RecordPage.objects.public()
    run = source.last_run
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert run.pages == 2 and run.rejected == 0
    assert source.records.count() == public.count()
    assert {record_id(external) for external in source.records.all()} == set(public.values_list("pk", flat=True))
    assert source.name == "Thư viện điện tử di sản các dân tộc"
    feast = source.records.get(identifier=f"oai:testserver:{library['feast'].pk}")
    assert feast.title == "Lễ ăn trâu của người Hrê"
    assert feast.title_en == "Buffalo feast of the Hrê"
    assert feast.summary == "Lễ hội lớn nhất của người Hrê."
    assert feast.original_url == f"http://testserver/r/{library['feast'].pk}/"
    assert (round(feast.latitude, 4), round(feast.longitude, 4)) == (15.0416, 108.6536)
    assert "Hrê" in feast.subjects
    assert not source.records.filter(title="Lễ kín").exists()


def test_incremental_harvest_from_our_provider_follows_edits_and_withdrawals(live_server, library, clock):
    url = f"{live_server.url}/oai/"
    source = harvest(url)
    total = source.records.count()
    feast = library["feast"]
    feast.title = "Lễ ăn trâu (đã hiệu đính)"
    feast.save_revision().publish()
    withdrawn = RecordPage.objects.public().exclude(pk=feast.pk).order_by("pk").first()
    withdrawn.unpublish()
    make_record(library["index"], title="Lễ cầu mưa")
    clock.advance()

    source = harvest(url)
    run = source.last_run
    assert run.incremental_from is not None
    assert (run.created, run.updated, run.deleted) == (1, 1, 1)
    assert run.received == 3
    assert source.records.count() == total
    assert source.records.get(identifier=f"oai:testserver:{feast.pk}").title == "Lễ ăn trâu (đã hiệu đính)"
    assert not source.records.filter(identifier=f"oai:testserver:{withdrawn.pk}").exists()
    assert ExternalRecord.objects.filter(title="Lễ cầu mưa").exists()
