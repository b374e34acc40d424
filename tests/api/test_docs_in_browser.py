"""The API's documentation page, as a reader meets it in Chromium: Swagger UI, served by
the site (no CDN), draws every operation from the OpenAPI description and runs a call,
with the site's Content Security Policy enforced and nothing blocked."""

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the browser fixture
from tests.browser.test_csp import Violations, visit
from tests.factories import make_record, make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def two_records(transactional_db):
    """Made before the browser starts: while Playwright's event loop runs, the ORM would
    use another connection, which the test database's teardown then finds open."""
    _home, record_index, _collections = make_site_tree()
    make_record(record_index, title="Lễ hội cầu mùa của người Hrê")
    make_record(record_index, title="Lễ kín của làng", access_level="community")


def test_the_docs_page_draws_every_operation_and_runs_one_under_the_csp(two_records, live_server, chromium):  # noqa: F811
    context = chromium.new_context()
    violations = Violations(context)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    policy = visit(page, f"{live_server.url}/api/v1/docs/", violations)
    assert "unsafe" not in policy["script-src"]

    page.wait_for_function("() => document.querySelectorAll('.opblock').length >= 12")
    assert page.locator(".opblock-summary-path", has_text="/api/v1/records/{record_id}").count() == 1

    page.locator("#operations-records-records_list .opblock-summary").click()
    page.locator("#operations-records-records_list .try-out__btn").click()
    page.locator("#operations-records-records_list .execute").click()
    page.wait_for_function(
        "() => (document.querySelector('#operations-records-records_list .live-responses-table') || {})"
        ".innerText?.includes('Lễ hội cầu mùa')"
    )
    answer = page.locator("#operations-records-records_list .live-responses-table").inner_text()
    assert "Lễ hội cầu mùa của người Hrê" in answer and "200" in answer
    assert "Lễ kín" not in answer

    assert violations.of(page) == []
    assert all(url.startswith(live_server.url) for url in requests), "the page asked another host"
    context.close()
