"""The page tree: home, the record library, records and collections.

HomePage
├── RecordIndexPage ("Kho hồ sơ")  → FestivalPage, CustomPage, ProductPage
└── CollectionIndexPage ("Bộ sưu tập") → CollectionPage
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from dictionary.panels import record_terms_panel

from ..access import AccessLevel, RecordQuerySet, can_view, exact_location_visible_to
from ..blocks import ContributorBlock, RecordBodyBlock, SourceBlock, images_shown
from ..forms import HeritagePageForm, RecordPageForm
from ..geography import VIETNAM_LATITUDE, VIETNAM_LONGITUDE, box_polygon, cell_centre, generalised_cell
from ..listing import RecordListing, collection_counts, counted, type_counts
from ..lunar import LunarDate
from ..panels import ImageRightsPanel
from .vocab import EthnicGroup, Licence, Province, Subject


class BilingualPageMixin:
    """Title and summary in the visitor's language, falling back to Vietnamese.

    Also gives every page type of the site the admin form that keeps slugs ASCII.
    """

    base_form_class = HeritagePageForm

    @property
    def display_title(self):
        if get_language() == "en" and getattr(self, "title_en", ""):
            return self.title_en
        return self.title

    @property
    def display_summary(self):
        if get_language() == "en" and getattr(self, "summary_en", ""):
            return self.summary_en
        return getattr(self, "summary", "")

    @property
    def shown_untranslated(self):
        """Whether an English reader is shown Vietnamese for want of an English title or
        summary: the page then says so (docs/english.md)."""
        return get_language() == "en" and not (getattr(self, "title_en", "") and getattr(self, "summary_en", ""))


class IntroducedPage(BilingualPageMixin, Page):
    """A page that introduces what sits below it, in Vietnamese and English."""

    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("English introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("introduction"),
        FieldPanel("introduction_en"),
    ]

    class Meta:
        abstract = True

    @property
    def display_introduction(self):
        if get_language() == "en" and self.introduction_en:
            return self.introduction_en
        return self.introduction


class HomePage(IntroducedPage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["heritage.RecordIndexPage", "heritage.CollectionIndexPage", "heritage.InfoPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = RecordPage.objects.visible_to(request.user)
        cards = visible.with_card_data()
        context["featured_records"] = self.featured_records(cards)
        context["latest_records"] = cards.order_by("-listed_at", "-pk")[:8]
        context["record_index"] = RecordIndexPage.objects.live().order_by("pk").first()
        context["collection_index"] = CollectionIndexPage.objects.live().order_by("pk").first()

        counts = collection_counts(request.user, visible)
        context["groups_with_counts"] = counted(EthnicGroup, visible, "ethnic_groups", counts["ethnic_groups"])[:12]
        context["provinces_with_counts"] = counted(Province, visible, "province", counts["province"])
        context["type_counts"] = type_counts(visible, counts["content_type"])
        return context

    @staticmethod
    def featured_records(cards, limit=6):
        """The newest `limit` featured records among `cards` (the visitor's). Featured
        records are a curated handful, found through their own index
        (`record_featured_order`) and then narrowed to what the visitor may see by their
        ids: asked in one query, SQLite walks the index on the access level instead,
        every record of the audience (0.4 s at 100 000 records)."""
        featured = RecordPage.objects.filter(featured=True).order_by("-listed_at", "-pk").values_list("pk", flat=True)
        records = cards.filter(pk__in=list(featured)).order_by()
        newest_first = sorted(
            records, key=lambda record: (record.listed_at is not None, record.listed_at, record.pk), reverse=True
        )
        return newest_first[:limit]


class RecordIndexPage(IntroducedPage):
    """The library: every record, filterable by type, ethnic group, province and subject."""

    parent_page_types = ["heritage.HomePage"]
    subpage_types = ["heritage.FestivalPage", "heritage.CustomPage", "heritage.ProductPage"]

    class Meta:
        verbose_name = _("record library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(RecordListing(request, RecordPage.objects.visible_to(request.user)).context())
        return context


class RecordPage(BilingualPageMixin, Page):
    """What every heritage record has, whatever its type.

    Concrete (not abstract) so that listings, filters and access checks across all
    record types are one query on one table; curators never create it directly.
    """

    base_form_class = RecordPageForm

    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences shown in listings."))
    summary_en = models.TextField(_("English summary"), blank=True)
    main_image = models.ForeignKey(
        "heritage_media.HeritageImage",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(RecordBodyBlock(), verbose_name=_("body"), blank=True)

    ethnic_groups = ParentalManyToManyField(EthnicGroup, verbose_name=_("ethnic groups"), related_name="records")
    subjects = ParentalManyToManyField(Subject, verbose_name=_("subjects"), related_name="records", blank=True)

    place_name = models.CharField(_("place name"), max_length=255, blank=True)
    admin_unit = models.CharField(
        _("administrative unit"),
        max_length=255,
        blank=True,
        help_text=_("District and commune as at the time of recording, e.g. 'huyện Sơn Hà'."),
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(VIETNAM_LATITUDE[0]), MaxValueValidator(VIETNAM_LATITUDE[1])],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(VIETNAM_LONGITUDE[0]), MaxValueValidator(VIETNAM_LONGITUDE[1])],
    )
    location_access = models.CharField(
        _("exact location shown to"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_(
            "For a sacred forest, a burial ground or a grave house choose Community or Staff: everyone else sees "
            "only the commune or district, on every page, map, search and file."
        ),
    )
    # The point shown to those who may not see the exact place: the exact point when
    # the location is public, else the centre of its commune or district (set by the
    # GIS layer) or of a coarse grid cell. Search by map uses it for everyone.
    public_latitude = models.FloatField(null=True, blank=True, editable=False)
    public_longitude = models.FloatField(null=True, blank=True, editable=False)

    recorded_on = models.DateField(_("date recorded"), null=True, blank=True)
    period_label = models.CharField(
        _("period"), max_length=120, blank=True, help_text=_("e.g. 'from the 19th century to today'")
    )
    period_start_year = models.SmallIntegerField(_("period start (year)"), null=True, blank=True)
    period_end_year = models.SmallIntegerField(_("period end (year)"), null=True, blank=True)

    sources = StreamField([("source", SourceBlock())], verbose_name=_("sources"), blank=True)
    provenance = models.TextField(
        _("provenance"), blank=True, help_text=_("How the record and its materials were gathered.")
    )
    contributors = StreamField([("contributor", ContributorBlock())], verbose_name=_("contributors"), blank=True)

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="records")
    rights_holder = models.CharField(_("rights holder"), max_length=255, blank=True)
    rights_statement = models.TextField(_("rights statement"), blank=True)
    access_level = models.CharField(
        _("access level"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        db_index=True,
        help_text=_(
            "Public: everyone. Community: signed-in community members and staff. Staff: curators and reviewers only."
        ),
    )
    featured = models.BooleanField(_("featured on the home page"), default=False)
    # The listing's order, kept here beside the access level (a copy of Wagtail's
    # first_published_at, set on save) so that "newest first" walks one index of this
    # table instead of sorting every visible record: see Meta.indexes.
    listed_at = models.DateTimeField(null=True, blank=True, editable=False)

    is_creatable = False
    parent_page_types = ["heritage.RecordIndexPage"]
    subpage_types = []

    record_type_key = ""
    objects = PageManager.from_queryset(RecordQuerySet)()

    search_fields = Page.search_fields + [
        index.SearchField("title_en", boost=2),
        index.SearchField("summary", boost=1.5),
        index.SearchField("summary_en"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.FilterField("access_level"),
        index.FilterField("province"),
    ]

    record_panels = [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        FieldPanel("main_image"),
    ]
    context_panels = [
        FieldPanel("ethnic_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("subjects", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("place_name"),
                FieldPanel("admin_unit"),
                FieldPanel("province", widget=forms.Select),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("use_image_location"),
                FieldPanel("location_access"),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("recorded_on"),
                FieldPanel("period_label"),
                FieldRowPanel([FieldPanel("period_start_year"), FieldPanel("period_end_year")]),
            ],
            heading=_("Time"),
        ),
        record_terms_panel(),
    ]
    provenance_panels = [
        FieldPanel("sources"),
        FieldPanel("provenance"),
        FieldPanel("contributors"),
        MultiFieldPanel(
            [FieldPanel("licence", widget=forms.Select), FieldPanel("rights_holder"), FieldPanel("rights_statement")],
            heading=_("Rights"),
        ),
        FieldPanel("access_level"),
        FieldPanel("featured"),
    ]

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        indexes = [
            models.Index(fields=["access_level", "-listed_at", "-page_ptr"], name="record_listing_order"),
            models.Index(
                fields=["-listed_at", "-page_ptr"], condition=models.Q(featured=True), name="record_featured_order"
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            message = _("Give both latitude and longitude, or neither.")
            errors["latitude" if self.latitude is None else "longitude"] = message
        if (
            self.period_start_year is not None
            and self.period_end_year is not None
            and self.period_start_year > self.period_end_year
        ):
            errors["period_end_year"] = _("The period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def record_types(cls):
        """Record type key → page model, in display order."""
        return {model.record_type_key: model for model in (FestivalPage, CustomPage, ProductPage)}

    @property
    def record_type_label(self):
        return self.specific_class._meta.verbose_name

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def save(self, *args, **kwargs):
        self.set_public_location()
        self.listed_at = self.first_published_at
        super().save(*args, **kwargs)

    def set_public_location(self, area_point=None):
        """Fill `public_latitude`/`public_longitude` (see their comment); `area_point`
        is the (latitude, longitude) of the commune or district holding the place."""
        if not self.has_coordinates:
            self.public_latitude = self.public_longitude = None
        elif self.location_access == AccessLevel.PUBLIC:
            self.public_latitude, self.public_longitude = self.latitude, self.longitude
        else:
            point = area_point or cell_centre(generalised_cell(self.latitude, self.longitude))
            self.public_latitude, self.public_longitude = point

    def location_for(self, user):
        """What `user` may see of the record's place: {"latitude", "longitude", "exact",
        "area"} (area: a GeoJSON geometry standing for a generalised place), or None."""
        if not self.has_coordinates:
            return None
        if exact_location_visible_to(user, self):
            return {"latitude": self.latitude, "longitude": self.longitude, "exact": True, "area": None}
        area = next((area for area in self.areas.all() if area.level in ("commune", "district")), None)
        geometry = area.simplified if area else box_polygon(generalised_cell(self.latitude, self.longitude))
        return {"latitude": self.public_latitude, "longitude": self.public_longitude, "exact": False, "area": geometry}

    def stable_url(self, request=None):
        path = reverse("record_permalink", args=[self.pk])
        return request.build_absolute_uri(path) if request else path

    def serve(self, request, *args, **kwargs):
        # 404, not 403: a restricted record must not reveal that it exists.
        if not can_view(request.user, self.access_level):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        # Sitemaps are read by anonymous crawlers, whoever asks.
        if not can_view(None, self.access_level):
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["other_records"] = (
            RecordPage.objects.visible_to(request.user)
            .with_card_data()
            .filter(
                pk__in=RecordPage.ethnic_groups.through.objects.filter(ethnicgroup__in=self.ethnic_groups.all()).values(
                    "recordpage_id"
                )
            )
            .exclude(pk=self.pk)
            .order_by("-listed_at", "-pk")
        )[:4]
        # A record the admin previews before its first save belongs to no collection and
        # lies in no area yet (both are relations to saved rows).
        context["collections"] = CollectionPage.objects.live().filter(items__record=self).distinct() if self.pk else []
        context["areas"] = self.areas.all() if self.pk else []
        context["shown_location"] = self.location_for(request.user)
        # Places named in the body (location blocks) follow the record's rule too.
        context["hide_exact_places"] = not exact_location_visible_to(request.user, self)
        if self.live and images_shown(self.main_image if self.main_image_id else None, self.body):
            context["iiif_manifest_url"] = reverse("iiif_record_manifest", args=[self.pk])
        context["share_image"] = self.share_image(request)
        return context

    def share_image(self, request=None, width=1200):
        """The main image as link previews show it (Open Graph): a JPEG at most `width`
        pixels wide from the IIIF Image API, which checks access like the page itself and
        makes the file only when a link preview asks for it, not when the page is drawn."""
        image = self.main_image if self.main_image_id else None
        if image is None:
            return None
        try:
            full_width, full_height = image.displayed_size()
        except OSError:  # the file is missing or unreadable: no preview rather than no page
            return None
        shown_width = min(width, full_width)
        path = reverse("iiif_image", args=[image.pk, "full", f"{shown_width},", "0", "default.jpg"])
        site = self.get_site()
        return {
            "url": f"{site.root_url}{path}" if site else path,
            "width": shown_width,
            "height": max(1, round(full_height * shown_width / full_width)),
            "alt": image.description,
        }

    def get_template(self, request, *args, **kwargs):
        return "heritage/record_page.html"


def record_edit_handler(specific_panels):
    from wagtail.admin.panels import ObjectList, TabbedInterface

    return TabbedInterface(
        [
            ObjectList(
                [ImageRightsPanel(heading=_("Image rights"))]
                + Page.content_panels
                + RecordPage.record_panels
                + [FieldPanel("body")],
                heading=_("Content"),
            ),
            ObjectList(specific_panels, heading=_("Details")),
            ObjectList(RecordPage.context_panels, heading=_("Groups, place and time")),
            ObjectList(RecordPage.provenance_panels, heading=_("Sources and rights")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )


class FestivalPage(RecordPage):
    """A festival or communal rite (lễ hội)."""

    class Calendar(models.TextChoices):
        LUNAR = "lunar", _("Lunar calendar")
        SOLAR = "solar", _("Solar calendar")
        SEASONAL = "seasonal", _("By the farming season")

    class Frequency(models.TextChoices):
        ANNUAL = "annual", _("Every year")
        EVERY_N_YEARS = "every_n_years", _("Every few years")
        OCCASIONAL = "occasional", _("When the community decides")

    calendar = models.CharField(_("calendar"), max_length=10, choices=Calendar.choices, default=Calendar.LUNAR)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    leap_month = models.BooleanField(_("leap month"), default=False)
    timing_note = models.CharField(
        _("when, in words"), max_length=255, blank=True, help_text=_("e.g. 'after the rice harvest'")
    )
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), null=True, blank=True)
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL)
    frequency_years = models.PositiveSmallIntegerField(_("every how many years"), null=True, blank=True)
    participants = models.TextField(_("who takes part"), blank=True)
    main_rites = models.TextField(_("main rites"), blank=True)

    record_type_key = "festival"
    edit_handler = record_edit_handler(
        [
            FieldPanel("calendar"),
            FieldRowPanel([FieldPanel("month"), FieldPanel("day"), FieldPanel("leap_month")]),
            FieldPanel("timing_note"),
            FieldPanel("duration_days"),
            FieldRowPanel([FieldPanel("frequency"), FieldPanel("frequency_years")]),
            FieldPanel("participants"),
            FieldPanel("main_rites"),
        ]
    )

    class Meta:
        verbose_name = _("festival")
        verbose_name_plural = _("festivals")

    def clean(self):
        super().clean()
        errors = {}
        if self.day and not self.month:
            errors["month"] = _("Give the month when a day is given.")
        if self.calendar == self.Calendar.LUNAR and self.day and self.day > 30:
            errors["day"] = _("A lunar month has at most 30 days.")
        if self.leap_month and self.calendar != self.Calendar.LUNAR:
            errors["leap_month"] = _("Only lunar months can be leap months.")
        if self.frequency == self.Frequency.EVERY_N_YEARS and not self.frequency_years:
            errors["frequency_years"] = _("Say every how many years the festival is held.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def lunar_date(self):
        if self.calendar != self.Calendar.LUNAR or not self.month:
            return None
        return LunarDate(self.month, self.day, self.leap_month)

    @property
    def when_label(self):
        language = get_language()
        parts = []
        if self.lunar_date:
            parts.append(self.lunar_date.label_en() if language == "en" else self.lunar_date.label_vi())
        elif self.calendar == self.Calendar.SOLAR and self.month:
            parts.append(f"{self.day}/{self.month}" if self.day else f"{_('month')} {self.month}")
        if self.timing_note:
            parts.append(self.timing_note)
        return "; ".join(str(part) for part in parts)


class CustomPage(RecordPage):
    """A custom or practice (phong tục tập quán)."""

    class Category(models.TextChoices):
        LIFE_CYCLE = "life_cycle", _("Life cycle")
        AGRICULTURE = "agriculture", _("Farming and livelihood")
        BELIEF = "belief", _("Belief and worship")
        HOUSEHOLD = "household", _("Household and family")
        COMMUNITY_LAW = "community_law", _("Customary law")
        ARTS = "arts", _("Performing arts")
        FOOD = "food", _("Food and drink")

    class Vitality(models.TextChoices):
        LIVING = "living", _("Practised today")
        RARE = "rare", _("Rarely practised")
        REVIVED = "revived", _("Revived")
        LAPSED = "lapsed", _("No longer practised")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    vitality = models.CharField(_("vitality"), max_length=10, choices=Vitality.choices, default=Vitality.LIVING)
    occasion = models.CharField(_("when it is practised"), max_length=255, blank=True)

    record_type_key = "custom"
    edit_handler = record_edit_handler([FieldPanel("category"), FieldPanel("vitality"), FieldPanel("occasion")])

    class Meta:
        verbose_name = _("custom")
        verbose_name_plural = _("customs")


class ProductPage(RecordPage):
    """A traditional product or object (sản phẩm, vật phẩm tiêu biểu), OCOP-rated or not."""

    class Kind(models.TextChoices):
        TEXTILE = "textile", _("Textile and clothing")
        CRAFT = "craft", _("Handicraft")
        INSTRUMENT = "instrument", _("Musical instrument")
        FOOD = "food", _("Food and drink")
        MEDICINAL = "medicinal", _("Medicinal plant")
        AGRICULTURAL = "agricultural", _("Agricultural product")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    materials = models.TextField(_("materials"), blank=True)
    technique = models.TextField(_("technique"), blank=True)
    makers = models.CharField(_("makers or cooperative"), max_length=255, blank=True)
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text=_("Only for products rated under the One Commune One Product programme (3 to 5)."),
    )

    record_type_key = "product"
    edit_handler = record_edit_handler(
        [
            FieldPanel("kind"),
            FieldPanel("materials"),
            FieldPanel("technique"),
            FieldPanel("makers"),
            FieldPanel("ocop_stars"),
        ]
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")


class CollectionIndexPage(IntroducedPage):
    parent_page_types = ["heritage.HomePage"]
    subpage_types = ["heritage.CollectionPage"]

    class Meta:
        verbose_name = _("collection index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["collections"] = CollectionPage.objects.child_of(self).live().select_related("cover_image")
        return context


class CollectionPage(BilingualPageMixin, Page):
    """A curated set of records with its own introduction, e.g. 'Gongs of the Central Highlands'."""

    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("English summary"), blank=True)
    # No embeds: the admin would fetch them from other hosts (oEmbed) while a curator types.
    introduction = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    cover_image = models.ForeignKey(
        "heritage_media.HeritageImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        FieldPanel("cover_image"),
        FieldPanel("introduction"),
        InlinePanel("items", label=_("Records")),
    ]
    parent_page_types = ["heritage.CollectionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def visible_items(self, user):
        """The collection's records that `user` may see, in the curator's order."""
        records = RecordPage.objects.visible_to(user).with_card_data()
        return records.in_order([item.record_id for item in self.items.all()])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["records"] = self.visible_items(request.user)
        return context


class CollectionItem(Orderable):
    collection = ParentalKey(CollectionPage, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(
        RecordPage, verbose_name=_("record"), on_delete=models.CASCADE, related_name="collection_items"
    )
    note = models.CharField(_("curator's note"), max_length=300, blank=True)

    panels = [FieldPanel("record"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("collection item")
