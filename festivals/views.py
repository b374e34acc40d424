"""The festival calendar page (`/lich-le-hoi/`) and its iCalendar feeds."""

import gzip
import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _

from gis.views import accepts_gzip
from heritage.access import access_version
from heritage.models import EthnicGroup, FestivalPage, Province

from .calendar_page import calendar_context
from .ical import feed_festivals, feed_window, festival_feed
from .params import BadCalendarQuery, parse

FEED_CACHE_SECONDS = 24 * 3600


def festival_calendar(request):
    today = timezone.localdate()
    try:
        query = parse(request.GET, today)
    except BadCalendarQuery as problem:
        context = {"error": str(problem), "today": today}
        return render(request, "festivals/calendar.html", context, status=400)
    context = calendar_context(request, query)
    context["today"] = today
    context["feeds"] = _feeds_for(request)
    return render(request, "festivals/calendar.html", context)


def _feeds_for(request):
    """The feeds a visitor may subscribe to from the page: the whole calendar and, when
    the page is filtered by an ethnic group or a province, that one's."""
    feeds = [(_("The whole calendar"), reverse("festival_feed"))]
    group = EthnicGroup.objects.filter(slug=request.GET.get("group", "").replace("\x00", "")[:100]).first()
    if group:
        feeds.append((group.display_name, reverse("festival_feed_group", args=[group.slug])))
    province = Province.objects.filter(code=request.GET.get("province", "").replace("\x00", "")[:20]).first()
    if province:
        feeds.append((province.display_name, reverse("festival_feed_province", args=[province.code])))
    return [
        {"label": label, "url": request.build_absolute_uri(path), "webcal": _webcal(request, path)}
        for label, path in feeds
    ]


def _webcal(request, path):
    # webcal:// asks a phone to subscribe rather than download once.
    return "webcal://" + request.get_host() + path


def feed_all(request):
    return _feed(request, scope="all", name=_("Festival calendar"), narrow=lambda festivals: festivals)


def feed_for_group(request, slug):
    group = get_object_or_404(EthnicGroup, slug=slug)
    name = _("Festival calendar: %(name)s") % {"name": group.name}
    return _feed(
        request, scope=f"group:{group.pk}", name=name, narrow=lambda festivals: festivals.filter(ethnic_groups=group)
    )


def feed_for_province(request, code):
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    name = _("Festival calendar: %(name)s") % {"name": province.name}
    return _feed(
        request,
        scope=f"province:{province.pk}",
        name=name,
        narrow=lambda festivals: festivals.filter(province=province),
    )


def _feed(request, *, scope, name, narrow):
    """A public feed: anonymous visitors' records whoever asks, so one copy serves
    everyone. Revalidated on every use (`no-cache`) against an ETag made of the access
    version, the feed's window and scope: any publish, unpublish or access change makes
    a new one. Kept gzipped and sent so to every client that takes gzip."""
    today = timezone.localdate()
    window = feed_window(today)
    digest = hashlib.sha256(f"{access_version()}:{window[0]}:{window[1]}:{scope}".encode()).hexdigest()
    compressed = accepts_gzip(request)
    etag = f'"{digest[:32]}{"-gz" if compressed else ""}"'
    answer = get_conditional_response(request, etag=etag)
    if answer is not None:
        return _public(answer, etag)
    key = "festival-feed-" + hashlib.sha256(f"{digest}:{request.get_host()}".encode()).hexdigest()
    packed = cache.get(key)
    if packed is None:
        festivals = feed_festivals(narrow(FestivalPage.objects.public().with_location_for(None)))
        # The events of the previous build of this feed, whatever changed since: a
        # festival whose events are made of the same things is not written again.
        events_key = "festival-feed-events-" + hashlib.sha256(f"{scope}:{request.get_host()}".encode()).hexdigest()
        body, events = festival_feed(
            festivals,
            name=name,
            url=request.build_absolute_uri(request.path),
            host=request.get_host().split(":")[0] or "localhost",
            today=today,
            record_url=_record_urls(request),
            kept=cache.get(events_key),
        )
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        cache.set_many({key: packed, events_key: events}, FEED_CACHE_SECONDS)
    response = HttpResponse(
        packed if compressed else gzip.decompress(packed), content_type="text/calendar; charset=utf-8"
    )
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Disposition"] = 'inline; filename="lich-le-hoi.ics"'
    return _public(response, etag)


def _record_urls(request):
    """festival → its absolute stable URL (/r/<id>/), without resolving one per festival."""
    pattern = request.build_absolute_uri(reverse("record_permalink", args=[0]))
    prefix, suffix = pattern.rsplit("/0/", 1)
    return lambda festival: f"{prefix}/{festival.pk}/{suffix}"


def _public(response, etag):
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache"
    response["Vary"] = "Accept-Encoding"
    return response
