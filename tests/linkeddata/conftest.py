from tests.browser.conftest import chromium  # noqa: F401 - the browser fixture, shared with tests/browser
