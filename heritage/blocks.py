"""The one StreamField vocabulary every record body uses.

Each block renders with its own template under ``heritage/blocks/`` and carries a
description and preview so curators can pick the right one in the block chooser.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

from .access import can_view
from .geography import VIETNAM_LATITUDE, VIETNAM_LONGITUDE


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "heritage/blocks/image.html"
        description = _("A single photograph or drawing with a caption; its credit comes from the image.")
        preview_value = {"caption": "Nhà gươl của làng người Cơ Tu"}


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("images"), min_num=2)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "heritage/blocks/gallery.html"
        description = _("Two or more images shown together as a grid.")
        preview_value = {"heading": "Các công đoạn dệt thổ cẩm"}


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock(label=_("audio"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Audio")
        template = "heritage/blocks/audio.html"
        description = _("A recording (gong music, a song, an oral history) with its transcript.")
        preview_value = {"title": "Tiếng chiêng trong lễ hội", "transcript": ""}


class VideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(label=_("video"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    transcript = blocks.TextBlock(label=_("transcript"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "heritage/blocks/video.html"
        description = _("A film of a rite, a craft or a performance, with its transcript.")
        preview_value = {"title": "Điệu múa tung tung da dá"}


class TestimonyBlock(blocks.StructBlock):
    """A quotation or oral testimony, attributed to the person who gave it."""

    quote = blocks.TextBlock(label=_("quotation"))
    speaker = blocks.CharBlock(label=_("speaker"), max_length=200)
    speaker_description = blocks.CharBlock(
        label=_("about the speaker"),
        required=False,
        max_length=300,
        help_text=_("e.g. village elder, Hrê, Sơn Hà"),
    )
    language = blocks.CharBlock(label=_("language"), required=False, max_length=60)
    recorded_on = blocks.DateBlock(label=_("recorded on"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation or testimony")
        template = "heritage/blocks/testimony.html"
        description = _("Words of a community member, elder or artisan, with who said them.")
        preview_value = {
            "quote": "Lễ hội là dịp cả làng cùng nhau tạ ơn thần linh.",
            "speaker": "Già làng",
        }


class LocationBlock(blocks.StructBlock):
    place_name = blocks.CharBlock(label=_("place name"), max_length=200)
    latitude = blocks.FloatBlock(label=_("latitude"), min_value=VIETNAM_LATITUDE[0], max_value=VIETNAM_LATITUDE[1])
    longitude = blocks.FloatBlock(label=_("longitude"), min_value=VIETNAM_LONGITUDE[0], max_value=VIETNAM_LONGITUDE[1])

    class Meta:
        icon = "site"
        label = _("Location")
        template = "heritage/blocks/location.html"
        description = _("A place mentioned in the text, e.g. where a rite is held.")
        preview_value = {"place_name": "Thị trấn Di Lăng, Sơn Hà", "latitude": 15.03, "longitude": 108.47}


class RelatedRecordsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    records = blocks.ListBlock(blocks.PageChooserBlock(page_type="heritage.RecordPage"), label=_("records"))

    class Meta:
        icon = "link"
        label = _("Related records")
        template = "heritage/blocks/related_records.html"
        description = _("Links to other records; visitors only see the ones they may open.")
        preview_value = {"heading": "Hồ sơ liên quan"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        context["visible_records"] = [
            page.specific
            for page in value["records"]
            if page is not None and page.live and can_view(user, page.specific.access_level)
        ]
        return context


class RecordBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        icon="pilcrow",
        template="heritage/blocks/paragraph.html",
        description=_("Rich text with headings, lists and links."),
        preview_value="<p>Lễ hội diễn ra sau mùa thu hoạch.</p>",
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    audio = AudioBlock()
    video = VideoBlock()
    testimony = TestimonyBlock()
    location = LocationBlock()
    related_records = RelatedRecordsBlock()


class SourceBlock(blocks.StructBlock):
    citation = blocks.CharBlock(label=_("citation"), max_length=500)
    url = blocks.URLBlock(label=_("link"), required=False)
    note = blocks.CharBlock(label=_("note"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Source")
        template = "heritage/blocks/source.html"
        description = _("A publication, archive item or interview the record draws on.")
        preview_value = {"citation": "Sở Văn hoá, Thể thao và Du lịch tỉnh Quảng Ngãi"}


class ContributorBlock(blocks.StructBlock):
    ROLES = [
        ("researcher", _("Researcher")),
        ("recorder", _("Recorder / fieldworker")),
        ("photographer", _("Photographer")),
        ("narrator", _("Narrator / informant")),
        ("translator", _("Translator")),
        ("editor", _("Editor")),
    ]
    name = blocks.CharBlock(label=_("name"), max_length=200)
    role = blocks.ChoiceBlock(label=_("role"), choices=ROLES)
    organisation = blocks.CharBlock(label=_("organisation"), required=False, max_length=200)

    class Meta:
        icon = "user"
        label = _("Contributor")
        template = "heritage/blocks/contributor.html"
        description = _("A person or organisation who contributed to the record, and how.")
        preview_value = {"name": "Nguyễn Văn A", "role": "recorder"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["role_label"] = dict(self.ROLES).get(value["role"], value["role"])
        return context


def images_shown(main_image, body):
    """The images a record shows (its main image, then those in the body's image and
    gallery blocks), in reading order, each once."""
    images = [main_image]
    for block in body or []:
        if block.block_type == "image":
            images.append(block.value["image"])
        elif block.block_type == "gallery":
            images.extend(item["image"] for item in block.value["images"])
    unique = {}
    for image in images:
        if image is not None:
            unique.setdefault(image.pk, image)
    return list(unique.values())
