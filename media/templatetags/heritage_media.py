from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from media.renditions import renditions_by_format

register = template.Library()

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp"}


@register.simple_tag
def responsive_image(image, sizes="100vw", lazy=True, css_class=""):
    """A <picture> with AVIF and WebP sources at several widths, sized to avoid layout shift.

    `lazy=False` for the first image on a page (it is above the fold and should load first).
    """
    if image is None:
        return ""
    by_format = renditions_by_format(image)
    *source_formats, fallback_format = list(by_format)
    fallback = by_format[fallback_format]
    middle = fallback[min(1, len(fallback) - 1)]
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((MIME_TYPES[fmt], _srcset(by_format[fmt]), sizes) for fmt in source_formats),
    )
    loading = mark_safe('loading="lazy" decoding="async"' if lazy else 'fetchpriority="high"')  # noqa: S308 - constants
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" {}></picture>',
        sources,
        middle.url,
        _srcset(fallback),
        sizes,
        middle.width,
        middle.height,
        image.description,
        css_class,
        loading,
    )


def _srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


@register.simple_tag
def deep_zoom_button(image):
    """The "Zoom" button of an image, opening the deep-zoom viewer on its IIIF info.json.

    Printed `hidden`: `deep_zoom.js` shows it, and only on a page that includes the viewer
    (`heritage_media/deep_zoom.html`), so a page without the viewer shows no dead button.
    The image is on the page only when the visitor may see it; the IIIF endpoints check
    access again for every request the viewer makes.
    """
    if image is None:
        return ""
    return format_html(
        '<button type="button" class="deep-zoom-open" data-deep-zoom="{}" data-deep-zoom-title="{}" hidden>'
        '<span aria-hidden="true">⤢</span> {}<span class="visually-hidden">: {}</span></button>',
        reverse("iiif_image_info", args=[image.pk]),
        image.title,
        _("Zoom"),
        image.title,
    )
