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


class HeritageRendition(AbstractRendition):
    image = models.ForeignKey(HeritageImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
