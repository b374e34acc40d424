"""Public pages of the records harvested from other institutions: `/lien-thong/` (the
list, filtered by source) and `/lien-thong/<id>/` (one record, with its source and a
link to the original). They read `ExternalRecord.objects.shown()` only, print what the
remote side sent as text (escaped, never as HTML), and link only to http(s) addresses,
so nothing a repository sends can break or script our pages.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .models import ExternalRecord, HarvestSource

PAGE_SIZE = 20


def _chosen_source(request, sources):
    value = request.GET.get("source", "")
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return next((source for source in sources if source.pk == int(value)), None)
    return None


def external_record_list(request):
    sources = list(
        HarvestSource.objects.filter(shown_on_site=True)
        .annotate(record_count=Count("records"))
        .filter(Q(record_count__gt=0))
        .order_by("name", "pk")
    )
    chosen = _chosen_source(request, sources)
    records = ExternalRecord.objects.shown().select_related("source").order_by("-datestamp", "-pk")
    if chosen:
        records = records.filter(source=chosen)
    problems = []
    if request.GET.get("source") and chosen is None:
        problems.append(_("There is no such source; all sources are shown."))
    page = Paginator(
        records.only(
            "pk", "title", "title_en", "summary", "place", "datestamp", "source__name", "latitude", "longitude"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if chosen is None:
        query.pop("source", None)
    return render(
        request,
        "exchange/external_record_list.html",
        {
            "records": page,
            "sources": sources,
            "chosen_source": chosen,
            "filter_problems": problems,
            "query_without_page": query.urlencode(),
        },
    )


def external_record_detail(request, record_id):
    record = get_object_or_404(ExternalRecord.objects.shown().select_related("source"), pk=record_id)
    return render(request, "exchange/external_record_detail.html", {"record": record, "source": record.source})
