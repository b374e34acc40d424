from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on
    most phones and shared computers is English even for Vietnamese readers; the
    e-library is Vietnamese first, so only an explicit choice (the language cookie)
    changes it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


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
