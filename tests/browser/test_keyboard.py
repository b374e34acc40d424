"""The on-screen keyboard (bộ gõ) in Chromium: a Hrê word typed with it is the right NFC
string and finds its record; it works on the map's search box and in the admin; on a
390 px phone it fits and never covers the field; it can be worked with the keyboard
alone; and nothing it does trips the Content Security Policy."""

import unicodedata

import pytest

from heritage.models import EthnicGroup
from tests.browser.test_csp import Violations
from tests.factories import make_record, make_site_tree, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "browser-test-password"
# A Hrê word as the Hrê Bible text spells it (ebible.org/hre): an apostrophe before b, and
# o with a breve. The record is test data; it claims nothing about the word's meaning.
HRE_WORD = "ca'b\u014fng"


@pytest.fixture
def library(db):
    _home, record_index, _collections = make_site_tree()
    record = make_record(record_index, title=f"Bài chiêng {HRE_WORD} (thử bộ gõ)", latitude=15.044, longitude=108.468)
    make_record(record_index, title="Lễ cúng lúa mới", latitude=14.793, longitude=108.742)
    return {"record": record}


def open_keyboard(page, field="#search-q"):
    toggle = page.locator(f"{field} ~ .kb-toggle")
    toggle.click()
    panel = page.locator(f"{field} ~ .kb-panel")
    panel.locator(".kb-letters .kb-key").first.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    return panel


def press(panel, *keys):
    """Tap the keys of these letters; a mark key is named by its mark ("mark:breve")."""
    for key in keys:
        if key.startswith("mark:"):
            panel.locator(f'.kb-key[data-mark="{key[5:]}"]').click()
        else:
            panel.locator(f'.kb-letters .kb-key[data-text="{key}"]').click()


def test_a_hre_word_typed_on_the_keyboard_is_nfc_and_finds_its_record(chromium, live_server, library):
    context = chromium.new_context()
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    toggle = page.locator("#search-q ~ .kb-toggle")
    assert toggle.get_attribute("aria-label") == "Bàn phím ảo gõ chữ dân tộc"
    assert toggle.inner_text() == "Bộ gõ"
    panel = open_keyboard(page)
    assert panel.locator("select.kb-layout").input_value() == "hre"  # the first layout

    press(panel, "c", "a", "'", "b", "o", "mark:breve", "n", "g")
    typed = page.input_value("#search-q")
    assert typed == HRE_WORD and unicodedata.is_normalized("NFC", typed)
    assert page.locator("#search-q").evaluate("field => field.value.length") == 7  # ŏ is one code point

    press(panel, "mark:acute")
    assert page.input_value("#search-q") == HRE_WORD  # g is no vowel: nothing changes, and the panel says why
    assert panel.locator(".kb-status").inner_text() == "Hãy gõ một nguyên âm trước, rồi mới bỏ dấu."

    page.locator(".search-form button[type=submit]").click()
    page.wait_for_url("**/search/?q=*")
    assert page.input_value("#search-q") == HRE_WORD
    assert page.locator(".result h2").all_inner_texts() == [library["record"].title]
    assert violations.of(page) == []
    context.close()


def test_vietnamese_tone_marks_combine_on_the_letter_before_the_cursor_in_the_map_search(
    chromium, live_server, library
):
    context = chromium.new_context()
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/map/")
    panel = open_keyboard(page, "#map-q")
    panel.locator("select.kb-layout").select_option("vi")
    press(panel, "l", "e", "mark:circumflex", "mark:tilde")
    assert page.input_value("#map-q") == "l\u1ec5"  # lễ, one code point for ễ
    press(panel, "mark:acute")
    assert page.input_value("#map-q") == "l\u1ebf"  # a tone replaces the tone before it: lế
    press(panel, "mark:acute")
    assert page.input_value("#map-q") == "l\u00ea"  # the same tone again takes it off: lê
    press(panel, "mark:tilde")
    panel.locator('.kb-key[data-action="shift"]').click()
    assert panel.locator('.kb-letters .kb-key[data-text="đ"]').inner_text() == "Đ"
    panel.locator('.kb-key[data-action="space"]').click()
    panel.locator('.kb-key[data-action="backspace"]').click()
    assert page.input_value("#map-q") == "l\u1ec5"
    # Typing goes where the cursor is, not only at the end.
    page.locator("#map-q").evaluate("field => field.setSelectionRange(0, 0)")
    press(panel, "đ")  # Shift was still on: one capital
    assert page.input_value("#map-q") == "\u0110l\u1ec5"
    assert panel.locator('.kb-letters .kb-key[data-text="đ"]').inner_text() == "đ"

    page.locator("#map-search button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("#map-q") == "\u0110l\u1ec5"
    assert violations.of(page) == []
    # The layout chosen last is remembered for the next field.
    page.goto(f"{live_server.url}/search/")
    assert open_keyboard(page).locator("select.kb-layout").input_value() == "vi"
    context.close()


def test_on_a_phone_the_keyboard_fits_and_never_covers_the_field(chromium, live_server, library):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/?q=ka")
    panel = open_keyboard(page)
    field = page.locator("#search-q").bounding_box()
    box = panel.bounding_box()
    assert box["y"] >= field["y"] + field["height"], "the panel sits below the field"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no horizontal scroll
    for key in panel.locator(".kb-key").all():
        key_box = key.bounding_box()
        assert key_box["x"] >= 0 and key_box["x"] + key_box["width"] <= 390
        assert key_box["width"] >= 24 and key_box["height"] >= 24  # a finger can hit it
    panel.locator('.kb-letters .kb-key[data-text="ŏ"]').tap()
    assert page.input_value("#search-q") == "ka\u014f"  # after the words already there
    assert page.evaluate("document.activeElement.id") != "search-q"  # the phone's own keyboard stays down
    # Submitting closes it (the form is kept from leaving the page to see that).
    page.locator(".search-form").evaluate("form => form.addEventListener('submit', event => event.preventDefault())")
    page.locator(".search-form button[type=submit]").tap()
    assert panel.is_hidden()
    assert page.locator("#search-q ~ .kb-toggle").get_attribute("aria-expanded") == "false"
    context.close()


def test_the_keyboard_works_with_tab_enter_and_escape(chromium, live_server, library):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    page.focus("#search-q")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "kb-toggle"
    page.keyboard.press("Enter")
    panel = page.locator("#search-q ~ .kb-panel")
    panel.locator(".kb-letters .kb-key").first.wait_for()
    page.keyboard.press("Tab")  # the layout chooser
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("Tab")  # the close button
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Đóng bàn phím"
    page.keyboard.press("Tab")  # the first letter
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # à
    page.keyboard.press(" ")
    assert page.input_value("#search-q") == "a\u00e0"
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.id") == "search-q"  # focus back on the field
    assert page.locator("#search-q ~ .kb-toggle").get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")  # the form still submits from the field
    page.wait_for_url("**/search/?q=*")
    context.close()


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_curators_type_ethnic_language_letters_in_the_admin(chromium, live_server, library):
    make_user("curator-keyboard", groups=["Curator"], password=PASSWORD)
    record = library["record"]
    hre = EthnicGroup.objects.get(slug="hre")
    context = chromium.new_context()
    violations = Violations(context)
    page = context.new_page()
    sign_in(page, live_server.url, "curator-keyboard")

    page.goto(f"{live_server.url}/admin/pages/{record.pk}/edit/")
    page.wait_for_selector("#id_title")
    panel = open_keyboard(page, "#id_title")
    page.locator("#id_title").fill("Chiêng ")
    press(panel, "'", "b", "o", "mark:breve")
    assert page.input_value("#id_title") == "Chiêng 'b\u014f"
    assert page.locator("#id_main_rites ~ .kb-toggle").count() == 1
    assert page.locator("#id_summary_en ~ .kb-toggle").count() == 0  # English fields get none
    assert violations.of(page) == []
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('.messages')?.textContent.includes('Chiêng')")
    assert "Chiêng 'b\u014f" in page.locator(".messages").inner_text()
    record.refresh_from_db()
    assert record.get_latest_revision().content["title"] == "Chiêng 'b\u014f"  # saved as typed, NFC

    page.goto(f"{live_server.url}/admin/snippets/heritage/ethnicgroup/edit/{hre.pk}/")
    page.wait_for_selector("#id_name")
    assert page.locator("#id_name ~ .kb-toggle").count() == 1
    other_name = page.locator('input[name^="other_names-"][name$="-name"]').first
    other_name.wait_for()
    other_id = other_name.get_attribute("id")
    assert page.locator(f"#{other_id} ~ .kb-toggle").count() == 1
    assert violations.of(page) == []
    context.close()
