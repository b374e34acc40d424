"""The OAI-PMH harvester: other institutions' records become `ExternalRecord`s.

A harvest asks a repository for its list (ListRecords, from a point in time for an
incremental harvest), one page per resumption token, and stores each page in its own
transaction together with the run's counters. So when a response is broken half-way
(an HTTP error, XML that is not well-formed, a `badResumptionToken`, a timeout) the run
stops with a report and every page before it stays stored and counted. Only a harvest
that reached the end of its list moves the source's `harvested_through`, so the next
incremental harvest starts again from the same point and loses nothing.

What the remote side sends is judged, never trusted: responses are read with a size
limit and a timeout, parsed strictly (no recovery from broken XML, no DTD, no entity
expansion, no network access), text is NFC-normalised and stripped of control
characters and kept to a bounded size, links are kept only when they are http(s) URLs,
coordinates only when they are numbers on Earth. A record that cannot be read is skipped
and named in the report; the rest of its page is stored.

Why a small client of our own (requests + lxml) rather than a harvesting library: the
maintained ones parse in recovery mode (a truncated page then looks like the end of the
list, and the deletions after it are lost) or sleep for whatever Retry-After a server
asks; the correctness of a harvest rests on reading each page strictly and on knowing
where one page ends. The client is tested against a third-party server (`oaipmh.server`)
and against our own provider.
"""

import hashlib
import json
import logging
import math
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from audit.models import AuditAction
from audit.recording import record_event

from .models import ExternalRecord, HarvestRun, HarvestSource

logger = logging.getLogger(__name__)

OAI = "http://www.openarchives.org/OAI/2.0/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
EDM = "http://www.europeana.eu/schemas/edm/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
WGS84 = "http://www.w3.org/2003/01/geo/wgs84_pos#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TIMEOUT = 60  # seconds to connect, and between bytes of a response
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
MAX_PAGES = 100_000
MAX_EMPTY_PAGES = 20  # pages in a row with no record but a resumption token
RETRIES_503 = 2
MAX_RETRY_AFTER = 30  # seconds we wait when a server says 503 Retry-After
STALE_AFTER = 30 * 60  # seconds without a sign of life after which a run is taken as dead
MAX_IDENTIFIER = 500
MAX_VALUES = 100  # values kept per element
MAX_VALUE_LENGTH = 20_000
MAX_TITLE_LENGTH = 2_000
MAX_METADATA_XML = 256 * 1024
MAX_PROBLEMS = 50  # problems listed in a run's report (all are counted)

USER_AGENT = "heritage-elibrary-harvester/1.0 (OAI-PMH 2.0)"

# Sent after each page is committed: the ids of the records it created or changed, and of
# those it removed. Search and maps connect here to keep their indexes of external
# records current (see docs/architecture.md).
external_records_changed = Signal()

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\n]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SECOND = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z")
_POINT_PART = re.compile(r"^\s*(east|north|projection)\s*=\s*(.+?)\s*$", re.IGNORECASE)


class HarvestError(Exception):
    """Why a harvest stopped: a sentence for the report."""


class HarvestAlreadyRunning(Exception):
    def __init__(self, run):
        super().__init__(f"A harvest of {run.source} is already under way (run {run.pk}).")
        self.run = run


# Text and values from the remote side


def clean_text(value, limit=MAX_VALUE_LENGTH, single_line=False):
    """NFC, no control characters, trimmed and bounded; whitespace runs folded in a
    single-line value (a title), kept as line breaks elsewhere."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value or ""))
    if single_line:
        text = _SPACES.sub(" ", text)
    else:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def web_url(value):
    """`value` when it is an absolute http(s) URL a visitor can follow, else "": never a
    javascript:, data: or scheme-relative link."""
    value = (value or "").strip()
    if not value or len(value) > 2000 or _CONTROL.search(value) or any(char.isspace() for char in value):
        return ""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return value


def parse_datestamp(value):
    """An OAI-PMH datestamp (a day, or a second in UTC) as an aware datetime; None when
    it is neither."""
    value = (value or "").strip()
    try:
        if _DAY.fullmatch(value):
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        if _SECOND.fullmatch(value):
            return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return None


def format_from(moment, day_granularity):
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d") if day_granularity else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _coordinate(text, bound):
    try:
        number = float(text)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or abs(number) > bound:
        return None
    return number


def dcmi_point(value):
    """(latitude, longitude) of a DCMI Point ("east=108.47; north=15.04;
    projection=WGS84"), or None."""
    parts = {}
    for part in value.split(";"):
        match = _POINT_PART.match(part)
        if match:
            parts[match.group(1).lower()] = match.group(2)
    projection = parts.get("projection", "WGS84").replace(" ", "").upper()
    if "east" not in parts or "north" not in parts or projection not in ("WGS84", "EPSG:4326"):
        return None
    latitude, longitude = _coordinate(parts["north"], 90), _coordinate(parts["east"], 180)
    if latitude is None or longitude is None:
        return None
    return latitude, longitude


# Reading responses


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "recover": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parse_xml(body):
    """The root element of a response, or HarvestError: strictly, never recovering."""
    try:
        return etree.fromstring(body, parser=etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        raise HarvestError(
            _("The response is not well-formed XML (%(error)s).") % {"error": clean_text(str(error), 300)}
        ) from error


@dataclass
class Identity:
    repository_name: str
    day_granularity: bool
    deleted_record: str
    earliest: datetime | None


@dataclass
class HarvestedRecord:
    identifier: str
    datestamp: datetime
    deleted: bool = False
    set_specs: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)


@dataclass
class Page:
    response_date: datetime | None
    records: list
    problems: list  # (identifier or "", reason) of records that could not be read
    token: str = ""
    complete_list_size: int | None = None
    no_records_match: bool = False


class OaiClient:
    """GET requests to one OAI-PMH base URL, each answer read whole (within the size
    limit) and parsed strictly; protocol errors become HarvestError."""

    def __init__(self, base_url, timeout=None, max_bytes=None):
        import requests

        self.base_url = base_url
        self.timeout = timeout or TIMEOUT
        self.max_bytes = max_bytes or MAX_RESPONSE_BYTES
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "text/xml, application/xml"})

    def close(self):
        self.session.close()

    def request(self, **arguments):
        import requests

        for attempt in range(RETRIES_503 + 1):
            try:
                with self.session.get(self.base_url, params=arguments, timeout=self.timeout, stream=True) as response:
                    if response.status_code == 503 and attempt < RETRIES_503:
                        time.sleep(_retry_after(response.headers.get("Retry-After")))
                        continue
                    if response.status_code != 200:
                        raise HarvestError(
                            _("The repository answered HTTP %(status)s %(reason)s.")
                            % {"status": response.status_code, "reason": clean_text(response.reason or "", 100)}
                        )
                    body = self._read(response)
            except requests.RequestException as error:
                raise HarvestError(
                    _("The repository could not be reached (%(error)s).")
                    % {"error": clean_text(f"{type(error).__name__}: {error}", 300)}
                ) from error
            return self._check(parse_xml(body))
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response):
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise HarvestError(self._too_large())
        chunks, size = [], 0
        for chunk in response.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise HarvestError(self._too_large())
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self):
        return _("The response is larger than %(size)d MB; it was not read.") % {"size": self.max_bytes // 2**20}

    def _check(self, root):
        if root.tag != f"{{{OAI}}}OAI-PMH":
            raise HarvestError(_("The response is XML but not an OAI-PMH 2.0 response."))
        errors = root.findall(f"{{{OAI}}}error")
        if errors:
            codes = [clean_text(error.get("code", ""), 60, single_line=True) for error in errors]
            if codes == ["noRecordsMatch"]:
                return root
            message = clean_text(_text_of(errors[0]), 500, single_line=True)
            raise HarvestError(
                _("The repository answered with the OAI-PMH error %(code)s: %(message)s")
                % {"code": ", ".join(codes), "message": message or "—"}
            )
        return root

    def identify(self):
        root = self.request(verb="Identify")
        identify = root.find(f"{{{OAI}}}Identify")
        if identify is None:
            raise HarvestError(_("The repository's answer to Identify has no Identify element."))

        def text(name):
            element = identify.find(f"{{{OAI}}}{name}")
            return clean_text(element.text if element is not None else "", 500, single_line=True)

        return Identity(
            repository_name=text("repositoryName"),
            day_granularity=text("granularity") == "YYYY-MM-DD",
            deleted_record=text("deletedRecord"),
            earliest=parse_datestamp(text("earliestDatestamp")),
        )

    def list_records(self, **arguments):
        root = self.request(verb="ListRecords", **arguments)
        response_date = parse_datestamp(root.findtext(f"{{{OAI}}}responseDate"))
        if root.find(f"{{{OAI}}}error") is not None:  # noRecordsMatch
            return Page(response_date, [], [], no_records_match=True)
        container = root.find(f"{{{OAI}}}ListRecords")
        if container is None:
            raise HarvestError(_("The response has neither records nor an error (no ListRecords element)."))
        records, problems = [], []
        for element in container.iterfind(f"{{{OAI}}}record"):
            try:
                records.append(read_record(element))
            except RecordProblem as problem:
                problems.append((problem.identifier, str(problem)))
        token_element = container.find(f"{{{OAI}}}resumptionToken")
        token, size = "", None
        if token_element is not None:
            token = (token_element.text or "").strip()
            size_text = (token_element.get("completeListSize") or "").strip()
            size = int(size_text) if size_text.isdigit() and len(size_text) < 10 else None
            if _CONTROL.search(token) or len(token) > 10_000:
                raise HarvestError(_("The resumption token holds characters that cannot be sent back, or is too long."))
        return Page(response_date, records, problems, token, size)


def _retry_after(value):
    value = (value or "").strip()
    return min(int(value), MAX_RETRY_AFTER) if value.isdigit() else 5


class RecordProblem(Exception):
    def __init__(self, identifier, reason):
        super().__init__(reason)
        self.identifier = identifier


def read_record(element):
    """One <record>: its header and what its metadata says (see `describe`)."""
    header = element.find(f"{{{OAI}}}header")
    if header is None:
        raise RecordProblem("", _("a record without a header"))
    identifier = clean_text(header.findtext(f"{{{OAI}}}identifier") or "", 10_000, single_line=True)
    if not identifier:
        raise RecordProblem("", _("a record without an identifier"))
    if len(identifier) > MAX_IDENTIFIER:
        raise RecordProblem(identifier[:80] + "…", _("the identifier is longer than %(n)d characters") % {"n": 500})
    datestamp = parse_datestamp(header.findtext(f"{{{OAI}}}datestamp"))
    if datestamp is None:
        raise RecordProblem(identifier, _("the datestamp is missing or is not an OAI-PMH date"))
    specs = [clean_text(spec.text or "", 255, single_line=True) for spec in header.iterfind(f"{{{OAI}}}setSpec")][
        :MAX_VALUES
    ]
    if header.get("status") == "deleted":
        return HarvestedRecord(identifier, datestamp, deleted=True, set_specs=specs)
    metadata = element.find(f"{{{OAI}}}metadata")
    payload = next((child for child in metadata if isinstance(child.tag, str)), None) if metadata is not None else None
    if payload is None:
        raise RecordProblem(identifier, _("a record that is not deleted but has no metadata"))
    return HarvestedRecord(identifier, datestamp, set_specs=specs, fields=describe(payload))


def _text_of(element):
    """The text in an element and its children; entity references left unresolved by the
    parser (we resolve none) are dropped rather than shown as "&name;"."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(_text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _elements(payload):
    """element name → [(value, language)] for the Dublin Core (and DC terms) elements
    anywhere in the metadata, whatever the format wraps them in (oai_dc, EDM, ...)."""
    found = {}
    points = {"lat": [], "long": []}
    shown_at = []
    labels = {}  # RDF: a linked concept or place → its skos:prefLabels, for dc:subject rdf:resource="…"
    for label in payload.iter(f"{{{SKOS}}}prefLabel"):
        about = label.getparent().get(f"{{{RDF}}}about")
        if about:
            labels.setdefault(about, []).append(
                (clean_text(_text_of(label)), clean_text(label.get(XML_LANG, ""), 20, single_line=True).lower())
            )
    for element in payload.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, _brace, name = element.tag[1:].partition("}")
        if namespace in (DC, DCTERMS):
            pairs = [
                (clean_text(_text_of(element)), clean_text(element.get(XML_LANG, ""), 20, single_line=True).lower())
            ]
            if not pairs[0][0]:
                resource = element.get(f"{{{RDF}}}resource", "")
                pairs = labels.get(resource) or [(clean_text(resource, 2000, single_line=True), "")]
            for value, lang in pairs:
                values = found.setdefault(name, []) if value else []
                if value and len(values) < MAX_VALUES:
                    values.append((value, lang))
        elif namespace == WGS84 and name in points:
            points[name].append(clean_text(element.text or "", 40, single_line=True))
        elif namespace == EDM and name == "isShownAt":
            shown_at.append(element.get(f"{{{RDF}}}resource", ""))
    return found, points, shown_at


def _in_language(values, language):
    for value, lang in values:
        if lang == language or lang.startswith(f"{language}-"):
            return value
    return ""


def _main(values):
    """The Vietnamese value, else one without a language, else the first."""
    if not values:
        return ""
    return _in_language(values, "vi") or next((value for value, lang in values if not lang), values[0][0])


def _distinct(values):
    seen = []
    for value, _lang in values:
        if value not in seen:
            seen.append(value)
    return seen


def describe(payload):
    """The columns of an ExternalRecord from the metadata element of a record."""
    found, points, shown_at = _elements(payload)

    def values(*names):
        return [pair for name in names for pair in found.get(name, [])]

    titles = values("title")
    descriptions = values("description", "abstract")
    title = _main(titles)
    title_en = _in_language(titles, "en")
    summary = _main(descriptions)
    summary_en = _in_language(descriptions, "en")

    latitude = longitude = None
    places = []
    for value, _lang in values("coverage", "spatial"):
        point = dcmi_point(value) if "=" in value else None
        if point:
            if latitude is None:
                latitude, longitude = point
        else:
            places.append(value)
    if latitude is None and points["lat"] and points["long"]:
        lat, long = _coordinate(points["lat"][0], 90), _coordinate(points["long"][0], 180)
        if lat is not None and long is not None:
            latitude, longitude = lat, long

    original = next((url for url in map(web_url, shown_at) if url), "")
    if not original:
        original = next((url for url in (web_url(value) for value, _lang in values("identifier")) if url), "")

    metadata = {
        name: [{"value": value, "lang": lang} for value, lang in pairs] for name, pairs in sorted(found.items())
    }
    xml = etree.tostring(payload, encoding="unicode")
    return {
        "title": clean_text(title, MAX_TITLE_LENGTH, single_line=True),
        "title_en": clean_text(title_en if title_en != title else "", MAX_TITLE_LENGTH, single_line=True),
        "summary": summary,
        "summary_en": summary_en if summary_en != summary else "",
        "creators": _distinct(values("creator")),
        "subjects": _distinct(values("subject")),
        "place": "; ".join(_distinct([(place, "") for place in places]))[:MAX_VALUE_LENGTH],
        "dates": _distinct(values("date", "created", "issued", "temporal")),
        "types": _distinct(values("type")),
        "rights": _distinct(values("rights", "license", "accessRights")),
        "languages": _distinct(values("language")),
        "original_url": original,
        "latitude": latitude,
        "longitude": longitude,
        "metadata": metadata,
        "metadata_xml": xml if len(xml) <= MAX_METADATA_XML else "",
    }


def fingerprint(fields, set_specs):
    content = {name: value for name, value in fields.items() if name != "metadata_xml"}
    content["set_specs"] = sorted(set_specs)
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# Runs


def start_run(source, user=None, full=False, since=None):
    """A queued run of `source`: changes since `since`, or since the last complete
    harvest, or everything when `full` (or when there was none). Raises
    HarvestAlreadyRunning while another run of the source is queued or running (one
    that gave no sign of life for STALE_AFTER seconds is marked interrupted first)."""
    if since is None and not full:
        since = source.harvested_through
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return HarvestRun.objects.create(
                    source=source, requested_by=user, incremental_from=None if full else since
                )
        except IntegrityError:
            active = HarvestRun.objects.filter(
                source=source, status__in=[HarvestRun.Status.QUEUED, HarvestRun.Status.RUNNING]
            ).first()
            if active is None:
                continue
            last_sign = active.heartbeat_at or active.queued_at
            if (timezone.now() - last_sign).total_seconds() < STALE_AFTER:
                raise HarvestAlreadyRunning(active) from None
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("No sign of life for %(minutes)d minutes: taken as interrupted.") % {
                    "minutes": STALE_AFTER // 60
                }
            HarvestRun.objects.filter(pk=active.pk, status=active.status).update(
                status=HarvestRun.Status.INTERRUPTED, finished_at=timezone.now(), stop_reason=reason
            )
    raise HarvestAlreadyRunning(active)


def run_harvest(run_id, progress=None):
    """Carry out a queued run; returns it, finished. `progress(run)` is called after
    each stored page. The report is in the run, in the site's language."""
    claimed = HarvestRun.objects.filter(pk=run_id, status=HarvestRun.Status.QUEUED).update(
        status=HarvestRun.Status.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now()
    )
    run = HarvestRun.objects.select_related("source").get(pk=run_id)
    if not claimed:
        return run  # already taken, or cancelled
    with translation.override(settings.LANGUAGE_CODE):
        harvest = _Harvest(run, progress)
        try:
            harvest.carry_out()
        except HarvestError as stop:
            harvest.stop(str(stop))
        except Exception as error:
            logger.exception("Harvest run %s of %s failed", run.pk, run.source.base_url)
            harvest.stop(
                _("The harvest stopped on an unexpected error (%(error)s); what was stored before it is kept.")
                % {"error": clean_text(f"{type(error).__name__}: {error}", 300)}
            )
        finally:
            harvest.client.close()
    run.refresh_from_db()
    record_event(
        AuditAction.IMPORTED,
        user=run.requested_by,
        object_type="heritage_exchange.harvestsource",
        object_id=run.source.pk,
        object_title=str(run.source),
        detail={
            "kind": "OAI-PMH harvest",
            "run": run.pk,
            "status": run.status,
            "received": run.received,
            "removed": run.removed,
        },
    )
    return run


class _Harvest:
    def __init__(self, run, progress):
        self.run = run
        self.source = run.source
        self.progress = progress
        self.client = OaiClient(self.source.base_url)

    def carry_out(self):
        identity = self.client.identify()
        self._learn(identity)
        arguments = {"metadataPrefix": self.source.metadata_prefix}
        if self.source.set_spec:
            arguments["set"] = self.source.set_spec
        if self.run.incremental_from:
            arguments["from"] = format_from(self.run.incremental_from, identity.day_granularity)
        first_response_date = None
        tokens_seen = set()
        empty_pages = 0
        while True:
            page = self.client.list_records(**arguments)
            if first_response_date is None:
                first_response_date = page.response_date or _NO_DATE
            if page.no_records_match and self.run.pages:
                self._note(_("The repository answered noRecordsMatch in the middle of the list; taken as its end."))
            self._store(page)
            if not page.token:
                break
            if page.token in tokens_seen:
                raise HarvestError(_("The repository sent a resumption token it had already sent: stopped here."))
            tokens_seen.add(page.token)
            empty_pages = 0 if page.records or page.problems else empty_pages + 1
            if empty_pages >= MAX_EMPTY_PAGES:
                raise HarvestError(_("%(n)d pages in a row held no record: stopped here.") % {"n": MAX_EMPTY_PAGES})
            if self.run.pages >= MAX_PAGES:
                raise HarvestError(_("The list is longer than %(n)d pages: stopped here.") % {"n": MAX_PAGES})
            arguments = {"resumptionToken": page.token}
        self._finish(first_response_date, ended_cleanly=not (page.no_records_match and self.run.pages > 1))

    def _learn(self, identity):
        source = self.source
        source.repository_name = identity.repository_name[:500]
        source.day_granularity = identity.day_granularity
        host = urlsplit(source.base_url).hostname or source.base_url
        if identity.repository_name and source.name in ("", host):
            source.name = identity.repository_name[:255]
        source.name = source.name or host
        source.save(update_fields=["repository_name", "day_granularity", "name"])
        if identity.deleted_record == "no":
            self._note(
                _("The repository does not report deleted records; a full harvest removes what it no longer lists.")
            )

    def _note(self, text):
        self.run.notes = [*self.run.notes, text]
        self.run.heartbeat_at = timezone.now()
        self.run.save(update_fields=["notes", "heartbeat_at"])

    def _store(self, page):
        source, now = self.source, timezone.now()
        with transaction.atomic():
            run = HarvestRun.objects.select_for_update().get(pk=self.run.pk)
            latest = {}
            for record in page.records:
                latest[record.identifier] = record  # a record repeated in a page: its last state
            existing = {row.identifier: row for row in source.records.filter(identifier__in=list(latest))}
            creates, updates, unchanged, gone = [], [], [], []
            for identifier, record in latest.items():
                row = existing.get(identifier)
                if record.deleted:
                    if row is not None:
                        gone.append(row.pk)
                    continue
                digest = fingerprint(record.fields, record.set_specs)
                if row is None:
                    creates.append(
                        ExternalRecord(
                            source=source,
                            identifier=identifier,
                            datestamp=record.datestamp,
                            set_specs=record.set_specs,
                            content_hash=digest,
                            first_harvested_at=now,
                            changed_at=now,
                            last_seen_run=run.pk,
                            **record.fields,
                        )
                    )
                elif row.content_hash != digest:
                    for name, value in record.fields.items():
                        setattr(row, name, value)
                    row.datestamp, row.set_specs, row.content_hash = record.datestamp, record.set_specs, digest
                    row.changed_at, row.last_seen_run = now, run.pk
                    updates.append(row)
                else:
                    row.datestamp, row.set_specs, row.last_seen_run = record.datestamp, record.set_specs, run.pk
                    unchanged.append(row)
            ExternalRecord.objects.bulk_create(creates)
            ExternalRecord.objects.bulk_update(updates, _UPDATED_FIELDS)
            ExternalRecord.objects.bulk_update(unchanged, ["datestamp", "set_specs", "last_seen_run"])
            if gone:
                ExternalRecord.objects.filter(pk__in=gone).delete()
            run.pages += 1
            run.received += len(page.records) + len(page.problems)
            run.created += len(creates)
            run.updated += len(updates)
            run.unchanged += len(unchanged)
            run.deleted += len(gone)
            run.rejected += len(page.problems)
            if page.complete_list_size is not None:
                run.complete_list_size = page.complete_list_size
            room = MAX_PROBLEMS - len(run.problems)
            if room > 0 and page.problems:
                run.problems = [*run.problems, *[[identifier, reason] for identifier, reason in page.problems[:room]]]
            run.heartbeat_at = timezone.now()
            run.save()
            changed = [row.pk for row in creates] + [row.pk for row in updates]
            if changed or gone:
                transaction.on_commit(
                    lambda: external_records_changed.send(
                        sender=ExternalRecord, source=source, changed_ids=changed, removed_ids=gone
                    )
                )
        self.run = run
        if self.progress:
            self.progress(run)

    def _finish(self, first_response_date, ended_cleanly):
        with transaction.atomic():
            run = HarvestRun.objects.select_for_update().get(pk=self.run.pk)
            full = run.incremental_from is None
            if full and ended_cleanly and run.received:
                leftovers = self.source.records.exclude(last_seen_run=run.pk)
                removed_ids = list(leftovers.values_list("pk", flat=True))
                if removed_ids:
                    ExternalRecord.objects.filter(pk__in=removed_ids).delete()
                    run.removed = len(removed_ids)
                    transaction.on_commit(
                        lambda: external_records_changed.send(
                            sender=ExternalRecord, source=self.source, changed_ids=[], removed_ids=removed_ids
                        )
                    )
            elif full and not run.received and self.source.records.exists():
                run.notes = [
                    *run.notes,
                    _("The repository listed nothing: the records stored before are kept until it lists them again."),
                ]
            if first_response_date is _NO_DATE:
                run.notes = [
                    *run.notes,
                    _("The repository gave no usable responseDate: the next harvest starts from the same point."),
                ]
            else:
                HarvestSource.objects.filter(pk=self.source.pk).update(harvested_through=first_response_date)
            run.status = HarvestRun.Status.SUCCEEDED
            run.finished_at = run.heartbeat_at = timezone.now()
            run.save()
        self.run = run

    def stop(self, reason):
        HarvestRun.objects.filter(pk=self.run.pk).update(
            status=HarvestRun.Status.FAILED,
            stop_reason=reason,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )


_NO_DATE = object()
_UPDATED_FIELDS = [
    "title",
    "title_en",
    "summary",
    "summary_en",
    "creators",
    "subjects",
    "place",
    "dates",
    "types",
    "rights",
    "languages",
    "original_url",
    "latitude",
    "longitude",
    "metadata",
    "metadata_xml",
    "datestamp",
    "set_specs",
    "content_hash",
    "changed_at",
    "last_seen_run",
]
