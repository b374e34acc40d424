"""The pages about the library (linked in every footer), the favicon and web app manifest,
and the Open Graph preview of a record."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from wagtail.test.utils.form_data import nested_form_data, rich_text

from heritage.info_pages import create_info_pages
from heritage.models import InfoPage
from tests.factories import make_image, make_phone_photo, make_record, make_user


@pytest.fixture
def info_pages(site_tree):
    create_info_pages(site_tree["home"])
    return {page.kind: page for page in InfoPage.objects.all()}


@pytest.mark.django_db
def test_every_page_links_the_pages_about_the_library_in_its_footer(client, info_pages):
    html = client.get("/ho-so/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    titles = re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', footer)
    assert titles == ["Giới thiệu thư viện", "Liên hệ", "Cơ quan chủ quản", "Điều khoản sử dụng", "Quyền riêng tư"]
    for page in info_pages.values():
        assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_an_info_page_reads_in_english_or_says_it_is_not_translated(client, info_pages):
    about = info_pages["about"]
    english_url = f"/en{about.url}"
    html = client.get(english_url).content.decode()
    assert "<h1>About the library</h1>" in html and "Who uses the library" in html
    assert "not been translated" not in html
    about.body_en = ""
    about.save_revision().publish()
    html = client.get(english_url).content.decode()
    assert "This page has not been translated into English yet" in html
    assert '<div class="rich-text" lang="vi">' in html


@pytest.mark.django_db
def test_creating_the_info_pages_again_keeps_the_curators_edits(info_pages, site_tree):
    contact = info_pages["contact"]
    contact.title = "Liên hệ với Sở"
    contact.save_revision().publish()
    assert create_info_pages(site_tree["home"]) == 0
    assert InfoPage.objects.get(kind="contact").title == "Liên hệ với Sở"


@pytest.mark.django_db
def test_a_curator_edits_an_info_page_and_cannot_make_a_second_of_a_kind(client, curator, info_pages, site_tree):
    client.force_login(curator)
    terms = info_pages["terms"]
    assert client.get(f"/admin/pages/{terms.pk}/edit/").status_code == 200
    form = {
        "title": "Điều khoản khác",
        "slug": "dieu-khoan-khac",
        "kind": "terms",
        "body": rich_text("<p>Nội dung</p>"),
        "body_en": rich_text(""),
    }
    response = client.post(f"/admin/pages/add/heritage/infopage/{site_tree['home'].pk}/", nested_form_data(form))
    assert response.status_code == 200
    assert "“Điều khoản sử dụng” đã là trang điều khoản sử dụng; hãy sửa trang đó." in response.content.decode()
    assert InfoPage.objects.filter(kind="terms").count() == 1


@pytest.mark.django_db
def test_favicon_and_manifest(client, site_tree):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"

    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html and 'type="image/svg+xml"' in html

    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Thư viện điện tử di sản các dân tộc" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/manifest.webmanifest").json()["name"] == "E-library of ethnic heritage"


def meta(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_a_record_page_describes_itself_for_link_previews(client, record_index):
    image = make_image(
        title="Ăn trâu", description="Cây nêu giữa sân làng", file_bytes=make_phone_photo(size=(1600, 1000))
    )
    record = make_record(record_index, title="Lễ ăn trâu", summary="Lễ lớn nhất của làng.", main_image=image)
    html = client.get(record.url).content.decode()
    assert meta(html, "og:title") == "Lễ ăn trâu"
    assert meta(html, "og:description") == "Lễ lớn nhất của làng."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:locale") == "vi_VN"
    assert meta(html, "og:url") == record.full_url
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:image:alt") == "Cây nêu giữa sân làng"
    # The phone photo is rotated by its EXIF orientation: 1000 wide as shown.
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1000", "1600")

    image_url = meta(html, "og:image")
    assert image_url.endswith(f"/iiif/3/{image.pk}/full/1000,/0/default.jpg")
    preview = client.get(urlsplit(image_url).path)
    assert preview.status_code == 200 and preview["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_a_record_without_an_image_gets_a_plain_card(client, record_index):
    html = client.get(make_record(record_index).url).content.decode()
    assert meta(html, "twitter:card") == "summary" and meta(html, "og:image") is None


@pytest.mark.django_db
def test_a_community_records_preview_image_is_not_public(client, record_index, community_member):
    image = make_image(title="Tang lễ")
    record = make_record(record_index, main_image=image, access_level="community")
    client.force_login(community_member)
    image_url = meta(client.get(record.url).content.decode(), "og:image")
    client.logout()
    assert client.get(urlsplit(image_url).path).status_code == 404


@pytest.mark.django_db
def test_admin_users_are_not_asked_for_avatars_elsewhere(client, site_tree):
    client.force_login(make_user("quan-tri", groups=["Administrator"]))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    # Links to Wagtail's guide are fine; nothing is loaded from another host.
    assert not re.search(r'src="(https?:)?//(?!testserver)', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//(?!testserver)', html)
    assert "releases.wagtail.io" not in html
