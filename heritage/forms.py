from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .blocks import images_shown
from .text import ascii_slug


class HeritagePageForm(WagtailAdminPageForm):
    """Folds Vietnamese slugs to ASCII ("lễ-cúng-rừng" → "le-cung-rung").

    Wagtail's own ASCII-only slug option drops accented letters ("l-cung-rng"), so the
    admin keeps Unicode slugs while typing and the form folds them here, before the
    uniqueness check, so the stored slug is readable and unique.
    """

    def clean_slug(self):
        return ascii_slug(self.cleaned_data.get("slug", ""))


class RecordPageForm(HeritagePageForm):
    """Adds two things a curator needs around images.

    - The main image's GPS position is offered as the record's location; the curator
      confirms it with a tick (a phone's position is often the photographer's, not the
      festival ground's, so it is never copied silently).
    - Submitting or publishing needs complete rights on every image the record shows
      (creator, licence, source, and consent when people are shown); a draft may wait.
    """

    use_image_location = forms.BooleanField(
        label=_("Use the main image's GPS position as this record's location"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        image = self.instance.main_image if self.instance.main_image_id else None
        if image is not None and image.has_gps:
            self.fields["use_image_location"].help_text = _(
                "The main image was taken at %(latitude).5f, %(longitude).5f."
            ) % {"latitude": image.gps_latitude, "longitude": image.gps_longitude}

    def clean(self):
        cleaned_data = super().clean()
        image = cleaned_data.get("main_image")
        if cleaned_data.get("use_image_location"):
            if image is None or not image.has_gps:
                self.add_error("use_image_location", _("The main image has no GPS position."))
            else:
                cleaned_data["latitude"] = round(image.gps_latitude, 6)
                cleaned_data["longitude"] = round(image.gps_longitude, 6)
        if not self.is_deferred_validation:
            self._check_image_rights(cleaned_data)
        return cleaned_data

    def _check_image_rights(self, cleaned_data):
        for image in images_shown(cleaned_data.get("main_image"), cleaned_data.get("body")):
            missing = image.missing_rights()
            if missing:
                field = "main_image" if image == cleaned_data.get("main_image") else "body"
                message = _("Before publishing, the image “%(title)s” needs: %(missing)s.") % {
                    "title": image.title,
                    "missing": ", ".join(missing),
                }
                self.add_error(field if field in self.fields else None, message)
