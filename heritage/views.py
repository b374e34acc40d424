from django.contrib.staticfiles import finders
from django.contrib.syndication.views import Feed
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .listing import RecordListing, collection_counts
from .models import EthnicGroup, RecordPage
from .text import vietnamese_sort_key


def ethnic_group_index(request):
    visible = RecordPage.objects.visible_to(request.user)
    counts = collection_counts(request.user, visible)["ethnic_groups"]
    groups = sorted(
        EthnicGroup.objects.prefetch_related("other_names"), key=lambda group: vietnamese_sort_key(group.name)
    )
    for group in groups:
        group.record_count = counts.get(group.pk, 0)
    return render(request, "heritage/ethnic_group_index.html", {"groups": groups})


def ethnic_group_detail(request, slug):
    group = get_object_or_404(EthnicGroup.objects.prefetch_related("other_names", "main_provinces"), slug=slug)
    listing = RecordListing(request, RecordPage.objects.visible_to(request.user), fixed_filters={"group": group.slug})
    context = {"group": group, "map_filters": {"group": group.slug}, **listing.context()}
    return render(request, "heritage/ethnic_group_detail.html", context)


def record_permalink(request, record_id):
    """The stable URL of a record: it survives renames and moves of the page."""
    record = get_object_or_404(RecordPage.objects.visible_to(request.user).specific(), pk=record_id)
    return redirect(record.get_url(request), permanent=False)


class LatestRecordsFeed(Feed):
    """RSS of the newest public records; restricted records never appear in it."""

    title = _("New heritage records")
    link = "/"
    description = _("The latest records added to the e-library of ethnic heritage.")

    def items(self):
        return RecordPage.objects.public().order_by("-listed_at", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at


def web_app_manifest(request):
    """The web app manifest (name, colours, icons) in the visitor's language, so that a
    phone's "add to home screen" shows the library's name and icon."""
    name = gettext("E-library of ethnic heritage")
    icons = [
        {"src": static("heritage/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("heritage/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("heritage/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("heritage/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    manifest = {
        "name": name,
        "short_name": gettext("Ethnic heritage"),
        "description": gettext("Festivals, customs and traditional products of Vietnam’s ethnic minorities."),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "minimal-ui",
        "background_color": "#fbf8f3",
        "theme_color": "#8a2d1c",
        "icons": icons,
    }
    response = JsonResponse(
        manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=86400"
    patch_vary_headers(response, ["Cookie"])  # the language is chosen by cookie
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the icon itself, not a 404 page."""
    response = FileResponse(open(finders.find("heritage/icons/favicon.ico"), "rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
