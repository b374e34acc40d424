"""The image model every record uses: alt text and a credit line are part of the image."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtailmedia.models import AbstractMedia

from .storage import RemoveFilesOnFailedSave, is_disk_full, rendition_not_stored


def licence_field():
    """The licence an image or recording is shared under; kept if the licence is removed."""
    return models.ForeignKey(
        "heritage.Licence",
        verbose_name=_("licence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Consent(models.TextChoices):
    GIVEN = "given", _("Given by the people shown")
    COMMUNITY = "community", _("Given by the community's representatives")


class HeritageImage(RemoveFilesOnFailedSave, AbstractImage):
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
    licence = licence_field()
    creator = models.CharField(
        _("creator"), max_length=255, blank=True, help_text=_("Who took the photograph or made the image.")
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the image comes from: fieldwork, an archive, a publication, a community member."),
    )
    shows_people = models.BooleanField(_("shows identifiable people"), default=False)
    consent = models.CharField(_("consent of the people shown"), max_length=20, choices=Consent.choices, blank=True)
    captured_at = models.DateTimeField(_("date taken"), null=True, blank=True)
    gps_latitude = models.FloatField(_("GPS latitude"), null=True, blank=True)
    gps_longitude = models.FloatField(_("GPS longitude"), null=True, blank=True)
    embedded_metadata = models.JSONField(_("metadata read from the file"), default=dict, blank=True, editable=False)

    admin_form_fields = Image.admin_form_fields + (
        "credit",
        "creator",
        "source",
        "licence",
        "shows_people",
        "consent",
        "captured_at",
        "gps_latitude",
        "gps_longitude",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def missing_rights(self):
        """The rights fields still empty; a record cannot be published with them missing."""
        missing = [
            str(label)
            for label, value in (
                (_("creator"), self.creator),
                (_("licence"), self.licence_id),
                (_("source"), self.source),
            )
            if not value
        ]
        if self.shows_people and not self.consent:
            missing.append(str(_("consent of the people shown")))
        return missing

    @property
    def has_gps(self):
        return self.gps_latitude is not None and self.gps_longitude is not None

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

    def get_rendition(self, filter):
        try:
            return super().get_rendition(filter)
        except OSError as error:
            if not is_disk_full(error):
                raise
            return rendition_not_stored(self, filter, error)

    def get_renditions(self, *filters):
        try:
            return super().get_renditions(*filters)
        except OSError as error:
            if not is_disk_full(error):
                raise
            return {str(getattr(spec, "spec", spec)): rendition_not_stored(self, spec, error) for spec in filters}

    def generate_rendition_file(self, filter, *, source=None):
        """The rendition's file, without location metadata.

        Willow copies the original's EXIF, GPS included, into JPEG, PNG and HEIC
        renditions; a rendition is shown wherever the image is, so it says no more than
        the least a record showing it may say. A rendition whose metadata cannot be read
        is kept as it is: `media.uploads` checks renditions too, and refuses it to a
        visitor who may not see the place.
        """
        from django.core.files.base import ContentFile

        from .location_metadata import UnreadableMetadata, without_location

        rendition = super().generate_rendition_file(filter, source=source)
        rendition.seek(0)
        try:
            cleaned = without_location(rendition.read())
        except UnreadableMetadata:
            cleaned = None
        rendition.seek(0)
        return rendition if cleaned is None else ContentFile(cleaned, name=rendition.name)


class HeritageRendition(AbstractRendition):
    image = models.ForeignKey(HeritageImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HeritageMedia(RemoveFilesOnFailedSave, AbstractMedia):
    """Audio (gong music, songs, oral histories) and video, with their rights and text.

    Duration, format and size are read from the file on upload (mutagen); a transcript
    and WebVTT captions make recordings usable without sound and findable by text.
    """

    credit = models.CharField(_("credit"), max_length=255, help_text=_("Who recorded it and who holds the rights."))
    creator = models.CharField(_("creator"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    licence = licence_field()
    transcript = models.TextField(_("transcript"), blank=True)
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="media_captions",
        blank=True,
        help_text=_("A .vtt file of timed captions, shown with the player."),
    )
    captions_language = models.CharField(_("captions language"), max_length=10, default="vi")
    mime_type = models.CharField(_("format"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    file_hash = models.CharField(max_length=40, blank=True, editable=False, db_index=True)

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "credit",
        "creator",
        "source",
        "licence",
        "transcript",
        "captions",
        "captions_language",
        "duration",
        "width",
        "height",
        "thumbnail",
        "tags",
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = _("audio or video")
        verbose_name_plural = _("audio and video")

    @property
    def sources(self):
        return [{"src": self.url, "type": self.mime_type or super().sources[0]["type"]}]

    @property
    def duration_label(self):
        """'4:05' or '1:02:09' for a player's caption."""
        total = int((self.duration or 0) + 0.5)
        hours, rest = divmod(total, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
