"""In Chromium: a community member signs in on the site, reads a community record and
signs out, never passing through the admin; a curator works through the admin pages and
meets none of the English strings Wagtail used to show them, and no request leaves for
another host."""

import re

import pytest

from tests.factories import make_image, make_record, make_site_tree, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"

# Wagtail's own words a curator met in English before the project shipped its Vietnamese:
# on the dashboard, the page explorer, the editor and its side panels, the image library,
# the chooser, media and snippets. Matched as whole words, case-sensitive, in the text a
# person sees and in labels for screen readers, titles and placeholders.
KNOWN_ENGLISH = [
    "Search all pages",
    "Dashboard",
    "Documents",
    "Reports",
    "Help",
    "Editor guide",
    "Save draft",
    "Submit to",
    "Submit for moderation",
    "Resubmit",
    "More actions",
    "Bulk actions",
    "Add child page",
    "Page type",
    "Explore",
    "Sort by",
    "Filter by",
    "Show filters",
    "Edited by",
    "Owner",
    "Updated",
    "Status",
    "Live",
    "Draft",
    "Workflow",
    "Comments",
    "Preview",
    "Minimap",
    "Toggle",
    "Content metrics",
    "Reading time",
    "Readability",
    "Checks",
    "Visible to all",
    "Set schedule",
    "No publishing schedule set",
    "Page title",
    "The page title",
    "Choose a page",
    "Choose an image",
    "Choose another",
    "Edit this",
    "Upload",
    "Focal point",
    "Supported formats",
    "Maximum filesize",
    "Multi-word tags",
    "Latest images",
    "Add an image",
    "Add multiple images",
    "Media files",
    "Add audio",
    "Add video",
    "Keyboard shortcuts",
    "Log out",
    "Account",
    "History",
    "Usage",
    "Privacy",
    "Unpublish",
    "Publish",
    "Delete",
    "Cancel",
    "Close",
    "Saved",
    "Autosave",
    "Sidebar",
    "Skip to main content",
    "Main menu",
    "Page explorer",
    "There are no",
    "Sorry, no",
    "You haven't",
    "Why not",
]
KNOWN_ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in KNOWN_ENGLISH) + r")\b")

# The text a person meets: what is shown, and what labels, titles and placeholders say.
VISIBLE_WORDS = """() => {
  const parts = [document.body.innerText];
  for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
    if (element.closest("[hidden], template, .w-hidden")) continue;
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  return parts.join("\\n");
}"""


@pytest.fixture
def library(db):
    _home, record_index, _collections = make_site_tree()
    public = make_record(record_index, title="Lễ ăn trâu của người Hrê", summary="Lễ lớn của làng.")
    community = make_record(
        record_index, title="Tang lễ của người Hrê", summary="Chỉ dành cho cộng đồng.", access_level="community"
    )
    lacking = make_image(title="Nhà rông", creator="", source="")
    draft = make_record(record_index, title="Lễ mừng lúa mới", main_image=lacking, publish=False)
    return {"index": record_index, "public": public, "community": community, "draft": draft, "image": lacking}


def test_a_community_member_signs_in_on_the_site_reads_a_community_record_and_signs_out(chromium, live_server, library):
    make_user("thanh-vien-b", groups=["Community member"], password=PASSWORD, first_name="Hà")
    base = live_server.url
    page = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()

    page.goto(f"{base}/ho-so/")
    assert page.get_by_text("Tang lễ của người Hrê").count() == 0
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Đăng nhập").click()
    assert page.url == f"{base}/dang-nhap/?next=/ho-so/"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.locator("script").count() == 0  # light: no script on the sign-in page
    page.get_by_label("Tên đăng nhập").fill("thanh-vien-b")
    page.get_by_label("Mật khẩu").fill("sai mật khẩu")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng.")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/ho-so/")
    assert "Bạn đã đăng nhập với tên Hà." in page.locator(".messages").inner_text()

    page.get_by_role("link", name="Tang lễ của người Hrê").click()
    assert page.locator("h1").inner_text() == "Tang lễ của người Hrê"
    assert page.get_by_role("link", name="Quản trị").count() == 0  # no way into the admin

    # An old bookmark to the admin brings the member back to the site, not to a refusal.
    page.goto(f"{base}/admin/")
    assert page.url == f"{base}/"
    assert "Trang quản trị chỉ dành cho cán bộ thư viện" in page.locator(".messages").inner_text()
    assert "permission" not in page.content()
    page.go_back()
    assert page.locator("h1").inner_text() == "Tang lễ của người Hrê"

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{base}/")  # not the community record, which a visitor cannot see
    assert "Bạn đã đăng xuất." in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Đăng nhập").count() == 1
    response = page.goto(f"{base}{library['community'].url}")
    assert response.status == 404
    page.close()


def sign_in_to_admin(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def english_on(page):
    page.wait_for_load_state("networkidle")
    return sorted(set(KNOWN_ENGLISH_RE.findall(page.evaluate(VISIBLE_WORDS))))


def test_the_admin_pages_a_curator_uses_show_no_known_english_and_ask_no_other_host(chromium, live_server, library):
    make_user("bien-tap-b", groups=["Curator"], password=PASSWORD)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    elsewhere = []
    context.on(
        "request",
        lambda request: elsewhere.append(request.url) if not request.url.startswith((base, "data:", "blob:")) else None,
    )
    page = context.new_page()
    sign_in_to_admin(page, base, "bien-tap-b")

    index, draft, public = library["index"], library["draft"], library["public"]
    found = {}
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{index.pk}/add_subpage/",
        f"/admin/pages/add/heritage/festivalpage/{index.pk}/",
        f"/admin/pages/{public.pk}/edit/",
        f"/admin/pages/{public.pk}/history/",
        "/admin/pages/search/?q=le",
        "/admin/images/",
        "/admin/images/add/",
        "/admin/images/multiple/add/",
        f"/admin/images/{library['image'].pk}/",
        "/admin/documents/",
        "/admin/media/",
        "/admin/snippets/heritage/ethnicgroup/",
        "/admin/account/",
        "/admin/reports/workflow/",
    ]:
        page.goto(f"{base}{path}")
        if english := english_on(page):
            found[path] = english

    # The editor of a draft: the image-rights list, the action menu, the image chooser.
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    rights = page.locator("[data-image-rights]")
    assert "Nhà rông: thiếu tác giả, nguồn." in re.sub(r"\s+", " ", rights.inner_text())
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    submit = page.locator("button[name='action-submit']")
    submit.wait_for()
    assert submit.inner_text().strip() == "Gửi duyệt"
    if english := english_on(page):
        found["the editor's action menu"] = english
    page.keyboard.press("Escape")

    # Following the list's link and saving the image comes back to the record.
    with page.expect_navigation():
        rights.get_by_role("link", name="Bổ sung cho ảnh này").click()
    page.fill("#id_creator", "Đinh Văn Lành")
    page.fill("#id_source", "Tư liệu điền dã 2025")
    with page.expect_navigation():
        page.locator("form[action*='/admin/images/'] button[type=submit]").first.click()
    assert page.url.endswith(f"/admin/pages/{draft.pk}/edit/")
    assert page.locator("[data-image-rights]").count() == 0

    # The image chooser of a new record, with its upload form.
    page.goto(f"{base}/admin/pages/add/heritage/festivalpage/{index.pk}/")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal-dialog").wait_for()
    page.click("#tab-label-upload")
    assert "Cần có trước khi hồ sơ dùng ảnh này được xuất bản." in page.locator(".modal-dialog").inner_text()
    if english := english_on(page):
        found["the image chooser"] = english

    assert found == {}
    assert elsewhere == []
    context.close()
