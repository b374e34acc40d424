"""Vietnamese text hygiene: every string we store is NFC-normalised."""

import unicodedata


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def normalise_model_text(instance):
    """NFC-normalise every character field of a model instance in place.

    Text pasted from Word, macOS or old TCVN3 converters often arrives decomposed
    (NFD); stored decomposed, "Hrê" would not equal "Hrê" and search would miss it.
    """
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in ("CharField", "TextField", "SlugField"):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, unicodedata.normalize("NFC", value))


def fold_diacritics(value):
    """'Đắk Lắk' → 'Dak Lak': strip Vietnamese diacritics, folding đ/Đ to d/D."""
    value = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in value if unicodedata.category(c) != "Mn"))


def ascii_slug(value):
    from django.utils.text import slugify

    return slugify(fold_diacritics(value))


def vietnamese_sort_key(value):
    """Sort key close to Vietnamese dictionary order: base letters first, then tones.

    SQLite compares bytes, which puts "Ê Đê" and "Ơ Đu" after "Xơ Đăng"; this key files
    them under E and O, with "đ" after "d".
    """
    base = fold_diacritics(value.replace("đ", "d\uffff").replace("Đ", "D\uffff")).casefold()
    return (base, value)


# A cell starting with one of these is a formula to Excel and LibreOffice ("CSV
# injection"): a title such as "=HYPERLINK(...)" would run when a curator opens the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet program shows as text, never runs as a formula.

    The cell gets a leading apostrophe, which spreadsheet programs read as "this is
    text" and do not show; `from_spreadsheet_safe` takes it off again on import, so a
    file exported and imported back keeps its text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def from_spreadsheet_safe(value):
    """The text `spreadsheet_safe` protected, as it was."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
