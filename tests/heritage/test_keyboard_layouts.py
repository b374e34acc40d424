"""The on-screen keyboard's layout files are data a person edits by hand: each must be
valid JSON, in NFC, without a key twice, and the script tag must list every one of them."""

import json
import unicodedata

import pytest
from django.template import Context, Template
from django.utils import translation

from heritage.keyboard import LAYOUT_DIR, available_layouts, keyboard_script_tag

LAYOUT_FILES = sorted(LAYOUT_DIR.glob("*.json"))
KNOWN_MARKS = {"grave", "acute", "hook", "tilde", "dot", "circumflex", "breve", "horn"}


def refuse_duplicate_names(pairs):
    names = [name for name, _value in pairs]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"a name appears twice in one object: {duplicates}"
    return dict(pairs)


def test_the_three_languages_have_a_layout():
    assert {path.stem for path in LAYOUT_FILES} >= {"vi", "hre", "cua"}


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=lambda path: path.name)
def test_a_layout_is_valid_nfc_json_with_each_key_once(path):
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{path.name} is not in NFC"
    layout = json.loads(text, object_pairs_hook=refuse_duplicate_names)

    assert layout["code"] == path.stem
    assert layout["name"]["vi"] and layout["name"]["en"]
    assert layout["source"], "every layout says where its letters come from"
    letters = layout["letters"]
    assert letters and all(isinstance(letter, str) and letter for letter in letters)
    assert len(letters) == len(set(letters)), f"a letter twice in {path.name}"
    assert all(letter == letter.lower() for letter in letters), "letters are lower case; Shift makes capitals"
    assert all(unicodedata.is_normalized("NFC", letter) and len(letter) == 1 for letter in letters)
    marks = layout.get("marks", [])
    assert len(marks) == len(set(marks)) and set(marks) <= KNOWN_MARKS


def test_the_hre_layout_has_the_letters_its_source_lists():
    hre = json.loads((LAYOUT_DIR / "hre.json").read_text(encoding="utf-8"))
    # Beyond the Vietnamese alphabet: vowels with a grave accent, o with a breve, the
    # apostrophe of 'b, 'm, 'n ... and f, j, w, z.
    assert {"à", "è", "ì", "ò", "ù", "ŏ", "'", "f", "j", "w", "z", "đ", "â", "ê", "ô"} <= set(hre["letters"])


def test_the_script_tag_lists_every_layout_with_its_url_and_translated_labels():
    with translation.override("vi"):
        layouts = available_layouts()
        tag = str(keyboard_script_tag())
    assert [layout["code"] for layout in layouts] == ["hre", "cua", "vi"]
    assert layouts[0] == {"code": "hre", "name": "Tiếng Hrê", "url": "/static/heritage/keyboard/layouts/hre.json"}
    assert 'src="/static/heritage/keyboard/keyboard.js"' in tag and " defer>" in tag
    assert "Đóng bàn phím" in tag and "nonce" not in tag and "onclick" not in tag

    with translation.override("en"):
        assert available_layouts()[1]["name"] == "Co (Cua)"
        assert "Close the keyboard" in str(keyboard_script_tag())


def test_the_template_tag_renders_the_same_script():
    rendered = Template("{% load keyboard_tags %}{% keyboard_script %}").render(Context())
    assert rendered.startswith('<script src="/static/heritage/keyboard/keyboard.js"')
