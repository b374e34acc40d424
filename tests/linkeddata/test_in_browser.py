"""In Chromium: the JSON-LD data block breaks no Content Security Policy rule and reads
back from the page, and harvested records show on /map/ as their own layer, each
saying whose record it is and linking to the original."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from tests.browser.test_csp import Violations, visit
from tests.exchange.harvest_servers import FixtureServer
from tests.factories import make_image, make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def repository():
    server = FixtureServer().start()
    server.add(
        "oai:kontum.example:1",
        "Lễ hội mừng lúa mới của người Xơ Đăng",
        datetime(2024, 3, 1, 8, 0, tzinfo=UTC),
        coverage=["east=108.10; north=14.90"],
        identifier=["https://kontum.example/ho-so/1"],
    )
    yield server
    server.stop()


def test_json_ld_loads_without_csp_violations_and_harvested_records_are_on_the_map(chromium, live_server, repository):
    _home, record_index, _collections = make_site_tree()
    record = make_record(
        record_index, title="Lễ ăn trâu thử", main_image=make_image(), latitude=15.044, longitude=108.468
    )
    call_command("harvest", repository.base_url, verbosity=0)

    context = chromium.new_context()
    violations = Violations(context)
    page = context.new_page()
    visit(page, f"{live_server.url}{record.url}", violations)
    data = page.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    event = next(node for node in data["@graph"] if node["@type"] == "Event")
    assert event["name"] == "Lễ ăn trâu thử"
    assert event["location"]["geo"]["latitude"] == 15.044
    visit(page, f"{live_server.url}/dan-toc/hre/", violations)

    visit(page, f"{live_server.url}/map/", violations)
    page.wait_for_function("() => document.documentElement.dataset.mapExternal === '1'")
    page.wait_for_function("() => document.documentElement.dataset.mapRecords === '1'")
    # A layer of its own in the layer control, switched on.
    legend = page.locator(".leaflet-control-layers label", has_text="Hồ sơ từ các thư viện khác")
    assert legend.count() == 1
    assert legend.locator("input").is_checked()
    page.locator("path.map-external-record").first.click(force=True)
    popup = page.locator(".map-popup--external")
    popup.wait_for()
    assert "Nguồn: Thư viện tỉnh Kon Tum (kho thử)" in popup.inner_text()
    original = popup.locator("a.map-popup-original")
    assert original.get_attribute("href") == "https://kontum.example/ho-so/1"
    assert popup.locator("a", has_text="Lễ hội mừng lúa mới").get_attribute("href").startswith("/lien-thong/")
    # Switching the layer off hides the markers and leaves ours.
    legend.locator("input").uncheck()
    assert page.locator("path.map-external-record").count() == 0
    assert page.locator(".leaflet-marker-icon").count() >= 1
    assert violations.of(page) == []
    context.close()
