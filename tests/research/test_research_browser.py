"""In Chromium: a community member signs in, searches, saves the search, keeps records on
a list from the results and from a record page, shares the list, and the link opened by
an anonymous visitor shows the public records and never the community one."""

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the per-test browser fixture
from tests.factories import make_record, make_site_tree, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def library(db):
    _home, record_index, _collections = make_site_tree()
    make_record(record_index, title="Lễ ăn trâu của người Hrê", latitude=15.04, longitude=108.47)
    make_record(record_index, title="Nghề dệt thổ cẩm trâu vàng")
    make_record(record_index, title="Lễ trâu kín của cộng đồng", access_level="community")
    make_user("thanh-vien-c", groups=["Community member"], password=PASSWORD)


def test_researcher_saves_a_search_keeps_a_list_and_shares_it(chromium, live_server, library):  # noqa: F811
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=tr%C3%A2u")
    page.get_by_role("link", name="Đăng nhập").last.click()
    page.get_by_label("Tên đăng nhập").fill("thanh-vien-c")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.url.endswith("/search/?q=tr%C3%A2u")
    assert page.get_by_role("link", name="Lễ trâu kín của cộng đồng").is_visible()

    # Save the search under a name of one's own.
    page.get_by_label("Lưu tìm kiếm này với tên").fill("Các lễ về trâu")
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert "Đã lưu tìm kiếm với tên “Các lễ về trâu”." in page.get_by_role("status").first.inner_text()

    # Keep the first result on a new list; its name is asked for only then.
    first = page.locator("article.result").filter(has_text="Lễ ăn trâu của người Hrê")
    first.get_by_placeholder("Tên danh sách mới").fill("Trâu trong nghi lễ")
    first.get_by_role("button", name="Thêm").click()
    assert "Đã thêm “Lễ ăn trâu của người Hrê” vào “Trâu trong nghi lễ”." in page.locator(".messages").inner_text()
    # Now that a list exists, the others go onto it; the new-list name stays hidden.
    secret = page.locator("article.result").filter(has_text="Lễ trâu kín của cộng đồng")
    assert not secret.get_by_placeholder("Tên danh sách mới").is_visible()
    secret.get_by_role("button", name="Thêm").click()
    page.get_by_role("link", name="Nghề dệt thổ cẩm trâu vàng").click()
    page.get_by_role("button", name="Thêm").click()
    assert "vào “Trâu trong nghi lễ”" in page.locator(".messages").inner_text()

    # My research: the saved search runs again, the list holds the three records.
    page.get_by_role("link", name="Nghiên cứu của tôi").first.click()
    page.get_by_role("link", name="Các lễ về trâu").click()
    assert page.locator("#search-q").input_value() == "trâu"
    assert page.get_by_role("link", name="Lễ ăn trâu của người Hrê").is_visible()
    page.go_back()
    page.get_by_role("link", name="Trâu trong nghi lễ").click()
    assert page.locator("[data-list-records] li").count() == 3
    page.get_by_role("button", name="Tạo liên kết chia sẻ").click()
    shared_url = page.locator("[data-share-url]").input_value()
    assert "/danh-sach-chia-se/" in shared_url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # An anonymous visitor opens the link: the public records only.
    visitor = chromium.new_context(viewport=PHONE).new_page()
    visitor.goto(shared_url)
    assert visitor.locator("h1").inner_text() == "Trâu trong nghi lễ"
    assert visitor.locator("[data-list-records] li").count() == 2
    assert visitor.get_by_text("Lễ trâu kín của cộng đồng").count() == 0
    assert visitor.get_by_role("link", name="Lễ ăn trâu của người Hrê").is_visible()

    # Stopping the share closes the link.
    page.get_by_role("button", name="Ngừng chia sẻ").click()
    response = visitor.goto(shared_url)
    assert response.status == 404
    context.close()
