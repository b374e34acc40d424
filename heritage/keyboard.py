"""The on-screen keyboard (bộ gõ) for ethnic-language letters: which layouts exist and
the one script tag that brings the keyboard to a page.

Layouts are data: one JSON file per language in static/heritage/keyboard/layouts/. The
list is read from that folder, so adding a language is adding a file. The script tag
carries everything the browser needs (the layouts' URLs and names, the translated button
labels) in data attributes: no inline script, so the Content Security Policy holds.
"""

import json
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LAYOUT_DIR = Path(__file__).resolve().parent / "static" / "heritage" / "keyboard" / "layouts"


@cache
def _layout_files():
    """(code, names, order) of every layout file; static files do not change while the
    process runs."""
    layouts = []
    for path in sorted(LAYOUT_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        layouts.append((path.stem, data["name"], data.get("order", 100)))
    return sorted(layouts, key=lambda layout: (layout[2], layout[0]))


def available_layouts():
    """Each layout's code, name in the active language and static URL, in display order."""
    language = (get_language() or "vi").split("-")[0]
    return [
        {
            "code": code,
            "name": names.get(language) or names.get("vi") or code,
            "url": static(f"heritage/keyboard/layouts/{code}.json"),
        }
        for code, names, _order in _layout_files()
    ]


def keyboard_labels():
    """The keyboard's words, translated here so the script needs no JavaScript catalogue."""
    return {
        "toggle": _("On-screen keyboard for ethnic-language letters"),
        "toggleShort": _("Keys"),
        "panel": _("On-screen keyboard"),
        "layout": _("Letters of"),
        "close": _("Close the keyboard"),
        "shift": _("Capital letters"),
        "backspace": _("Delete the letter before the cursor"),
        "space": _("Space"),
        "needsLetter": _("Type a vowel first, then its mark."),
        "unavailable": _("The keyboard could not be loaded. Try again."),
        "grave": _("Grave accent (dấu huyền)"),
        "acute": _("Acute accent (dấu sắc)"),
        "hook": _("Hook above (dấu hỏi)"),
        "tilde": _("Tilde (dấu ngã)"),
        "dot": _("Dot below (dấu nặng)"),
        "circumflex": _("Circumflex (dấu mũ)"),
        "breve": _("Breve (dấu trăng)"),
        "horn": _("Horn (dấu móc)"),
    }


def keyboard_script_tag(fields=""):
    """The deferred script tag that adds the keyboard to every field marked
    `data-keyboard` (and, in the admin, to the fields matched by the CSS selectors in
    `fields`)."""
    return format_html(
        '<script src="{}" data-stylesheet="{}" data-layouts="{}" data-labels="{}" data-fields="{}" defer></script>',
        static("heritage/keyboard/keyboard.js"),
        static("heritage/keyboard/keyboard.css"),
        json.dumps(available_layouts(), ensure_ascii=False),
        json.dumps(keyboard_labels(), ensure_ascii=False),
        fields,
    )
