"""What a repository sends is judged, never trusted: records that cannot be read are
skipped and named, entity tricks expand nothing and read no file, a response that is not
OAI-PMH stops the run, and whatever was stored renders as plain text on our pages, which
never answer with a server error."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.models import ExternalRecord, HarvestRun, HarvestSource
from tests.exchange.harvest_servers import FixtureServer

pytestmark = pytest.mark.django_db

HEAD = b"""<?xml version="1.0" encoding="UTF-8"?>"""
ENVELOPE = """<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2025-01-02T03:04:05Z</responseDate>
<request verb="ListRecords">{base}</request>
<ListRecords>{records}</ListRecords>
</OAI-PMH>"""
RECORD = """<record><header><identifier>{identifier}</identifier><datestamp>{datestamp}</datestamp></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">{elements}</oai_dc:dc></metadata></record>"""


def page(*records, head=HEAD):
    return head + ENVELOPE.format(base="http://127.0.0.1/oai", records="".join(records)).encode()


def record(identifier, datestamp="2025-01-01T00:00:00Z", elements="<dc:title>Hồ sơ</dc:title>"):
    return RECORD.format(identifier=identifier, datestamp=datestamp, elements=elements)


@pytest.fixture
def repository():
    server = FixtureServer().start()
    yield server
    server.stop()


def harvest(repository):
    try:
        call_command("harvest", repository.base_url, verbosity=0)
    except CommandError:
        pass
    return HarvestSource.objects.get(base_url=repository.base_url).last_run


def test_records_that_cannot_be_read_are_named_and_the_rest_stored(repository):
    repository.raw_list_body = page(
        record("oai:x:1"),
        record("oai:x:2", datestamp="hôm qua"),
        record("", elements="<dc:title>Không có định danh</dc:title>"),
        record("oai:x:" + "9" * 600),
        "<record><header><identifier>oai:x:5</identifier><datestamp>2025-01-01</datestamp></header></record>",
        record("oai:x:6", datestamp="2025-01-01"),
    )
    with pytest.raises(CommandError, match="4"):
        call_command("harvest", repository.base_url, verbosity=0)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.received, run.created, run.rejected) == (6, 2, 4)
    assert {problem[0] for problem in run.problems} >= {"oai:x:2", "oai:x:5"}
    assert set(ExternalRecord.objects.values_list("identifier", flat=True)) == {"oai:x:1", "oai:x:6"}


def test_an_external_entity_reads_no_file(repository):
    doctype = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE OAI-PMH [<!ENTITY secret SYSTEM "file:///etc/passwd">]>"""
    repository.raw_list_body = page(record("oai:x:1", elements="<dc:title>Lễ &secret;</dc:title>"), head=doctype)
    run = harvest(repository)
    assert run.status == HarvestRun.Status.SUCCEEDED
    stored = ExternalRecord.objects.get()
    assert stored.title == "Lễ"
    assert "root:" not in stored.metadata_xml


def test_an_entity_bomb_stops_the_run_and_expands_nothing(repository):
    doctype = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE OAI-PMH [
 <!ENTITY a "hahahahahahahahahahahahahahahahahahahahaha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>"""
    repository.raw_list_body = page(record("oai:x:1", elements="<dc:title>&e;&e;&e;&e;</dc:title>"), head=doctype)
    run = harvest(repository)
    assert run.status in (HarvestRun.Status.FAILED, HarvestRun.Status.SUCCEEDED)
    assert all("haha" not in record.title for record in ExternalRecord.objects.all())


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html><body>Not here</body></html>", "không phải phản hồi OAI-PMH"),
        (b"", "không phải XML hợp lệ"),
        (b"\xff\xfe\x00<", "không phải XML hợp lệ"),
        (
            HEAD + b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate/></OAI-PMH>',
            "thiếu phần tử ListRecords",
        ),
        (
            HEAD
            + b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            + b'<error code="badArgument">no</error></OAI-PMH>',
            "badArgument",
        ),
    ],
)
def test_a_response_that_is_not_an_oai_pmh_list_stops_the_run(repository, body, words):
    repository.raw_list_body = body
    run = harvest(repository)
    assert run.status == HarvestRun.Status.FAILED
    assert words in run.stop_reason
    assert not ExternalRecord.objects.exists()


def test_a_list_that_never_ends_is_stopped(repository):
    token_page = (
        HEAD
        + ENVELOPE.format(base="x", records=record("oai:x:1") + "<resumptionToken>again</resumptionToken>").encode()
    )
    repository.raw_list_body = token_page
    run = harvest(repository)
    assert run.status == HarvestRun.Status.FAILED
    assert "mã tiếp tục đã gửi" in run.stop_reason
    assert run.pages == 2 and ExternalRecord.objects.count() == 1


HOSTILE = (
    "<dc:title>&lt;script&gt;alert('tiêu đề')&lt;/script&gt;</dc:title>"
    "<dc:title xml:lang='en'>\u202eevil\u200b</dc:title>"
    "<dc:description>" + "Mô tả rất dài. " * 3000 + "</dc:description>"
    "<dc:identifier>javascript:alert(1)</dc:identifier>"
    "<dc:identifier>//evil.example/x</dc:identifier>"
    "<dc:coverage>east=999; north=nan; projection=WGS84</dc:coverage>"
    "<dc:subject>&lt;img src=x onerror=alert(1)&gt;</dc:subject>"
)


def test_hostile_values_are_stored_as_text_and_shown_escaped(repository, client):
    repository.raw_list_body = page(record("oai:x:<b>1</b>", elements=HOSTILE))
    harvest(repository)
    stored = ExternalRecord.objects.get()
    assert stored.original_url == ""
    assert stored.latitude is None and stored.longitude is None
    assert stored.title_en == "\u202eevil\u200b"
    assert len(stored.summary) <= 20_000
    listing = client.get("/lien-thong/")
    detail = client.get(stored.get_absolute_url())
    for response in (listing, detail):
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "javascript:alert" not in body.replace("&lt;", "").split("<code>")[0]
    assert "&lt;script&gt;alert(&#x27;tiêu đề&#x27;)&lt;/script&gt;" in detail.content.decode()


@pytest.fixture
def stored_records(db):
    source = HarvestSource.objects.create(name="Thư viện Quảng Nam", base_url="http://127.0.0.1:9/oai")
    hidden = HarvestSource.objects.create(name="Nguồn đã rút", base_url="http://127.0.0.1:9/oai2", shown_on_site=False)
    from django.utils import timezone

    now = timezone.now()
    common = {"datestamp": now, "content_hash": "x", "first_harvested_at": now, "changed_at": now}
    for number in range(25):
        ExternalRecord.objects.create(source=source, identifier=f"oai:qn:{number}", title=f"Hồ sơ {number}", **common)
    withdrawn = ExternalRecord.objects.create(source=hidden, identifier="oai:h:1", title="Không hiện", **common)
    return source, withdrawn


def test_public_pages_list_and_show_external_records_with_their_source(client, stored_records):
    source, withdrawn = stored_records
    listing = client.get("/lien-thong/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Thư viện Quảng Nam" in body and "Không hiện" not in body
    assert "25" in body
    assert client.get("/lien-thong/?page=2").status_code == 200
    assert client.get(f"/lien-thong/?source={source.pk}").status_code == 200
    one = ExternalRecord.objects.filter(source=source).first()
    detail = client.get(one.get_absolute_url())
    assert detail.status_code == 200
    assert "Thư viện Quảng Nam" in detail.content.decode()
    assert client.get(withdrawn.get_absolute_url()).status_code == 404
    assert client.get("/lien-thong/99999999999999999999999/").status_code == 404


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    page_number=st.one_of(st.text(max_size=30), st.sampled_from(["9" * 5000, "-1", "0", "1e309", "NaN", "\x00"])),
    source=st.one_of(st.text(max_size=30), st.sampled_from(["9" * 40, "١", "-1", "%00"])),
)
def test_listing_parameters_never_give_a_server_error(client, stored_records, page_number, source):
    response = client.get("/lien-thong/", {"page": page_number, "source": source})
    assert response.status_code == 200
