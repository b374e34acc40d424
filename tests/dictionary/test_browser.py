"""The dictionary box in Chromium: suggestions as the visitor types, without accents,
chosen with the keyboard, under the Content Security Policy."""

import pytest

from tests.browser.conftest import chromium  # noqa: F401 - the fixture
from tests.browser.test_csp import Violations
from tests.factories import make_site_tree

from .conftest import make_entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def words(db):
    make_site_tree()
    return {
        "buffalo": make_entry(headword="kapô", glosses=[("con trâu", "buffalo")]),
        "basket": make_entry(headword="kađông", glosses=[("cái gùi", "")]),
        "hidden": make_entry(headword="kapôl", glosses=[("kín", "")], access_level="community"),
    }


def test_typing_without_accents_suggests_the_word_and_the_keyboard_opens_it(chromium, live_server, words):  # noqa: F811
    context = chromium.new_context(viewport={"width": 390, "height": 844})  # a phone
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/tu-dien/hre/")
    box = page.locator("#dictionary-q")
    assert box.get_attribute("data-keyboard") == "hre"  # the on-screen keyboard, Hrê letters
    box.type("trau", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#dictionary-suggestions li').length > 0")
    suggestions = page.locator("#dictionary-suggestions li").all_inner_texts()
    assert suggestions == ["kapô — con trâu"]
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**/tu-dien/hre/{words['buffalo'].pk}/")
    assert page.locator("h1").inner_text() == "kapô"
    assert "Mục mẫu — không phải dữ liệu thật" in page.content()
    assert violations.of(page) == []
    context.close()


def test_the_form_works_without_javascript_and_hides_community_words(chromium, live_server, words):  # noqa: F811
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/tu-dien/hre/")
    page.fill("#dictionary-q", "KAPO")
    page.click(".dictionary-box button")
    page.wait_for_load_state()
    assert page.locator("[data-exact-matches] .headword").all_inner_texts() == ["kapô"]
    assert "kapôl" not in page.content()
    context.close()


def test_typing_a_word_with_the_on_screen_keyboard_into_the_dictionary_box_finds_it(
    chromium,  # noqa: F811
    live_server,
    words,
):
    from tests.browser.test_keyboard import open_keyboard, press

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/tu-dien/hre/")
    panel = open_keyboard(page, "#dictionary-q")
    assert panel.locator("select.kb-layout").input_value() == "hre"
    press(panel, "k", "a", "p", "o", "mark:circumflex")
    assert page.input_value("#dictionary-q") == "kapô"
    # the keyboard's input events reach the autocomplete
    page.wait_for_function("() => document.querySelectorAll('#dictionary-suggestions li').length > 0")
    assert page.locator("#dictionary-suggestions li").all_inner_texts() == ["kapô — con trâu"]
    page.locator(".dictionary-box button[type=submit]").click()
    page.wait_for_url("**/tu-dien/hre/?q=*")
    assert page.locator("[data-exact-matches] .headword").all_inner_texts() == ["kapô"]
    assert violations.of(page) == []
    context.close()
