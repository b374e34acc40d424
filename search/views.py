"""/search/ (HTML, works without JavaScript), /api/search and /api/search/suggest (JSON)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from heritage.models import EthnicGroup, Licence, Province, RecordPage, Subject

from . import service
from .backends.base import SearchUnavailable
from .params import PAGE_SIZE, PERIODS


def facet_labels():
    """value → label for every facet, in the active language."""
    media = {"image": _("Images"), "audio": _("Audio"), "video": _("Video")}
    periods = {
        "before-1900": _("Before 1900"),
        "1900-1944": "1900–1944",
        "1945-1974": "1945–1974",
        "1975-1999": "1975–1999",
        "since-2000": _("Since 2000"),
    }
    return {
        "type": {
            key: str(model._meta.verbose_name_plural).capitalize() for key, model in RecordPage.record_types().items()
        },
        "group": {group.slug: group.display_name for group in EthnicGroup.objects.all()},
        "province": {province.code: province.display_name for province in Province.objects.all()},
        "subject": {subject.slug: subject.display_name for subject in Subject.objects.all()},
        "licence": {licence.code: licence.display_name for licence in Licence.objects.all()},
        "media": media,
        "ocop": {str(stars): _("%(stars)s stars") % {"stars": stars} for stars in (3, 4, 5)},
        "period": {key: periods[key] for key in PERIODS},
    }


FACET_TITLES = {
    "type": "Record type",
    "group": "Ethnic group",
    "province": "Province",
    "subject": "Subject",
    "period": "Period",
    "media": "Media",
    "ocop": "OCOP rating",
    "licence": "Licence",
}


def labelled_facets(params, results):
    labels = facet_labels()
    facets = []
    for name, title in FACET_TITLES.items():
        chosen = set(params.filters.get(name, []))
        options = [
            {"value": value, "label": labels[name].get(value, value), "count": count, "chosen": value in chosen}
            for value, count in results.facets.get(name, [])
        ]
        if options:
            facets.append({"name": name, "title": _(title), "options": options})
    return facets


def without(request, name, value=None):
    """The current query string without one filter value (or the whole filter)."""
    query = request.GET.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query.setlist(name, [item for item in query.getlist(name) if item != value])
    return query.urlencode()


@require_GET
def search_page(request):
    outcome = service.search(request.user, request.GET)
    params, results, records = outcome.params, outcome.results, outcome.records
    context = {"error": outcome.error, "query": request.GET.get("q", "")[:500]}
    if outcome.ok:
        labels = facet_labels()
        pages = max(1, -(-results.total // PAGE_SIZE))
        context.update(
            params=params,
            results=results,
            records=records,
            facets=labelled_facets(params, results),
            active_filters=[
                {
                    "name": name,
                    "value": value,
                    "label": labels[name].get(value, value),
                    "remove": without(request, name, value),
                }
                for name, values in params.filters.items()
                for value in values
            ],
            pages=pages,
            previous_query=page_query(request, params.page - 1) if params.page > 1 else "",
            next_query=page_query(request, params.page + 1) if params.page < pages else "",
            sort_options=[("relevance", _("Relevance")), ("date", _("Newest")), ("title", _("Title"))],
            external=outcome.external,
            external_total=outcome.external_total,
        )
    return render(request, "search/search.html", context, status=outcome.status)


def page_query(request, page):
    query = request.GET.copy()
    query["page"] = str(page)
    return query.urlencode()


def location_fields(location):
    """A record's place as the caller may see it: exact, or its area's centre."""
    if location is None:
        return {"latitude": None, "longitude": None, "location_exact": None}
    return {"latitude": location["latitude"], "longitude": location["longitude"], "location_exact": location["exact"]}


@require_GET
def api_search(request):
    outcome = service.search(request.user, request.GET)
    if not outcome.ok:
        return JsonResponse({"error": outcome.error}, status=outcome.status)
    params, results = outcome.params, outcome.results
    return JsonResponse(
        {
            "query": params.text,
            "total": results.total,
            # True when a very common word made the database fallback estimate the total.
            "total_is_estimate": getattr(results, "total_is_estimate", False),
            "page": params.page,
            "page_size": params.size,
            "suggestion": results.suggestion,
            "notice": results.notice,
            "results": [
                {
                    "id": record.pk,
                    "type": record.specific_class.record_type_key,
                    "title": record.title,
                    "title_en": record.title_en,
                    "summary": record.summary,
                    "url": request.build_absolute_uri(record.url),
                    "permalink": record.stable_url(request),
                    "province": record.province.code if record.province else None,
                    **location_fields(record.location_for(request.user)),
                    "access_level": record.access_level,
                    "highlights": results.highlights.get(record.pk, []),
                    # Where the record's recordings say a searched word (captions).
                    "moments": [
                        {"url": request.build_absolute_uri(record.url + fragment), "start": start, "text": text}
                        for fragment, start, text in getattr(record, "search_moments", [])
                    ],
                }
                for record in outcome.records
            ],
            "facets": {facet["name"]: facet["options"] for facet in labelled_facets(params, results)},
            # Records of other institutions (harvested metadata), never mixed with ours.
            "external": {
                "total": outcome.external_total,
                "results": [
                    {
                        "id": record.pk,
                        "title": record.display_title,
                        "summary": record.display_summary,
                        "source": record.source.name,
                        "original_url": record.original_link or None,
                        "url": request.build_absolute_uri(record.get_absolute_url()),
                    }
                    for record in outcome.external
                ],
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_suggest(request):
    try:
        found = service.suggestions(request.user, request.GET.get("q", ""))
    except SearchUnavailable:
        return JsonResponse({"suggestions": [], "error": _("Search is unavailable at the moment.")}, status=503)
    return JsonResponse(
        {"suggestions": [{"title": record.title, "url": record.url} for record in found]},
        json_dumps_params={"ensure_ascii": False},
    )
