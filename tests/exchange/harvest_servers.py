"""A repository that is not ours: an OAI-PMH 2.0 server built with `oaipmh.server` (the
maintained pyoai), serving fixture Dublin Core records on 127.0.0.1 from a thread.

The records live in a list the tests change between harvests (edit, delete, add). The
WSGI layer in front of the library can break the n-th ListRecords request on purpose
(an HTTP error, XML cut off half-way, a resumption token the library then refuses), as
a real repository sometimes does.
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from oaipmh import common, error, metadata, server

BATCH_SIZE = 5


@dataclass
class FixtureRecord:
    identifier: str
    datestamp: datetime  # naive UTC, as pyoai wants it
    fields: dict = field(default_factory=dict)  # Dublin Core element → [values]
    sets: list = field(default_factory=list)
    deleted: bool = False


class FixtureRepository:
    """pyoai's IBatchingOAI over a list of FixtureRecords (deletedRecord = persistent)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.records = []

    def identify(self):
        return common.Identify(
            repositoryName="Thư viện tỉnh Kon Tum (kho thử)",
            baseURL=self.base_url,
            protocolVersion="2.0",
            adminEmails=["thuvien@example.org"],
            earliestDatestamp=datetime(2020, 1, 1),
            deletedRecord="persistent",
            granularity="YYYY-MM-DDThh:mm:ssZ",
            compression=["identity"],
        )

    def listMetadataFormats(self, identifier=None):
        return [
            ("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/")
        ]

    def listSets(self, cursor=0, batch_size=10):
        specs = sorted({spec for record in self.records for spec in record.sets})
        return [(spec, spec, None) for spec in specs][cursor : cursor + batch_size]

    def _matching(self, metadataPrefix, set=None, from_=None, until=None):
        if metadataPrefix != "oai_dc":
            raise error.CannotDisseminateFormatError(metadataPrefix)
        records = sorted(self.records, key=lambda record: (record.datestamp, record.identifier))
        if set:
            records = [record for record in records if set in record.sets]
        if from_:
            records = [record for record in records if record.datestamp >= from_]
        if until:
            records = [record for record in records if record.datestamp <= until]
        return records

    def _header(self, record):
        return common.Header(None, record.identifier, record.datestamp, record.sets, record.deleted)

    def _triple(self, record):
        return (self._header(record), None if record.deleted else common.Metadata(None, record.fields), None)

    def listIdentifiers(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        records = self._matching(metadataPrefix, set, from_, until)
        return [self._header(record) for record in records[cursor : cursor + batch_size]]

    def listRecords(self, metadataPrefix, set=None, from_=None, until=None, cursor=0, batch_size=10):
        records = self._matching(metadataPrefix, set, from_, until)
        return [self._triple(record) for record in records[cursor : cursor + batch_size]]

    def getRecord(self, metadataPrefix, identifier):
        for record in self.records:
            if record.identifier == identifier:
                return self._triple(record)
        raise error.IdDoesNotExistError(identifier)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class FixtureServer:
    """The repository on 127.0.0.1:<free port>; `break_request(n, kind)` breaks the n-th
    ListRecords request (1 = the first) with kind "http-500", "cut-off",
    "bad-token" or "not-xml"."""

    def __init__(self):
        self.httpd = make_server("127.0.0.1", 0, self.wsgi, server_class=WSGIServer, handler_class=QuietHandler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_port}/oai"
        self.repository = FixtureRepository(self.base_url)
        registry = metadata.MetadataRegistry()
        registry.registerWriter("oai_dc", server.oai_dc_writer)
        self.oai = server.BatchingServer(self.repository, metadata_registry=registry, resumption_batch_size=BATCH_SIZE)
        self.list_requests = 0
        self.breaks = {}
        self.raw_list_body = None  # bytes answered to every ListRecords request instead
        self.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def break_request(self, number, kind):
        self.breaks[number] = kind

    def add(self, oai_id, title, when, sets=(), **fields):
        """A fixture Dublin Core record; `fields` are other elements, each a list."""
        record = FixtureRecord(oai_id, when.astimezone(UTC).replace(tzinfo=None), {"title": [title], **fields})
        record.sets = list(sets)
        self.repository.records.append(record)
        return record

    def record(self, identifier):
        return next(record for record in self.repository.records if record.identifier == identifier)

    def wsgi(self, environ, start_response):
        arguments = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        self.requests.append(arguments)
        kind = None
        if arguments.get("verb") == "ListRecords":
            self.list_requests += 1
            kind = self.breaks.get(self.list_requests)
        if self.raw_list_body is not None and arguments.get("verb") == "ListRecords":
            start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
            return [self.raw_list_body]
        if kind == "http-500":
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"database is down"]
        if kind == "not-xml":
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"<html><body><h1>Maintenance</h1><p>Back soon.</body></html>"]
        if kind == "bad-token" and "resumptionToken" in arguments:
            arguments["resumptionToken"] = "expired"
        body = self.oai.handleRequest(arguments)
        if kind == "cut-off":
            body = body[: len(body) // 2]
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [body]
