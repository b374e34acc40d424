"""Admin panels of the record editor."""

from urllib.parse import urlencode

from django.urls import reverse
from wagtail.admin.panels import Panel

from .blocks import images_shown


class ImageRightsPanel(Panel):
    """Lists the images of a record whose rights are incomplete, before anyone submits.

    A record can be submitted or published only when every image it shows names its
    creator, licence and source (and the consent of the people shown). Rather than learn
    that from an error at submit, the curator sees each such image with what it lacks
    and a link to complete it; saving the image returns to the record. The panel is
    empty, and not drawn, when nothing is missing.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "heritage/admin/image_rights_panel.html"

        def is_shown(self):
            return bool(self.images_lacking_rights)

        @property
        def images_lacking_rights(self):
            if not hasattr(self, "_lacking"):
                self._lacking = [
                    {"image": image, "missing": missing, "edit_url": self.edit_url(image)}
                    for image in self.images()
                    if (missing := image.missing_rights())
                ]
            return self._lacking

        def images(self):
            """The images the form shows now: what the curator just sent when the form
            comes back with errors (`RecordPageForm.shown_images`), else what the record has."""
            shown = getattr(self.form, "shown_images", None)
            if shown is not None:
                return shown
            return images_shown(self.instance.main_image, self.instance.body)

        def edit_url(self, image):
            from wagtail.permissions import policy_registry

            policy = policy_registry.get_by_type(type(image))
            if not policy.user_has_permission_for_instance(self.request.user, "change", image):
                return None
            url = reverse("wagtailimages:edit", args=[image.pk])
            if self.instance.pk:
                # Saving the image brings the curator back to this record.
                return f"{url}?{urlencode({'next': reverse('wagtailadmin_pages:edit', args=[self.instance.pk])})}"
            return url

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["images"] = self.images_lacking_rights
            context["record_saved"] = bool(self.instance.pk)
            return context
