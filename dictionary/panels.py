"""The record editor's panel of dictionary words (added to `RecordPage.context_panels`):
defined here so its words and their translations live with the dictionaries."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel


def record_terms_panel():
    return InlinePanel(
        "dictionary_terms",
        label=_("Dictionary word"),
        heading=_("Words in the ethnic language"),
        help_text=_("Names of the rites, instruments, objects or dishes of this record, from the dictionaries."),
    )
