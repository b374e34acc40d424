from datetime import timedelta

import pytest
from lxml import etree

from exchange import clock as exchange_clock

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "edm": "http://www.europeana.eu/schemas/edm/",
    "ore": "http://www.openarchives.org/ore/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wgs84_pos": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "svcs": "http://rdfs.org/sioc/services#",
    "oai-identifier": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class FakeClock:
    """The provider's clock, moved by hand: lists leave out the current second, so a test
    moves time on before it harvests what it just changed.

    It never lags behind the real clock: Wagtail stamps publications with the real time,
    and a provider clock behind them would take a record published while the test ran
    (a slow second on a busy machine) for one published after its datestamp."""

    def __init__(self, real=exchange_clock.now):
        self.real = real
        self.moment = real()

    def __call__(self):
        self.moment = max(self.moment, self.real())
        return self.moment

    def advance(self, seconds=2):
        self.moment += timedelta(seconds=seconds)
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(exchange_clock, "now", fake)
    return fake


def oai(client, method="get", **arguments):
    """One OAI-PMH request through the test client; the parsed response."""
    response = getattr(client, method)("/oai/", arguments)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_code(root):
    errors = root.findall("oai:error", NS)
    return errors[0].get("code") if errors else None


def identifiers(root):
    return [element.text for element in root.iterfind(".//oai:header/oai:identifier", NS)]


def texts(element, path):
    return [found.text for found in element.iterfind(path, NS)]
