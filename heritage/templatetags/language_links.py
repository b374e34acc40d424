"""The page in each of the site's languages: hreflang alternates, the language switch
and the home link, so that a visitor reading in English stays in English."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in every language of the site, Vietnamese (the x-default) first: a list
    of {code, name, path, url}, `url` absolute. Empty outside the public site (the admin,
    an unknown address), where a page has no other-language twin.

    Django's `translate_url` resolves the path under the active language (the page's own)
    and reverses it under the other, so a Wagtail page, a search with its query string
    and a dictionary entry all map to their twin."""
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    alternates = [{"code": code, "name": name, "path": translate_url(here, code)} for code, name in settings.LANGUAGES]
    if len({alternate["path"] for alternate in alternates}) < len(alternates):
        return []
    for alternate in alternates:
        alternate["url"] = request.build_absolute_uri(alternate["path"])
    return alternates


@register.simple_tag
def home_url():
    """The home page in the active language: / or /en/."""
    return reverse("wagtail_serve", args=[""])
