"""English under /en/, Vietnamese unprefixed: the URL says the language (docs/english.md)."""

import re

import pytest
from django.utils import translation

from tests.factories import make_record, make_user

pytestmark = pytest.mark.django_db


def path_of(record):
    """The record's Vietnamese (unprefixed) address, whatever language a request left active."""
    with translation.override("vi"):
        return record.url


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


@pytest.fixture
def buffalo_rite(record_index):
    return make_record(
        record_index, title="Lễ ăn trâu", title_en="Buffalo-offering rite", summary_en="The village's great rite."
    )


def test_an_english_address_shows_the_record_in_english(client, buffalo_rite):
    html = client.get(f"/en{path_of(buffalo_rite)}").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Buffalo-offering rite</h1>" in html
    assert "<dt>Ethnic groups</dt>" in html and "Cite this record" in html
    assert "Festival" in html and "Lễ hội" not in html


def test_an_unprefixed_address_is_vietnamese_whatever_the_cookie_says(client, buffalo_rite):
    client.cookies["django_language"] = "en"
    html = client.get(path_of(buffalo_rite), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in html
    assert "<h1>Lễ ăn trâu</h1>" in html and "Trích dẫn hồ sơ này" in html


def test_an_english_address_is_english_whatever_the_cookie_says(client, buffalo_rite):
    client.cookies["django_language"] = "vi"
    html = client.get(f"/en{path_of(buffalo_rite)}").content.decode()
    assert '<html lang="en">' in html and "Cite this record" in html


def test_the_two_languages_name_each_other_as_alternates(client, buffalo_rite):
    vietnamese = alternates(client.get(path_of(buffalo_rite)).content.decode())
    english = alternates(client.get(f"/en{path_of(buffalo_rite)}").content.decode())
    assert vietnamese == english
    assert vietnamese["vi"] == f"http://testserver{path_of(buffalo_rite)}"
    assert vietnamese["en"] == f"http://testserver/en{path_of(buffalo_rite)}"
    assert vietnamese["x-default"] == vietnamese["vi"]


def test_every_public_page_has_alternates_keeping_the_query(client, buffalo_rite):
    for path in ["/", "/search/?q=tr%C3%A2u", "/map/", "/lich-le-hoi/", "/tu-dien/", "/thong-ke/", "/dan-toc/"]:
        response = client.get(f"/en{path}")
        assert response.status_code == 200, path
        html = response.content.decode()
        assert '<html lang="en">' in html, path
        assert alternates(html) == {
            "vi": f"http://testserver{path}",
            "en": f"http://testserver/en{path}",
            "x-default": f"http://testserver{path}",
        }, path
        assert f'<link rel="canonical" href="http://testserver/en{path}">' in html, path


def test_the_record_page_is_canonical_in_its_own_language(client, buffalo_rite):
    html = client.get(f"/en{path_of(buffalo_rite)}").content.decode()
    assert re.search(rf'<link rel="canonical" href="http://[^/"]+/en{path_of(buffalo_rite)}">', html)
    assert html.count('rel="canonical"') == 1


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client, buffalo_rite):
    html = client.get(f"{path_of(buffalo_rite)}?tab=1").content.decode()
    switch = html[html.index('class="language-switch"') : html.index("</nav>", html.index('class="language-switch"'))]
    assert f'<a href="/en{path_of(buffalo_rite)}?tab=1" hreflang="en" lang="en">EN' in switch
    assert '<span aria-current="true" lang="vi">VI' in switch
    html = client.get(f"/en{path_of(buffalo_rite)}?tab=1").content.decode()
    assert f'<a href="{path_of(buffalo_rite)}?tab=1" hreflang="vi" lang="vi">VI' in html


def test_links_inside_an_english_page_stay_english(client, buffalo_rite):
    html = client.get(f"/en{path_of(buffalo_rite)}").content.decode()
    nav = html[html.index('class="wrap site-nav"') : html.index("</nav>", html.index('class="wrap site-nav"'))]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs and all(href.startswith("/en/") for href in hrefs), hrefs
    assert '<a class="brand" href="/en/">' in html
    assert 'href="/en/ho-so/">Records</a>' in html  # the breadcrumb
    assert 'href="/en/dan-toc/hre/"' in html  # a record fact


def test_a_missing_english_page_is_an_english_404(client, site_tree):
    response = client.get("/en/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_machine_endpoints_stay_unprefixed(client, buffalo_rite):
    for path in ["/sitemap.xml", "/robots.txt", "/feed/", "/api/v1/records", "/healthz", "/oai/?verb=Identify"]:
        assert client.get(path).status_code == 200, path
        assert client.get(f"/en{path}", follow=True).status_code == 404, path


def test_the_admin_still_follows_the_chosen_language(client):
    client.force_login(make_user("quan-tri", is_superuser=True, is_staff=True))
    assert '<html lang="vi"' in client.get("/admin/").content.decode()
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/admin/").content.decode()[:400]


def test_a_community_record_stays_hidden_at_its_english_address(client, record_index):
    record = make_record(record_index, title="Tang lễ kín", title_en="Closed funeral rite", access_level="community")
    assert client.get(f"/en{path_of(record)}").status_code == 404
    assert client.get(f"/en/r/{record.pk}/").status_code == 404
    assert "Closed funeral rite" not in client.get("/en/search/?q=funeral").content.decode()
    assert "Closed funeral rite" not in client.get("/en/ho-so/").content.decode()

    member = make_user("thanh-vien-en", groups=["Community member"])
    client.force_login(member)
    assert "Closed funeral rite" in client.get(f"/en{path_of(record)}").content.decode()


def test_an_untranslated_record_says_so_in_english(client, record_index):
    record = make_record(record_index, title="Lễ cúng bến nước")
    html = client.get(f"/en{path_of(record)}").content.decode()
    assert "not been translated into English yet" in html
    assert '<h1 lang="vi">Lễ cúng bến nước</h1>' in html
    assert "not been translated" not in client.get(path_of(record)).content.decode()


def test_the_permalink_opens_the_record_in_the_language_of_its_address(client, buffalo_rite):
    assert client.get(f"/en/r/{buffalo_rite.pk}/")["Location"].endswith(f"/en{path_of(buffalo_rite)}")
    assert not client.get(f"/r/{buffalo_rite.pk}/")["Location"].endswith(f"/en{path_of(buffalo_rite)}")


def test_the_sitemap_names_each_page_in_both_languages(client, buffalo_rite):
    from lxml import etree

    namespaces = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    urlset = etree.fromstring(client.get("/sitemap-records.xml").content)
    (entry,) = urlset.iterfind("sm:url", namespaces)
    location = entry.findtext("sm:loc", namespaces=namespaces)
    assert location.endswith(path_of(buffalo_rite))
    twins = {link.get("hreflang"): link.get("href") for link in entry.iterfind("xhtml:link", namespaces)}
    assert twins == {
        "vi": location,
        "en": location.replace(path_of(buffalo_rite), f"/en{path_of(buffalo_rite)}"),
        "x-default": location,
    }
    assert client.get(twins["en"].removeprefix("http://testserver")).status_code == 200


def test_robots_keeps_crawlers_out_of_english_result_pages_too(client, site_tree):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert {"Disallow: /search/", "Disallow: /en/search/", "Disallow: /en/map/?"} <= set(lines)
    assert "Disallow: /en/admin/" not in lines


def test_the_english_addresses_share_the_rate_limits_of_the_vietnamese(client, site_tree, small_rate_limits):
    for path in ["/search/?q=a", "/en/search/?q=a", "/en/api/search?q=a"]:
        assert client.get(path, REMOTE_ADDR="192.0.2.80").status_code != 429, path
    limited = client.get("/en/api/search?q=a", REMOTE_ADDR="192.0.2.80")
    assert limited.status_code == 429
    assert limited.json()["retry_after"] >= 1


def test_map_markers_are_titled_in_the_language_of_the_address(client, record_index):
    make_record(record_index, title="Lễ ăn trâu", title_en="Buffalo rite", latitude=15.05, longitude=108.45)
    titles = {
        prefix: [
            feature["properties"]["t"] for feature in client.get(f"{prefix}/api/records.geojson").json()["features"]
        ]
        for prefix in ("", "/en")
    }
    assert titles == {"": ["Lễ ăn trâu"], "/en": ["Buffalo rite"]}
    assert "/en/api/records.geojson" in client.get("/en/map/").content.decode()
