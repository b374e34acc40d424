"""The image model every record uses: alt text and a credit line are part of the image."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class HeritageImage(AbstractImage):
    """A Wagtail image whose alt text and credit cannot be left empty.

    Heritage photographs are often of people and sacred objects; the credit (who took
    it, who holds the rights) travels with the image wherever a record shows it.
    """

    description = models.CharField(
        _("alt text"),
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        help_text=_("Photographer or source and rights holder, e.g. 'Ảnh: Nguyễn Văn A / Sở DTTG Quảng Ngãi'."),
    )
    licence = models.ForeignKey(
        "heritage.Licence",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "licence")

    @property
    def default_alt_text(self):
        return self.description

    def displayed_size(self):
        """Width and height as shown (EXIF orientation applied); read once, then cached."""
        from django.core.cache import cache

        from .iiif import displayed_size

        key = f"heritage-image-size-{self.pk}-{self.file_hash or self.file.name}"
        size = cache.get(key)
        if size is None:
            with self.open_file() as source:
                size = displayed_size(source)
            cache.set(key, size, None)
        return tuple(size)


class HeritageRendition(AbstractRendition):
    image = models.ForeignKey(HeritageImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
