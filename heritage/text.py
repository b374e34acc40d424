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
