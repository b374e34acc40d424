"""URL converters for identifiers: ASCII digits that fit a 64-bit database key.

Django's `int` converter accepts any length, and a number beyond 64 bits reaches the
database as an overflow error (a 500). `id` matches at most 18 digits, so a longer or
non-ASCII identifier is a plain 404.
"""

from django.urls import register_converter


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


register_converter(RecordIdConverter, "id")
