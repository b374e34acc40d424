"""The Content Security Policy holds on the main pages and the admin: in Chromium, they
load with no violation, and maps (folium's inline scripts, with the nonce) still draw."""

import pytest

from tests.factories import make_image, make_record, make_site_tree, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"

# Collects violations from the first script the page runs, before any of its own.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def library(db):
    _home, record_index, _collections = make_site_tree()
    photo = make_image(title="Ảnh lễ hội")
    record = make_record(
        record_index,
        title="Lễ ăn trâu của người Hrê",
        main_image=photo,
        latitude=15.044,
        longitude=108.468,
        summary="Lễ lớn của làng.",
    )
    make_record(record_index, title="Lễ cúng lúa mới", latitude=14.793, longitude=108.742)
    make_record(record_index, title="Lễ kín", latitude=15.05, longitude=108.47, access_level="community")
    return {"record": record}


class Violations:
    """Every CSP violation a page reports, by event and by console message."""

    def __init__(self, context):
        self.console = []
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        context.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def of(self, page):
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__cspViolations") + self.console
        self.console = []
        return found


def directives(response):
    policy = response.headers.get("content-security-policy", "")
    return {name: value for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))}


def visit(page, url, violations, admin=False):
    """Open `url`, check its policy and that nothing on it was blocked. The admin may run
    inline scripts (Wagtail prints some without a nonce); the public site may not."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    policy = directives(response)
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'", policy
    assert policy["frame-ancestors"] == "'self'", policy
    if not admin:
        assert "unsafe" not in policy["script-src"], policy  # inline scripts run only with the nonce
    assert violations.of(page) == [], url
    return policy


def open_maps(page):
    """Maps sent on demand (records_map on_demand=…) opened as a visitor opens them: the
    record page's with its button, the home page's by scrolling to it."""
    for container in page.locator("[data-map-on-demand]").all():
        container.scroll_into_view_if_needed()
        if container.get_attribute("data-map-on-demand") == "button":
            container.locator("[data-map-open]").click()
        container.locator(".leaflet-container").wait_for()


def assert_map_draws_markers(page):
    open_maps(page)
    page.wait_for_selector(".leaflet-container")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 0")


def test_public_pages_and_the_admin_load_without_csp_violations(chromium, live_server, library):
    base = live_server.url
    record = library["record"]

    context = chromium.new_context()
    violations = Violations(context)
    page = context.new_page()

    visit(page, f"{base}/", violations)
    assert_map_draws_markers(page)
    visit(page, f"{base}/ho-so/", violations)
    visit(page, f"{base}{record.url}", violations)
    open_maps(page)
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")  # the record's locator point
    assert violations.of(page) == []  # folium's script, run later, still carries the nonce
    visit(page, f"{base}/search/?q=le", violations)
    assert page.locator(".result h2").count() >= 1
    policy = visit(page, f"{base}/map/", violations)
    assert "'nonce-" in policy["script-src"]  # folium's inline scripts run with it
    assert_map_draws_markers(page)
    assert page.evaluate("document.documentElement.dataset.mapRecords") == "2"
    assert violations.of(page) == []
    context.close()

    make_user("curator-csp", groups=["Curator"], password=PASSWORD)
    admin = chromium.new_context()
    violations = Violations(admin)
    page = admin.new_page()
    visit(page, f"{base}/admin/login/", violations, admin=True)
    page.fill("#id_username", "curator-csp")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    assert violations.of(page) == []
    visit(page, f"{base}/admin/pages/{record.pk}/edit/", violations, admin=True)
    page.wait_for_selector("#id_title")
    assert page.input_value("#id_title") == record.title
    assert violations.of(page) == []
    admin.close()
