"""Background work of the site itself (django-tasks)."""

from django.http import HttpRequest, QueryDict
from django_tasks import task

from .access import AccessLevel, access_version, member_of


@task()
def warm_counts(version):
    """Work out, right after a change, what the first visitor of each audience (public
    first, then community members, then staff) would otherwise wait for: the
    collection's counts (home page, ethnic groups), the library's total and facets
    (unfiltered and, for anonymous visitors, filtered by each record type, the links
    the home page offers) and every map's first view, remembered under access version
    `version` exactly as a visitor's request would remember them. Stops as soon as a
    newer change has come: the task queued by that change does it, and a visitor
    arriving before the task is done computes what is missing (as without it), so a
    count is never older than what that visitor may see."""
    from gis.views import warm_first_map_views

    from .listing import RecordListing, collection_counts
    from .models import RecordPage

    for level in AccessLevel:
        member = member_of(level)
        visible = RecordPage.objects.visible_to(member)
        queries = [""]
        if level == AccessLevel.PUBLIC:
            queries += [f"type={key}" for key in RecordPage.record_types()]
        for query in queries:
            if access_version() != version:
                return False
            request = HttpRequest()
            request.user = member
            request.GET = QueryDict(query)
            RecordListing(request, visible).context()
        if access_version() != version:
            return False
        collection_counts(member, visible)
        warm_first_map_views(member)
    return True
