"""Background work of the site itself (django-tasks)."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_tasks import task

from .access import access_version


@task()
def warm_public_counts(version):
    """Work out, right after a change, what the first anonymous visitor would otherwise
    wait for: the collection's counts (home page, ethnic groups), the unfiltered
    library's total and facets and every map's first view, remembered under access
    version `version`. Skipped when
    a newer change has come since: the task queued by that change does it."""
    from .listing import RecordListing, collection_counts
    from .models import RecordPage

    if access_version() != version:
        return False
    request = HttpRequest()
    request.user = AnonymousUser()
    visible = RecordPage.objects.public()
    collection_counts(request.user, visible)
    RecordListing(request, visible).context()
    from gis.views import warm_first_map_views

    warm_first_map_views()
    return True
