"""`/sitemap.xml` (an index of the sections in `sitemaps.py`), each section's file, and
`/robots.txt`."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemaps

from .sitemaps import SECTIONS

SITEMAP_SECONDS = 3600


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def sitemap_index(request):
    return wagtail_sitemaps.index(request, SECTIONS, sitemap_url_name="sitemap_section")


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def sitemap_section(request, section):
    return wagtail_sitemaps.sitemap(
        request, SECTIONS, section=section, template_name="linkeddata/sitemap.xml", content_type="application/xml"
    )


def robots_rules():
    """What crawlers are asked to leave alone: the admin, signing in, result pages of
    searches and filters (endless combinations of the same records, each listed once in
    the sitemap), the calendar's months and data endpoints meant for programs."""
    from heritage.models import RecordIndexPage

    disallowed = [
        "/admin/",
        reverse("accounts:sign_in"),
        reverse("accounts:sign_out"),
        "/i18n/",
        reverse("search"),
        "/api/",
        reverse("oai_pmh"),
        reverse("map") + "?",
        reverse("festival_calendar") + "?",
        reverse("ethnic_group_index") + "*?",
        reverse("external_record_list") + "?",
    ]
    library = RecordIndexPage.objects.live().first()
    if library is not None and library.url:
        disallowed.append(library.url + "?")
    return disallowed


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in robots_rules()), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
