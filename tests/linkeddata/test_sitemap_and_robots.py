"""`/sitemap.xml` (an index of sections, every entry with lastmod, record images as
image-sitemap entries, public records only) and `/robots.txt`, read as an anonymous
crawler does."""

import datetime

import pytest
from lxml import etree

from tests.factories import make_area, make_image, make_record

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "image": "http://www.google.com/schemas/sitemap-image/1.1"}
RING = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]


def section_urls(client):
    """The sections the index lists, as paths."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = etree.fromstring(response.content)
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text.removeprefix("http://testserver") for loc in index.iterfind("sm:sitemap/sm:loc", NS)]


def crawl(client):
    """Every <url> of every section: {location: (lastmod, [image locations])}."""
    entries = {}
    for path in section_urls(client):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        urlset = etree.fromstring(response.content)
        for url in urlset.iterfind("sm:url", NS):
            location = url.findtext("sm:loc", namespaces=NS)
            assert location not in entries, f"{location} listed twice"
            images = [loc.text for loc in url.iterfind("image:image/image:loc", NS)]
            entries[location] = (url.findtext("sm:lastmod", namespaces=NS), images)
    return entries


@pytest.fixture
def collection_with_images(site_tree, records_by_level):
    image = make_image(title="Ảnh chính")
    in_body = make_image(title="Ảnh trong bài")
    record = make_record(
        site_tree["records"],
        title="Hồ sơ có ảnh",
        main_image=image,
        latitude=15.0,
        longitude=108.45,
        body=[("image", {"image": in_body, "caption": "Ảnh minh hoạ"})],
    )
    area = make_area(RING, level="district", code="thu-sh", name="Huyện thử")
    from gis.linking import link_records

    link_records()
    return {"record": record, "image": image, "in_body": in_body, "area": area, **records_by_level}


def test_every_entry_has_a_lastmod(client, collection_with_images):
    entries = crawl(client)
    assert entries
    for location, (lastmod, _images) in entries.items():
        assert lastmod, f"{location} has no lastmod"
        datetime.datetime.fromisoformat(lastmod)


def test_sitemap_lists_public_records_with_their_images(client, collection_with_images):
    entries = crawl(client)
    record = collection_with_images["record"]
    lastmod, images = entries[f"http://testserver{record.url}"]
    assert datetime.datetime.fromisoformat(lastmod) == record.last_published_at
    assert len(images) == 2
    for image_url in images:
        assert image_url.startswith("http://testserver/")
        assert client.get(image_url).status_code == 200  # an anonymous crawler may fetch it


def test_anonymous_crawler_never_sees_community_or_staff_records(client, collection_with_images):
    entries = crawl(client)
    text = " ".join(entries)
    assert f"http://testserver{collection_with_images['public'].url}" in entries
    for level in ("community", "staff"):
        assert collection_with_images[level].slug not in text
    # Not even when a signed-in member asks: a sitemap is for crawlers.
    from tests.factories import make_user

    client.force_login(make_user(groups=["Curator"]))
    assert collection_with_images["staff"].slug not in " ".join(crawl(client))


def test_ethnic_groups_and_areas_with_public_records_are_listed(client, collection_with_images):
    entries = crawl(client)
    assert "http://testserver/dan-toc/hre/" in entries
    assert "http://testserver/dan-toc/co/" not in entries  # no record of the Co here
    assert "http://testserver/khu-vuc/district/thu-sh/" in entries
    for page in ("/dan-toc/", "/map/", "/lich-le-hoi/", "/du-lieu-mo/"):
        assert f"http://testserver{page}" in entries
    assert "http://testserver/ho-so/" in entries


def test_area_holding_only_restricted_records_is_not_listed(client, site_tree):
    make_record(site_tree["records"], access_level="staff", latitude=15.0, longitude=108.45)
    make_record(site_tree["records"])
    make_area(RING, level="district", code="thu-kin", name="Huyện kín")
    from gis.linking import link_records

    link_records()
    assert "http://testserver/khu-vuc/district/thu-kin/" not in crawl(client)


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_result_pages(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")}
    assert {"/admin/", "/search/", "/api/", "/map/?", "/ho-so/?"} <= disallowed
    # Record pages, the map and the library themselves stay open.
    for path in ("/ho-so/", "/map/", "/dan-toc/hre/", "/r/"):
        assert not any(path == rule or (path.startswith(rule) and not rule.endswith("?")) for rule in disallowed)


def test_index_dates_each_section_by_its_newest_entry(client, collection_with_images):
    index = etree.fromstring(client.get("/sitemap.xml").content)
    sections = index.findall("sm:sitemap", NS)
    assert len(sections) == 5
    for section in sections:
        path = section.findtext("sm:loc", namespaces=NS).removeprefix("http://testserver")
        urlset = etree.fromstring(client.get(path).content)
        newest = max(
            datetime.datetime.fromisoformat(lastmod.text) for lastmod in urlset.iterfind("sm:url/sm:lastmod", NS)
        )
        assert datetime.datetime.fromisoformat(section.findtext("sm:lastmod", namespaces=NS)) == newest, path


def test_a_records_file_costs_the_same_queries_however_many_records_it_lists(client, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_records_file():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/sitemap-records.xml").status_code == 200
        return len(captured)

    for _ in range(2):
        make_record(site_tree["records"], main_image=make_image())
    few = queries_for_records_file()
    for _ in range(8):
        make_record(site_tree["records"], main_image=make_image())
    assert queries_for_records_file() <= few


def test_missing_sections_and_pages_are_404(client, site_tree):
    make_record(site_tree["records"])
    assert client.get("/sitemap-records.xml").status_code == 200
    for path in ("/sitemap-records.xml?p=2", "/sitemap-records.xml?p=x", "/sitemap-nothing.xml", "/sitemap-.xml"):
        assert client.get(path).status_code == 404, path


def test_kept_sitemap_follows_every_publish_and_restriction_at_once(client, site_tree):
    first = make_record(site_tree["records"])
    assert f"http://testserver{first.url}" in crawl(client)
    second = make_record(site_tree["records"])
    assert f"http://testserver{second.url}" in crawl(client)
    first.access_level = "community"
    first.save_revision().publish()
    entries = crawl(client)
    assert f"http://testserver{first.url}" not in entries
    assert f"http://testserver{second.url}" in entries
