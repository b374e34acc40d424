"""The research tools on other apps' pages: "cite this record" and "keep on a list" on
the record page, exports and "save this search" on /search/ (each one include)."""

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from .. import citations, exports

register = template.Library()

CITATION_LABELS = {"ris": "RIS", "bib": "BibTeX", "csl-json": "CSL-JSON"}
EXPORT_LABELS = {"json": "JSON", "geojson": "GeoJSON", **CITATION_LABELS}


@register.simple_tag
def record_citation(record, request):
    """{"text", "url", "accessed", "formats": [(label, format)]} of a record the page shows."""
    from heritage.models import RecordPage

    # The page is shown to this visitor, so the record is one they may see; a draft in the
    # admin's preview is not live yet and has no citation.
    items = citations.csl_items(RecordPage.objects.visible_to(request.user), [record.pk])
    if not items:
        return None
    item = items[0]
    return {
        "text": citations.formatted_citation(item, record.title_en if get_language() == "en" else ""),
        "url": record.stable_url(request),
        "accessed": timezone.localdate(),
        "formats": list(CITATION_LABELS.items()),
    }


@register.simple_tag
def research_lists(request):
    """The signed-in visitor's lists (read once per request, however many forms show
    them), or []."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    if not hasattr(request, "_research_lists"):
        request._research_lists = list(user.record_lists.order_by("-updated_at", "-pk").values("pk", "name")[:100])
    return request._research_lists


@register.simple_tag
def search_export(request, results):
    """What /search/ offers for its result: the query string to export (without the
    page) and its formats, or why the result is too large."""
    query = request.GET.copy()
    query.pop("page", None)
    limit = exports.export_limit()
    return {
        "query": query.urlencode(),
        "formats": list(EXPORT_LABELS.items()),
        "too_large": results is not None and results.total > limit,
        "limit": limit,
    }


@register.filter
def format_label(format_name):
    return EXPORT_LABELS.get(format_name, format_name)
