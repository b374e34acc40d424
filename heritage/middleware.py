from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """The public site speaks the language of its URL; the rest, the visitor's choice.

    A page's address says its language (`heritage/urls.py`, docs/english.md): English
    under /en/, Vietnamese unprefixed, whatever the browser or the language cookie says,
    so that a shared link opens in the language it was shared in. The admin and the
    machine endpoints outside the public site (the read API, feeds, files) have no
    language in their URL: they follow the visitor's explicit choice (the cookie the
    language switch sets), else Vietnamese. Django's LocaleMiddleware would follow the
    browser's Accept-Language there, which on most phones and shared computers is
    English even for Vietnamese readers.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if language is None:
            translation.activate(settings.LANGUAGE_CODE)  # how an unprefixed path resolves
        if language is None and not _is_public_site(request):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            supported = {code for code, _name in settings.LANGUAGES}
            language = chosen if chosen in supported else None
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


def _is_public_site(request):
    """Whether the path is one of the public site's (inside `i18n_patterns`); an
    unknown path counts as one: its "not found" page is in the URL's language."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return True
    return isinstance(match.tried[-1][0].pattern, LocalePrefixPattern)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the one relaxation Wagtail's admin needs.

    Wagtail's admin still prints inline scripts without a nonce (chooser widgets, date
    pickers, inline panels), so under the admin's prefix inline scripts are allowed and
    no nonce is sent (a browser ignores 'unsafe-inline' when a nonce is present). The
    public site keeps the strict policy: inline scripts only with the request's nonce.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.HERITAGE_CSP_ADMIN_PREFIX):
            parts.update = {**settings.HERITAGE_CSP_ADMIN_UPDATE, **(parts.update or {})}
            parts.nonce = None
        return parts
