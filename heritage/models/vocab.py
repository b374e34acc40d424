"""Shared vocabularies: ethnic groups, provinces, subjects, licences.

They are snippets (edited in the admin, listed with filters) and are loaded by data
migrations, never typed in by hand.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class BilingualNameMixin:
    """`display_name` follows the active language, falling back to Vietnamese."""

    @property
    def display_name(self):
        if get_language() == "en" and getattr(self, "name_en", ""):
            return self.name_en
        return self.name


class LanguageFamily(models.TextChoices):
    AUSTROASIATIC = "austroasiatic", _("Austroasiatic")
    TAI_KADAI = "tai_kadai", _("Tai–Kadai")
    HMONG_MIEN = "hmong_mien", _("Hmong–Mien")
    AUSTRONESIAN = "austronesian", _("Austronesian")
    SINO_TIBETAN = "sino_tibetan", _("Sino-Tibetan")


class Province(BilingualNameMixin, models.Model):
    """A province or centrally-run city, with its official (GSO) code.

    Codes are those in force until the July 2025 reform; the GIS layer carries the
    reform's successor units and validity dates.
    """

    code = models.CharField(_("official code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("code"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class EthnicGroup(BilingualNameMixin, index.Indexed, ClusterableModel):
    """One of Vietnam's 54 officially recognised ethnic groups (dân tộc)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_minority = models.BooleanField(_("ethnic minority"), default=True)
    language_family = models.CharField(_("language family"), max_length=20, choices=LanguageFamily.choices)
    language_branch = models.CharField(_("language branch"), max_length=100, blank=True)
    population_2019 = models.PositiveIntegerField(_("population (2019 census)"), null=True, blank=True)
    main_provinces = models.ManyToManyField(
        Province, verbose_name=_("main provinces"), blank=True, related_name="ethnic_groups"
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")], heading=_("Names")),
        InlinePanel("other_names", label=_("Alternative names and autonyms")),
        FieldPanel("is_minority"),
        FieldPanel("language_family"),
        FieldPanel("language_branch"),
        FieldPanel("population_2019"),
        FieldPanel("main_provinces"),
        FieldPanel("description"),
        FieldPanel("description_en"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("name_en"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("ethnic_group_detail", args=[self.slug])

    @property
    def alternative_names(self):
        return [other.name for other in self.other_names.all()]


class EthnicGroupName(Orderable):
    """Another name a group is known by: an autonym, a local group, an older exonym."""

    class Kind(models.TextChoices):
        AUTONYM = "autonym", _("Autonym (self-name)")
        ALTERNATIVE = "alternative", _("Alternative name or spelling")
        LOCAL_GROUP = "local_group", _("Local group")

    group = ParentalKey(EthnicGroup, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ALTERNATIVE)

    panels = [FieldPanel("name"), FieldPanel("kind")]

    class Meta(Orderable.Meta):
        verbose_name = _("other name")
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="unique_group_other_name")]

    def __str__(self):
        return self.name


class Subject(BilingualNameMixin, models.Model):
    """A controlled subject heading (chủ đề), e.g. gong music or brocade weaving."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    scope_note = models.TextField(_("scope note"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("scope_note")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name


class Licence(BilingualNameMixin, models.Model):
    """A rights statement or licence under which a record or image may be reused."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    url = models.URLField(_("URL"), blank=True)
    allows_reuse = models.BooleanField(_("allows reuse"), default=False)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("url"),
        FieldPanel("allows_reuse"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self):
        return self.name
