"""The sections of `/sitemap.xml`: what an anonymous crawler may read, each entry with
its last change.

`/sitemap.xml` is an index of the sections (`/sitemap-records.xml`, ...), each cut into
files of at most `limit` entries, so that the sitemap stays within the protocol's 50 000
URLs per file at any size of the collection. Records are read through
`RecordPage.objects.public()`, with the images they show as image-sitemap entries;
ethnic groups and areas are listed when they hold public records, dated by the newest of
them. Each file costs a fixed number of queries, and rows rather than page objects: a
file of 5 000 records is read as 5 000 tuples (`bench/linkeddata.py`).
"""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from .schema import page_address


def newest_public_change(records=None):
    """When the newest of `records` (default: every public record) was last published."""
    from heritage.models import RecordPage

    records = RecordPage.objects.public() if records is None else records
    return records.aggregate(newest=Max("last_published_at"))["newest"]


def _latest(*moments):
    moments = [moment for moment in moments if moment]
    return max(moments) if moments else None


class RequestSitemap(WagtailSitemap):
    """A section built from plain objects (not pages): Django's own listing, with the
    request Wagtail hands its sitemaps."""

    _urls = DjangoSitemap._urls


class RecordSitemap(WagtailSitemap):
    """Public records of this site, with the images each shows (image sitemap extension)."""

    limit = 5000

    def items(self):
        from heritage.models import RecordPage

        root = self.get_wagtail_site().root_page
        records = RecordPage.objects.public().descendant_of(root).order_by("pk")
        return records.values_list("pk", "url_path", "last_published_at", "main_image_id")

    def get_latest_lastmod(self):
        # The index asks every section for its newest change: one aggregate, not a walk
        # over every record.
        return newest_public_change()

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        images = images_by_record([(pk, main_image) for pk, _path, _when, main_image in rows], self.request)
        address = page_addresses(self.get_wagtail_site(), self.request)
        urls = [
            {"location": address(url_path), "lastmod": published, "images": images.get(pk, [])}
            for pk, url_path, published, _main_image in rows
        ]
        if urls and all(info["lastmod"] for info in urls):
            self.latest_lastmod = max(info["lastmod"] for info in urls)
        return urls


def page_addresses(site, request):
    """url_path → absolute URL of a page of `site`, on the host the request came to: what
    `Page.get_url` answers, worked out once for a whole file instead of per page."""
    root_path = site.root_page.url_path
    prefix = request.build_absolute_uri(reverse("wagtail_serve", args=("",)))

    def address(url_path):
        return prefix + url_path[len(root_path) :]

    return address


def images_by_record(records, request):
    """record id → absolute URLs of the images it shows (main image first), for
    `records` as (id, main image id) pairs, found in two queries for the whole batch
    through Wagtail's reference index, the index `heritage.access` reads too."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.images import get_image_model
    from wagtail.models import Page, ReferenceIndex

    image_model = get_image_model()
    shown = {pk: ([main_image] if main_image else []) for pk, main_image in records}
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in shown],
        to_content_type=ContentType.objects.get_for_model(image_model),
    ).values_list("object_id", "to_object_id")
    for page_id, image_id in references.order_by("pk"):
        ids = shown[int(page_id)]
        if int(image_id) not in ids:
            ids.append(int(image_id))
    wanted = {image_id for ids in shown.values() for image_id in ids}
    images = image_model.objects.filter(pk__in=wanted).prefetch_related("renditions")
    urls = {image.pk: request.build_absolute_uri(image_location(image)) for image in images}
    return {pk: [urls[image_id] for image_id in ids if image_id in urls] for pk, ids in shown.items()}


def image_location(image):
    """The largest WebP rendition already made of `image`, else its IIIF JPEG (made when
    asked for): a sitemap never makes renditions."""
    made = [rendition for rendition in image.renditions.all() if rendition.file.name.endswith(".webp")]
    if made:
        return max(made, key=lambda rendition: rendition.width).url
    return reverse("iiif_image", args=[image.pk, "full", "max", "0", "default.jpg"])


class PageSitemap(WagtailSitemap):
    """The site's other pages (home, the library, collections, pages about the library),
    dated by their publication; home and the library change whenever a record does."""

    def items(self):
        from heritage.models import RecordPage

        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .not_type(RecordPage)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_latest_lastmod(self):
        from heritage.models import RecordPage

        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True).live().not_type(RecordPage)
        return _latest(pages.aggregate(newest=Max("last_published_at"))["newest"], newest_public_change())

    def _urls(self, page, protocol, domain):
        from heritage.models import HomePage, RecordIndexPage

        urls = []
        newest_record = newest_public_change()
        for item in self.paginator.page(page).object_list:
            for info in item.get_sitemap_urls(self.request):
                info["location"] = page_address(item, self.request)
                own = _latest(info.get("lastmod"), item.first_published_at)
                listing = isinstance(item, HomePage | RecordIndexPage)
                info["lastmod"] = _latest(own, newest_record) if listing or own is None else own
                urls.append(info)
        lastmods = [info["lastmod"] for info in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class EthnicGroupSitemap(RequestSitemap):
    """Ethnic-group pages of the groups that hold public records."""

    @cached_property
    def newest_by_group(self):
        """group id → when its newest public record was published: one grouped query."""
        from heritage.models import RecordPage

        links = RecordPage.ethnic_groups.through.objects.filter(recordpage__in=RecordPage.objects.public())
        return dict(
            links.order_by().values_list("ethnicgroup_id").annotate(newest=Max("recordpage__last_published_at"))
        )

    def items(self):
        from heritage.models import EthnicGroup

        return EthnicGroup.objects.filter(pk__in=list(self.newest_by_group)).only("pk", "slug").order_by("name")

    def location(self, group):
        return reverse("ethnic_group_detail", args=[group.slug])

    def lastmod(self, group):
        return self.newest_by_group[group.pk]

    def get_latest_lastmod(self):
        return max(self.newest_by_group.values(), default=None)


class AreaSitemap(RequestSitemap):
    """Area pages of the areas that hold public records, dated by the newer of the area's
    own change and its newest record."""

    limit = 10000

    def public_links(self):
        from gis.models import AreaRecord
        from heritage.models import RecordPage

        return AreaRecord.objects.filter(record__in=RecordPage.objects.public())

    def items(self):
        from gis.models import Area

        holding = Area.objects.filter(pk__in=self.public_links().values("area_id"))
        return holding.only("pk", "level", "code", "updated_at").order_by("level", "code")

    def _urls(self, page, protocol, domain):
        on_page = self.paginator.page(page).object_list.values("pk")
        self.newest_records = dict(
            self.public_links()
            .filter(area__in=on_page)
            .order_by()
            .values_list("area_id")
            .annotate(newest=Max("record__last_published_at"))
        )
        return super()._urls(page, protocol, domain)

    def location(self, area):
        return reverse("area", args=[area.level, area.code])

    def lastmod(self, area):
        return _latest(area.updated_at, self.newest_records.get(area.pk))

    def get_latest_lastmod(self):
        from gis.models import Area

        links = self.public_links()
        newest_area = Area.objects.filter(pk__in=links.values("area_id")).aggregate(newest=Max("updated_at"))
        return _latest(newest_area["newest"], links.aggregate(newest=Max("record__last_published_at"))["newest"])


class PlacesSitemap(RequestSitemap):
    """The public pages that are not records: ethnic groups, the map, the festival
    calendar, open data and the records of other libraries. A page with nothing to show
    yet (no public record, no harvested record) is left out."""

    @cached_property
    def places(self):
        from exchange.models import ExternalRecord
        from gis.models import Area
        from heritage.models import FestivalPage
        from opendata.models import CatalogueVersion

        newest = newest_public_change()
        if newest is None:
            return []
        # The open data changes with the public records and the areas; the catalogue's
        # stored version says when it last noticed (reading it computes nothing).
        open_data = _latest(
            newest,
            Area.objects.aggregate(newest=Max("updated_at"))["newest"],
            CatalogueVersion.objects.aggregate(newest=Max("since"))["newest"],
        )
        places = [
            ("ethnic_group_index", newest),
            ("map", newest),
            ("festival_calendar", newest_public_change(FestivalPage.objects.public())),
            ("open_data", open_data),
            ("external_record_list", ExternalRecord.objects.shown().aggregate(newest=Max("changed_at"))["newest"]),
        ]
        return [(name, moment) for name, moment in places if moment]

    def items(self):
        return self.places

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


SECTIONS = {
    "pages": PageSitemap,
    "places": PlacesSitemap,
    "records": RecordSitemap,
    "groups": EthnicGroupSitemap,
    "areas": AreaSitemap,
}
