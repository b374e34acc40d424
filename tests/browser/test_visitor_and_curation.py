"""End to end against a live server: in Chromium a visitor browses; a curator adds a
festival with an image and submits it; a reviewer publishes it; the visitor then finds
it. The official IIIF validator checks the Image API on the same server."""

import pytest

from heritage.models import FestivalPage
from tests.factories import make_phone_photo, make_record, make_site_tree, make_user
from tests.media.iiif_validation import assert_image_api_passes_the_official_validator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"


@pytest.fixture
def library(db):
    home, record_index, _collections = make_site_tree()
    public = make_record(record_index, title="Lễ ăn trâu của người Hrê", groups=["hre"], summary="Lễ lớn của làng.")
    hidden = make_record(record_index, title="Tang lễ (chỉ cộng đồng)", groups=["hre"], access_level="community")
    make_record(record_index, title="Chiêng ba ở Sơn Hà", groups=["hre"], latitude=15.044, longitude=108.468)
    make_record(record_index, title="Thổ cẩm ở Ba Tơ", groups=["hre"], latitude=14.793, longitude=108.742)
    make_record(
        record_index,
        title="Lễ kín ở Sơn Hà",
        groups=["hre"],
        latitude=15.05,
        longitude=108.47,
        access_level="community",
    )
    return {"index": record_index, "public": public, "hidden": hidden}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def photo_file(tmp_path):
    """A phone photo: EXIF names the photographer, the place (GPS) and a 90° rotation."""
    path = tmp_path / "IMG_2041.jpg"
    path.write_bytes(make_phone_photo(size=(1800, 1200), orientation=6, latitude=15.25, longitude=108.52))
    return path


def visitor_browses_from_home_to_a_record(chromium, live_server):
    page = chromium.new_page()
    page.goto(live_server.url)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Dân tộc").click()
    page.get_by_role("link", name="Hrê", exact=True).click()
    assert page.locator("h1").inner_text() == "Dân tộc Hrê"
    assert page.get_by_text("Tang lễ (chỉ cộng đồng)").count() == 0
    page.get_by_role("link", name="Lễ ăn trâu của người Hrê").click()
    assert page.locator("h1").inner_text() == "Lễ ăn trâu của người Hrê"
    assert page.get_by_text("Trích dẫn hồ sơ này").is_visible()

    page.locator(".language-switch").get_by_role("link", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.startswith(f"{live_server.url}/en/")  # the same record, at its English address
    assert page.get_by_text("Cite this record").is_visible()
    page.close()


def researcher_draws_a_box_around_son_ha(chromium, live_server):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/map/")
    page.wait_for_function("() => document.documentElement.dataset.mapRecords !== undefined")
    assert page.evaluate("document.documentElement.dataset.mapRecords") == "2"  # restricted records are not mapped
    # Resolved once the map has moved there (after any zoom animation), not after a fixed wait.
    page.evaluate(
        """() => new Promise((moved) => {
            window.heritageMap.once("moveend", moved);
            window.heritageMap.fitBounds([[14.7, 108.2], [15.3, 108.9]]);
        })"""
    )
    corners = page.evaluate(
        """() => {
            const box = window.heritageMap.getContainer().getBoundingClientRect();
            return [[15.2, 108.3], [14.88, 108.62]].map(([lat, lng]) => {
                const point = window.heritageMap.latLngToContainerPoint([lat, lng]);
                return [box.left + point.x, box.top + point.y];
            });
        }"""
    )
    page.click(".leaflet-draw-draw-rectangle")
    page.mouse.move(*corners[0])
    page.mouse.down()
    page.mouse.move(*corners[1], steps=8)
    with page.expect_navigation():
        page.mouse.up()
    assert "bbox=" in page.url
    found = [item.inner_text() for item in page.locator(".map-result-list li a").all()]
    assert found == ["Chiêng ba ở Sơn Hà"]
    page.wait_for_function("() => document.documentElement.dataset.mapRecords !== undefined")
    page.locator('.leaflet-marker-icon[title="Chiêng ba ở Sơn Hà"]').click()
    popup = page.locator(".map-popup")
    popup.locator(".map-popup-place").wait_for()  # filled from the record's card when opened
    assert popup.get_by_role("link").inner_text() == "Chiêng ba ở Sơn Hà"
    assert "Quảng Ngãi" in popup.inner_text()
    page.close()


def test_visitor_browses_then_a_curated_festival_is_reviewed_and_published(chromium, live_server, library, tmp_path):
    # One test, not several: each transactional test empties the database when it ends.
    visitor_browses_from_home_to_a_record(chromium, live_server)
    researcher_draws_a_box_around_son_ha(chromium, live_server)
    assert_image_api_passes_the_official_validator(live_server, library["index"])

    make_user("curator-b", groups=["Curator"], password=PASSWORD)
    make_user("reviewer-b", groups=["Reviewer"], password=PASSWORD)
    title = "Lễ cúng rừng của người Co"
    base = live_server.url

    curator = chromium.new_context().new_page()
    sign_in(curator, base, "curator-b")
    curator.goto(f"{base}/admin/pages/add/heritage/festivalpage/{library['index'].pk}/")
    curator.fill("#id_title", title)
    curator.fill("#id_summary", "Nghi lễ tạ ơn thần rừng của làng.")
    curator.click("[data-chooser-action-choose]")
    curator.click("#tab-label-upload")
    curator.set_input_files("#id_image-chooser-upload-file", str(photo_file(tmp_path)))
    curator.fill("#id_image-chooser-upload-title", "Rừng thiêng")
    curator.fill("#id_image-chooser-upload-description", "Cánh rừng thiêng của làng")
    # No credit typed: the photo's EXIF names the photographer and the rights holder.
    curator.fill("#id_image-chooser-upload-source", "Tư liệu điền dã của nhóm kiểm thử")
    curator.select_option("#id_image-chooser-upload-licence", label="CC BY 4.0")
    curator.click("#tab-upload [type=submit]")
    curator.wait_for_selector(".modal-dialog", state="detached")
    curator.click("text=Dân tộc, địa điểm và thời gian")
    curator.get_by_label("Co", exact=True).check()
    curator.select_option("#id_province", label="Quảng Ngãi")
    curator.check("#id_use_image_location")  # the curator confirms the photo's GPS as the place
    curator.click("text=Nguồn và quyền")
    curator.select_option("#id_licence", label="CC BY 4.0")
    with curator.expect_navigation():
        curator.locator("button[name=action-submit]").dispatch_event("click")
    assert "gửi duyệt" in curator.locator(".messages").inner_text()  # "Đã tạo trang … và gửi duyệt."

    festival = FestivalPage.objects.get(title=title)
    assert festival.slug == "le-cung-rung-cua-nguoi-co"
    submitted = festival.get_latest_revision_as_object()
    assert (submitted.latitude, submitted.longitude) == (pytest.approx(15.25), pytest.approx(108.52))
    assert not festival.live

    visitor = chromium.new_context().new_page()
    visitor.goto(f"{base}/ho-so/")
    assert visitor.get_by_text(title).count() == 0

    reviewer = chromium.new_context().new_page()
    sign_in(reviewer, base, "reviewer-b")
    reviewer.goto(f"{base}/admin/pages/{festival.pk}/edit/")
    approve = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    with reviewer.expect_navigation():
        reviewer.locator(approve).dispatch_event("click")
    festival.refresh_from_db()
    assert festival.live

    visitor.goto(f"{base}/ho-so/")
    visitor.get_by_role("link", name=title).click()
    assert visitor.locator("h1").inner_text() == title
    image = visitor.locator("img[alt='Cánh rừng thiêng của làng']")
    image.wait_for()
    assert visitor.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
    # Turned upright by its EXIF orientation: the 1800 × 1200 sensor image shows as portrait.
    assert visitor.evaluate("img => img.naturalHeight > img.naturalWidth", image.element_handle())

    # On a phone (390 CSS pixels, 2 device pixels each) the browser picks the 800-pixel
    # rendition in a modern format, not the original.
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2).new_page()
    phone.goto(visitor.url)
    photo = phone.locator("img[alt='Cánh rừng thiêng của làng']")
    photo.wait_for()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    chosen, width, height = phone.evaluate(
        "img => [img.currentSrc, img.naturalWidth, img.naturalHeight]", photo.element_handle()
    )
    assert "width-800" in chosen and chosen.endswith((".avif", ".webp"))
    assert height / width == pytest.approx(1.5, abs=0.01)  # upright, as on the desktop
    phone.close()
    assert visitor.get_by_text("Ảnh: Đinh Văn Lành").first.is_visible()

    # The visitor finds it again by typing without accents; titles are suggested as they type.
    visitor.goto(f"{base}/search/")
    visitor.locator("#search-q").press_sequentially("le cung", delay=30)
    suggestion = visitor.locator("#search-suggestions option").first
    suggestion.wait_for(state="attached")
    assert suggestion.get_attribute("value") == title
    visitor.fill("#search-q", "le cung rung cua nguoi co")
    visitor.locator("#search-q").press("Enter")
    visitor.wait_for_url("**/search/?q=*")
    assert visitor.locator(".result h2").first.inner_text() == title
