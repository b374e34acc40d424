"""The pages about the library itself, each linked from the footer of every page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..forms import HeritagePageForm
from .pages import BilingualPageMixin

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class InfoPageForm(HeritagePageForm):
    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if kind and self.parent_page is not None:
            other = InfoPage.objects.child_of(self.parent_page).filter(kind=kind)
            if self.instance.pk:
                other = other.exclude(pk=self.instance.pk)
            other = other.first()
            if other is not None:
                self.add_error(
                    "kind",
                    ValidationError(
                        _("“%(title)s” is already the %(kind)s page; edit that one instead.")
                        % {"title": other.title, "kind": InfoPage.Kind(kind).label.lower()}
                    ),
                )
        return cleaned_data


class InfoPage(BilingualPageMixin, Page):
    """About the library, how to contact it, who publishes it, its terms of use and its
    privacy notice: ordinary pages that staff edit like any other, under the home page.
    The footer links to one page of each kind, in the order of `Kind`."""

    class Kind(models.TextChoices):
        ABOUT = "about", _("About the library")
        CONTACT = "contact", _("Contact")
        PUBLISHER = "publisher", _("Publisher")
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy")

    kind = models.CharField(
        _("footer link"),
        max_length=12,
        choices=Kind.choices,
        help_text=_("Which link in the footer of every page leads here (one page of each kind)."),
    )
    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    body = RichTextField(_("text"), features=TEXT_FEATURES)
    body_en = RichTextField(_("English text"), features=TEXT_FEATURES, blank=True)

    base_form_class = InfoPageForm
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("title_en"),
        FieldPanel("body"),
        FieldPanel("body_en"),
    ]
    parent_page_types = ["heritage.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page about the library")
        verbose_name_plural = _("pages about the library")

    @property
    def display_body(self):
        if get_language() == "en" and self.body_en:
            return self.body_en
        return self.body

    @property
    def shown_untranslated(self):
        """English was asked for, and the page has no English text yet."""
        return get_language() == "en" and not self.body_en

    @classmethod
    def footer_pages(cls):
        """The live page of each kind, in footer order."""
        by_kind = {}
        # Sorted here: ordered by path in SQL, the database walks every page of the tree
        # (by id it reads the few info pages first).
        for page in sorted(cls.objects.live().order_by("pk"), key=lambda page: page.path):
            by_kind.setdefault(page.kind, page)
        return [by_kind[kind] for kind in cls.Kind.values if kind in by_kind]
