"""OAI-PMH 2.0 requests: verbs and their arguments, errors, identifiers, dates,
resumption tokens, and the lists they page through.

What a complete list sequence (a first request and its resumption tokens) guarantees:

* Items come in (datestamp, record id) order, 100 a page; a token holds the last
  (datestamp, id) sent, signed (django.core.signing), so the server keeps no state.
* A response lists only items whose datestamp is before the current second, and every
  change gives its item a datestamp no earlier than the second its transaction commits
  (`exchange.items`). So an item changed during a harvest always lands after every
  cursor handed out so far: every item whose datestamp lies in the requested range is
  sent, none is skipped, and one that is not changed is sent exactly once. An item
  changed after it was sent (edited, unpublished, made non-public, published again) is
  sent again, later in the same harvest, in its new state: that is how the harvester
  learns of the change. A record added during the harvest is sent at the end.
* `completeListSize` is what the sequence will have sent when it ends if nothing
  changes meanwhile (items sent so far plus those still ahead); `cursor` counts the
  items sent before this response.
* A harvester that starts its next incremental harvest `from` the `responseDate` of
  the last response gets every change made after that response.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Q

from . import clock

PAGE_SIZE = 100
TOKEN_LIFETIME = timedelta(hours=24)
TOKEN_SALT = "exchange.oai.resumption"  # noqa: S105 - a namespace for signing, not a secret
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "edm": ("http://www.europeana.eu/schemas/edm/EDM.xsd", "http://www.europeana.eu/schemas/edm/"),
}

# verb → (required arguments, optional arguments); resumptionToken is exclusive.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}

# The schema's patterns for a metadata prefix and a set spec.
PREFIX_SYNTAX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SYNTAX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
DAY_SYNTAX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SECOND_SYNTAX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The oai-identifier scheme's repository identifier: a domain name.
REPOSITORY_SYNTAX = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")


class OaiError(Exception):
    """A protocol error: answered with HTTP 200 and an <error code="..."> element."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def bad_argument(message):
    return OaiError("badArgument", message)


@dataclass(frozen=True)
class OaiRequest:
    verb: str
    arguments: dict


def parse_request(arguments):
    """`arguments`: a QueryDict (GET or POST). Raises OaiError(badVerb/badArgument)."""
    lists = {name: values for name, values in arguments.lists()}
    verbs = lists.pop("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        if len(verbs) > 1:
            raise OaiError("badVerb", "The verb argument is repeated.")
        raise OaiError("badVerb", "The verb argument is missing or is not an OAI-PMH verb.")
    verb = verbs[0]
    repeated = sorted(name for name, values in lists.items() if len(values) > 1)
    if repeated:
        raise bad_argument(f"Repeated argument: {', '.join(repeated)}.")
    values = {name: values[0] for name, values in lists.items()}
    if any(NOT_XML.search(text) for pair in values.items() for text in pair):
        raise bad_argument("An argument holds characters that XML cannot carry.")
    if "resumptionToken" in values and verb in RESUMABLE:
        if len(values) > 1:
            raise bad_argument("resumptionToken is an exclusive argument.")
        return OaiRequest(verb, values)
    required, optional = VERBS[verb]
    illegal = sorted(set(values) - required - optional)
    if illegal:
        raise bad_argument(f"Illegal argument for {verb}: {', '.join(illegal)}.")
    missing = sorted(required - set(values))
    if missing:
        raise bad_argument(f"Missing argument for {verb}: {', '.join(missing)}.")
    return OaiRequest(verb, values)


def metadata_prefix(value):
    if not PREFIX_SYNTAX.fullmatch(value):
        raise bad_argument("The metadataPrefix is not a legal metadata prefix.")
    if value not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"The metadata format '{value}' is not supported: use oai_dc or edm.")
    return value


# Identifiers and dates


def site_url():
    """The public address (SITE_BASE_URL), which every link in the metadata uses."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def repository_identifier():
    """The host in `oai:<host>:<id>`: the public address's host name, so identifiers
    stay the same whatever address a harvester used."""
    return getattr(settings, "HERITAGE_OAI_REPOSITORY_IDENTIFIER", "") or urlsplit(site_url()).hostname or "localhost"


def follows_oai_identifier_scheme():
    return bool(REPOSITORY_SYNTAX.fullmatch(repository_identifier()))


def identifier_for(record_id):
    return f"oai:{repository_identifier()}:{record_id}"


def record_id_from(identifier):
    """The record id in one of our identifiers, or None."""
    prefix = f"oai:{repository_identifier()}:"
    number = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not re.fullmatch(r"[1-9][0-9]{0,17}", number):
        return None
    return int(number)


def format_datestamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(value, name, end_of_day=False):
    """(UTC datetime, granularity) of a from/until argument; badArgument if it is not
    one of the two granularities or not a real date."""
    try:
        if DAY_SYNTAX.fullmatch(value):
            day = datetime.strptime(value, "%Y-%m-%d").date()
            moment = datetime.combine(day, time(23, 59, 59) if end_of_day else time(0, 0, 0), tzinfo=UTC)
            return moment, "day"
        if SECOND_SYNTAX.fullmatch(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), "second"
    except ValueError:
        pass
    raise bad_argument(f"The {name} argument is not a date of the form YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


# Lists and resumption tokens


@dataclass(frozen=True)
class ListQuery:
    """One page of a ListIdentifiers or ListRecords sequence."""

    verb: str
    prefix: str
    set_spec: str = ""
    since: datetime | None = None
    until: datetime | None = None
    after: tuple | None = None  # (datestamp, record id) of the last item sent
    sent: int = 0

    @classmethod
    def from_arguments(cls, verb, arguments):
        if "resumptionToken" in arguments:
            return cls.from_token(verb, arguments["resumptionToken"])
        prefix = metadata_prefix(arguments["metadataPrefix"])
        since = until = None
        if "from" in arguments:
            since, since_granularity = parse_datestamp(arguments["from"], "from")
        if "until" in arguments:
            until, until_granularity = parse_datestamp(arguments["until"], "until", end_of_day=True)
        if since and until:
            if since_granularity != until_granularity:
                raise bad_argument("The from and until arguments must have the same granularity.")
            if since > until:
                raise bad_argument("The from argument is later than the until argument.")
        set_spec = arguments.get("set", "")
        if "set" in arguments and not SET_SYNTAX.fullmatch(set_spec):
            raise bad_argument("The set argument is not a legal set spec.")
        return cls(verb, prefix, set_spec, since, until)

    @classmethod
    def from_token(cls, verb, token):
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
            if data["v"] != verb:
                raise ValueError("token of another verb")
            return cls(
                verb=verb,
                prefix=data["m"],
                set_spec=data["s"],
                since=_from_epoch(data["f"]),
                until=_from_epoch(data["u"]),
                after=(_from_epoch(data["d"]), int(data["i"])),
                sent=int(data["n"]),
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError) as error:
            raise OaiError("badResumptionToken", "The resumption token is invalid or has expired.") from error

    def token_after(self, datestamp, record_id, sent):
        data = {
            "v": self.verb,
            "m": self.prefix,
            "s": self.set_spec,
            "f": _to_epoch(self.since),
            "u": _to_epoch(self.until),
            "d": _to_epoch(datestamp),
            "i": record_id,
            "n": sent,
        }
        return signing.dumps(data, salt=TOKEN_SALT, compress=True)

    def items(self):
        """Every item of the list (ignoring the cursor), settled: before the current second."""
        from .models import OaiItem, OaiItemSet

        items = OaiItem.objects.filter(datestamp__lt=clock.now())
        if self.since:
            items = items.filter(datestamp__gte=self.since)
        if self.until:
            items = items.filter(datestamp__lte=self.until)
        if self.set_spec:
            if ":" in self.set_spec:
                members = OaiItemSet.objects.filter(spec=self.set_spec)
            else:
                members = OaiItemSet.objects.filter(spec__startswith=f"{self.set_spec}:")
            items = items.filter(pk__in=members.values("item_id"))
        return items

    def page(self):
        """(items of this page as (record id, datestamp, deleted), next token or None,
        complete list size)."""
        remaining = self.items()
        if self.after:
            datestamp, record_id = self.after
            remaining = remaining.filter(datestamp__gte=datestamp).filter(
                Q(datestamp__gt=datestamp) | Q(record_id__gt=record_id)
            )
        rows = list(
            remaining.order_by("datestamp", "record_id").values_list("record_id", "datestamp", "deleted")[
                : PAGE_SIZE + 1
            ]
        )
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        size = self.sent + (remaining.count() if more else len(rows))
        token = None
        if more:
            last_id, last_datestamp, _deleted = rows[-1]
            token = self.token_after(last_datestamp, last_id, self.sent + len(rows))
        return rows, token, size


def _to_epoch(moment):
    return int(moment.timestamp()) if moment else None


def _from_epoch(value):
    return datetime.fromtimestamp(int(value), UTC) if value is not None else None
