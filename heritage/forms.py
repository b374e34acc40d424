from wagtail.admin.forms import WagtailAdminPageForm

from .text import ascii_slug


class HeritagePageForm(WagtailAdminPageForm):
    """Folds Vietnamese slugs to ASCII ("lễ-cúng-rừng" → "le-cung-rung").

    Wagtail's own ASCII-only slug option drops accented letters ("l-cung-rng"), so the
    admin keeps Unicode slugs while typing and the form folds them here, before the
    uniqueness check, so the stored slug is readable and unique.
    """

    def clean_slug(self):
        return ascii_slug(self.cleaned_data.get("slug", ""))
