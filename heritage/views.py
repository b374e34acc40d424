from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .access import can_view
from .listing import RecordListing
from .models import EthnicGroup, RecordPage
from .text import vietnamese_sort_key


def ethnic_group_index(request):
    counts = {group.pk: group.record_count for group in RecordListing.groups_with_counts(request.user)}
    groups = sorted(
        EthnicGroup.objects.prefetch_related("other_names"), key=lambda group: vietnamese_sort_key(group.name)
    )
    for group in groups:
        group.record_count = counts.get(group.pk, 0)
    return render(request, "heritage/ethnic_group_index.html", {"groups": groups})


def ethnic_group_detail(request, slug):
    group = get_object_or_404(EthnicGroup.objects.prefetch_related("other_names", "main_provinces"), slug=slug)
    listing = RecordListing(request, fixed_filters={"group": group.slug})
    context = {"group": group, "map_filters": {"group": group.slug}, **listing.context()}
    return render(request, "heritage/ethnic_group_detail.html", context)


def record_permalink(request, record_id):
    """The stable URL of a record: it survives renames and moves of the page."""
    page = get_object_or_404(Page.objects.live().specific(), pk=record_id)
    if not isinstance(page, RecordPage) or not can_view(request.user, page.access_level):
        raise Http404
    return redirect(page.get_url(request), permanent=False)


class LatestRecordsFeed(Feed):
    """RSS of the newest public records; restricted records never appear in it."""

    title = _("New heritage records")
    link = "/"
    description = _("The latest records added to the e-library of ethnic heritage.")

    def items(self):
        return RecordPage.objects.live().filter(access_level="public").order_by("-first_published_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url()

    def item_pubdate(self, item):
        return item.first_published_at
