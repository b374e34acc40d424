from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .blocks import images_shown
from .text import ascii_slug


def next_free_slug(parent_page, slug, page=None):
    """`slug`, or `slug-2`, `slug-3`, … : the first one no sibling of `page` uses."""
    siblings = parent_page.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def slug_holder_status(page):
    """A few words on the page that holds a slug, so the curator knows what it is."""
    if page.live:
        return gettext("published")
    if page.first_published_at is None:
        return gettext("a draft never published, perhaps an abandoned attempt")
    return gettext("unpublished")


class HeritagePageForm(WagtailAdminPageForm):
    """Keeps slugs ASCII and unique among siblings, and says so in plain words.

    Vietnamese slugs are folded to ASCII ("lễ-cúng-rừng" → "le-cung-rung"): Wagtail's own
    ASCII-only option drops accented letters ("l-cung-rng"), so the admin keeps Unicode
    slugs while typing and the form folds them here, before the uniqueness check.

    Wagtail autosaves a new page as a draft as soon as the curator types, so an abandoned
    attempt leaves a draft that holds the slug of the title. A page that has never been
    published therefore takes the next free slug (`le-hoi-2`) instead of failing with
    "slug in use", and the curator is told which page holds the slug it wanted. A page
    that has been published keeps its address unless the curator changes it; a change to
    a slug already in use is refused with the same explanation.
    """

    slug_replaced = None  # (wanted slug, holder page) when the slug was made unique

    def clean_slug(self):
        return ascii_slug(self.cleaned_data.get("slug", ""))

    def clean(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.parent_page is not None:
            holder = self.parent_page.get_children().filter(slug=slug)
            if self.instance.pk:
                holder = holder.exclude(pk=self.instance.pk)
            holder = holder.first()
            if holder is not None:
                free = next_free_slug(self.parent_page, slug, self.instance)
                if self.instance.first_published_at is None:
                    self.cleaned_data["slug"] = free
                    self.slug_replaced = (slug, holder)
                    self.instance._heritage_slug_replaced = slug_replaced_message(slug, free, holder)
                else:
                    self.add_error("slug", slug_in_use_message(slug, free, holder))
        return super().clean()

    def get_field_updates_for_resave(self):
        # After an autosave, the editor still open in the browser shows the slug stored.
        updates = list(super().get_field_updates_for_resave())
        if self.slug_replaced:
            updates.append(("slug", self.cleaned_data["slug"]))
        return updates


def slug_in_use_message(slug, free, holder):
    message = gettext(
        "The address “%(slug)s” is already used by “%(title)s” (%(status)s) in the same place. "
        "Choose another one, for example “%(free)s”."
    ) % {"slug": slug, "title": holder.get_admin_display_title(), "status": slug_holder_status(holder), "free": free}
    if holder.first_published_at is None:
        message = f"{message} " + gettext("If that draft was abandoned, delete it from the list of pages.")
    return message


def slug_replaced_message(slug, free, holder):
    return gettext(
        "The address “%(slug)s” is already used by “%(title)s” (%(status)s), so this page’s address is “%(free)s”. "
        "You can change it in the Promote tab."
    ) % {"slug": slug, "title": holder.get_admin_display_title(), "status": slug_holder_status(holder), "free": free}


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
        # What the record shows as sent, kept for the editor's image-rights panel (an error
        # below takes the field out of cleaned_data).
        self.shown_images = images_shown(cleaned_data.get("main_image"), cleaned_data.get("body"))
        if not self.is_deferred_validation:
            self._check_image_rights(cleaned_data)
        return cleaned_data

    def _check_image_rights(self, cleaned_data):
        for image in self.shown_images:
            missing = image.missing_rights()
            if missing:
                field = "main_image" if image == cleaned_data.get("main_image") else "body"
                message = _(
                    "Before it can be submitted, the image “%(title)s” needs: %(missing)s. "
                    "The list under “Image rights” at the top of the Content tab links to each image."
                ) % {
                    "title": image.title,
                    "missing": ", ".join(missing),
                }
                self.add_error(field if field in self.fields else None, message)
