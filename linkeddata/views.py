"""`/sitemap.xml` (an index of the sections in `sitemaps.py`), each section's file, and
`/robots.txt`."""

from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemaps

from heritage.access import cached_for_audience

from .sitemaps import SECTIONS

SITEMAP_SECONDS = 3600
CACHE_SECONDS = 600


def cached_sitemap(request, name, parts, compute):
    """`compute()` (the XML text and its Last-Modified), remembered until the next change
    of what visitors may see (every publish, unpublish, move, deletion, access or area
    change bumps the access version) and at most `CACHE_SECONDS`, for harvested records,
    whose changes do not bump it: at 100 000 records the index is a second and a half of
    aggregates (bench/linkeddata.py)."""
    answer = cached_for_audience(
        None, f"linkeddata-{name}", [request.scheme, request.get_host(), *parts], compute, timeout=CACHE_SECONDS
    )
    response = HttpResponse(answer["xml"], content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's own sitemap views say
    if answer["last_modified"]:
        response.headers["Last-Modified"] = http_date(answer["last_modified"])
    return response


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def sitemap_index(request):
    def compute():
        response = wagtail_sitemaps.index(request, SECTIONS, sitemap_url_name="sitemap_section")
        response.render()
        return {"xml": response.content.decode(), "last_modified": None}

    return cached_sitemap(request, "index", [], compute)


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def sitemap_section(request, section):
    """One file of a section (`?p=` for the next ones). Written as text rather than
    through a template: a file of 5 000 records renders in a fraction of the time."""
    from django.contrib.sites.requests import RequestSite
    from django.core.paginator import EmptyPage, PageNotAnInteger

    if section not in SECTIONS:
        raise Http404
    page = request.GET.get("p", "1")

    def compute():
        sitemap = SECTIONS[section](request)
        try:
            urls = sitemap.get_urls(page=page, site=RequestSite(request), protocol=request.scheme)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404 from error
        latest = getattr(sitemap, "latest_lastmod", None)
        return {"xml": urlset(urls), "last_modified": latest.timestamp() if latest else None}

    return cached_sitemap(request, "section", [section, page], compute)


def urlset(urls):
    """The sitemap protocol's <urlset>, with the image extension for `images` and, for
    each page, its English twin under /en/ as an hreflang alternate (docs/english.md)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang="{language}" href="{escape(location, ATTRIBUTE_ENTITIES)}"/>'
            for language, location in language_twins(url["location"])
        )
        if url.get("lastmod"):
            parts.append(f"<lastmod>{url['lastmod'].isoformat()}</lastmod>")
        for image in url.get("images", ()):
            parts.append(f"<image:image><image:loc>{escape(image)}</image:loc></image:image>")
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


ATTRIBUTE_ENTITIES = {'"': "&quot;"}


def language_twins(location):
    """(hreflang, address) of a public page in each language: every page of the sitemap
    is one of the public site's, Vietnamese unprefixed and English under /en/
    (`heritage/urls.py`), so the twin is the same address with the prefix."""
    scheme, host, path, query, fragment = urlsplit(location)
    english = urlunsplit((scheme, host, "/en" + path, query, fragment))
    return [("vi", location), ("en", english), ("x-default", location)]


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
    # The same pages in English, under /en/ (docs/english.md); the admin has no twin.
    disallowed += ["/en" + rule for rule in disallowed if rule not in ("/admin/", "/i18n/")]
    return disallowed


@require_GET
@cache_control(public=True, max_age=SITEMAP_SECONDS)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in robots_rules()), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
