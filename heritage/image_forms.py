"""The image upload form as curators see it: the rights a published record needs, marked.

A record can be submitted only when every image it shows has a creator, a licence and
a source, and the consent of the people shown when it shows people
(`HeritageImage.missing_rights`). None of them is required to upload a picture, so the
upload form (the image library's and the one inside the record editor's chooser) marks
them, and the curator fills them while the photo is at hand.

Kept apart from `heritage.forms` because Wagtail's image forms can only be imported once
the apps are loaded, while the page forms are imported by the models.
"""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from media.forms import HeritageImageForm

# The image fields `HeritageImage.missing_rights` asks for, always or when people are shown.
RIGHTS_FOR_PUBLISHING = ("creator", "licence", "source")
RIGHTS_WHEN_PEOPLE_SHOWN = ("consent",)


class CuratorImageForm(HeritageImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RIGHTS_FOR_PUBLISHING + RIGHTS_WHEN_PEOPLE_SHOWN:
            field = self.fields.get(name)
            if field is None:
                continue
            mark = (
                _("Needed before a record showing this image can be published.")
                if name in RIGHTS_FOR_PUBLISHING
                else _("Needed before publishing when the image shows identifiable people.")
            )
            field.help_text = format_html(
                '<strong class="w-required-for-publishing">{}</strong> {}', mark, field.help_text or ""
            )
            field.widget.attrs["data-required-for-publishing"] = "true"
