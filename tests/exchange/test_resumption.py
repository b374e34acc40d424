"""Paging through more than one page while records are added, edited and withdrawn."""

import re

import pytest

from exchange.items import synchronise
from exchange.protocol import identifier_for
from heritage.models import RecordPage
from heritage.synthetic import generate_records
from tests.exchange.conftest import NS, error_code, identifiers, oai
from tests.factories import make_record

pytestmark = pytest.mark.django_db
UTC_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@pytest.fixture
def library(record_index, clock):
    """250 synthetic records (some community or staff only), in the provider's items."""
    generate_records(250, seed=7)
    synchronise()
    clock.advance()
    return RecordPage.objects.public()


def pages(client, verb="ListIdentifiers", between_pages=None, **arguments):
    """Every response of a list sequence; `between_pages(responses)` runs before each
    resumption request."""
    root = oai(client, verb=verb, metadataPrefix="oai_dc", **arguments)
    responses = [root]
    while True:
        token = root.find(f"oai:{verb}/oai:resumptionToken", NS)
        if token is None or not token.text:
            return responses
        if between_pages:
            between_pages(responses)
        root = oai(client, verb=verb, resumptionToken=token.text)
        assert root.find("oai:request", NS).attrib == {"verb": verb, "resumptionToken": token.text}
        responses.append(root)


def headers(responses):
    return [
        (h.findtext("oai:identifier", namespaces=NS), h.findtext("oai:datestamp", namespaces=NS), h.get("status"))
        for root in responses
        for h in root.iterfind(".//oai:header", NS)
    ]


def test_a_harvest_pages_by_100_with_cursor_size_and_expiry(client, library):
    public = library.count()
    assert 200 < public <= 250
    responses = pages(client)
    assert [len(root.findall(".//oai:header", NS)) for root in responses] == [100, 100, public - 200]
    tokens = [root.find(".//oai:resumptionToken", NS) for root in responses]
    assert [token.get("cursor") for token in tokens] == ["0", "100", "200"]
    assert {token.get("completeListSize") for token in tokens} == {str(public)}
    assert tokens[-1].text is None and tokens[-1].get("expirationDate") is None
    for token in tokens[:-1]:
        assert UTC_SECOND.fullmatch(token.get("expirationDate"))
    listed = headers(responses)
    assert [stamp for _id, stamp, _status in listed] == sorted(stamp for _id, stamp, _status in listed)
    assert sorted(identifier for identifier, _stamp, _status in listed) == sorted(
        identifier_for(pk) for pk in library.values_list("pk", flat=True)
    )


def test_list_records_pages_the_same_way(client, library):
    responses = pages(client, verb="ListRecords")
    assert sum(len(root.findall(".//oai:record", NS)) for root in responses) == library.count()
    assert all(len(root.findall(".//oai:metadata", NS)) == len(root.findall(".//oai:record", NS)) for root in responses)


def test_changes_during_a_harvest_skip_nothing_and_repeat_only_what_changed(client, library, record_index, clock):
    """After the first page: a record already sent is edited, one not yet sent is edited,
    one not yet sent is withdrawn, and a new one is published."""
    public_ids = sorted(library.values_list("pk", flat=True))
    changed = {}

    def change_after_the_first_page(responses):
        if len(responses) != 1:
            return
        sent = [int(identifier.rsplit(":", 1)[1]) for identifier in identifiers(responses[0])]
        waiting = [pk for pk in public_ids if pk not in sent]
        changed["edited after it was sent"] = RecordPage.objects.get(pk=sent[10]).specific
        changed["edited before it was sent"] = RecordPage.objects.get(pk=waiting[-1]).specific
        changed["withdrawn"] = RecordPage.objects.get(pk=waiting[5]).specific
        for key in ("edited after it was sent", "edited before it was sent"):
            changed[key].title += " (đã sửa)"
            changed[key].save_revision().publish()
        changed["withdrawn"].unpublish()
        changed["added"] = make_record(record_index, title="Hồ sơ mới trong lúc thu hoạch")
        clock.advance()

    listed = headers(pages(client, between_pages=change_after_the_first_page))
    seen = {}
    for identifier, _stamp, status in listed:
        seen.setdefault(identifier, []).append(status)
    ids = {key: identifier_for(record.pk) for key, record in changed.items()}
    assert set(seen) == {identifier_for(pk) for pk in public_ids} | {ids["added"]}  # nothing skipped
    assert {identifier for identifier, statuses in seen.items() if len(statuses) > 1} == {
        ids["edited after it was sent"]
    }  # only what changed after it was sent comes again
    assert seen[ids["edited after it was sent"]] == [None, None]
    assert seen[ids["edited before it was sent"]] == [None]
    assert seen[ids["withdrawn"]] == ["deleted"]
    assert seen[ids["added"]] == [None]
    assert {identifier for identifier, _stamp, _status in listed[-4:]} == set(ids.values())
    stamps = [stamp for _id, stamp, _status in listed]
    assert stamps == sorted(stamps)


def test_a_change_in_the_current_second_waits_for_the_next_one(client, record_index, clock):
    # The provider's clock a minute ahead of the real one, which it follows once overtaken:
    # a change in the real clock's last milliseconds of a second must not see it end.
    clock.advance(60)
    make_record(record_index)
    assert error_code(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")) == "noRecordsMatch"
    clock.advance(1)
    assert len(identifiers(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))) == 1


def test_a_set_harvest_pages_too(client, library):
    from heritage.models import FestivalPage

    responses = pages(client, set="type:festival")
    festivals = {identifier_for(pk) for pk in library.type(FestivalPage).values_list("pk", flat=True)}
    assert len(festivals) > 50
    assert {identifier for identifier, _stamp, _status in headers(responses)} == festivals


def test_tokens_are_bound_to_their_verb_and_expire(client, library, monkeypatch):
    from datetime import timedelta

    from exchange import protocol

    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").find(".//oai:resumptionToken", NS).text
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token[:-2] + "xx")) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) is None
    monkeypatch.setattr(protocol, "TOKEN_LIFETIME", timedelta(seconds=-1))
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"
