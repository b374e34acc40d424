"""Which records a list of the API holds: the same filters, read the same way, as the
library page, the search page and the map (so one URL's query string means the same
records on every surface), narrowed to what the caller may see.

The map layer's own reading of a query string (`gis.views.map_records`) already joins
the two: the library's listing filters (`heritage.listing.RecordListing`: type, group,
province, subject), `bbox` on the public point and `area`, or, as soon as a parameter
only search can answer is given (q, licence, media, ocop, period, polygon, near), the
search service's whole matching set (`search.service.matching_record_ids`, at most
10 000 records). The API reuses it as it is and adds `collection`.
"""

from types import SimpleNamespace

from django.http import Http404
from django.utils.translation import gettext as _

from gis.views import map_records
from heritage.geography import BadGeometry
from heritage.models import CollectionItem, CollectionPage
from search.backends.base import SearchUnavailable as EngineUnavailable
from search.params import BadSearchParameter

from .errors import BadParameter, SearchUnavailable

PAGING = ("page", "page_size")


def record_filters(request):
    """The query string without the paging parameters."""
    query = request.query_params.copy()
    for name in PAGING:
        query.pop(name, None)
    return query


def filter_key(request):
    """The filters as plain data, for caching a count."""
    return sorted((name, sorted(values)) for name, values in record_filters(request).lists())


def matching_records(request):
    """The visible records the request's filters select (a queryset, unordered)."""
    query = record_filters(request)
    try:
        records = map_records(SimpleNamespace(GET=query, user=request.user))
    except (BadSearchParameter, BadGeometry) as error:
        raise BadParameter(str(error)) from None
    except Http404:
        raise BadParameter(unknown_area(query.get("area", ""))) from None
    except EngineUnavailable:
        raise SearchUnavailable() from None
    if query.get("collection"):
        records = records.filter(
            pk__in=CollectionItem.objects.filter(collection=_collection(query)).values("record_id")
        )
    return records


def unknown_area(value):
    return _("No area is filed under “%(value)s” (give level/code, e.g. district/435).") % {"value": value[:80]}


def _collection(query):
    text = query["collection"].strip()
    found = None
    if text.isascii() and text.isdigit() and len(text) <= 18:
        found = CollectionPage.objects.live().filter(pk=int(text)).first()
    if found is None:
        raise BadParameter(_("There is no collection %(value)s (give its id).") % {"value": text[:40]})
    return found
