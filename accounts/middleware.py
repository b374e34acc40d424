from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .views import may_use_admin


class MembersStayOnTheSiteMiddleware:
    """A signed-in person who may not use the admin is sent back to the site.

    Wagtail answers such a person with "You do not have permission to access the admin"
    and its own sign-in form. A community member who followed an old bookmark, or signed
    in on the admin's form, lands on the home page instead, signed in, with a sentence
    saying where the community's records are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not may_use_admin(request.user):
            admin_home = reverse("wagtailadmin_home")
            if request.path_info.startswith(admin_home) and request.path_info != reverse("wagtailadmin_logout"):
                messages.info(
                    request,
                    _(
                        "You are signed in. The admin is for the library's staff; the records kept for your "
                        "community are open to you on the site."
                    ),
                )
                return redirect("/")
        return self.get_response(request)


class TwoFactorMiddleware:
    """Whoever must give a second factor (see `two_factor.must_verify`) and has only
    given a password sees nothing but the code page (or the set-up page the first time),
    the sign-out, static files and the health probes, until they give it."""

    OPEN_PREFIXES = ("/static/", "/healthz", "/readyz", "/i18n/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import two_factor

        if two_factor.must_verify(request.user) and not self._open(request.path_info):
            target = (
                "accounts:two_factor_verify" if two_factor.has_two_factor(request.user) else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _open(self, path):
        allowed = {
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:sign_out"),
            reverse("wagtailadmin_logout"),
        }
        return path in allowed or path.startswith(self.OPEN_PREFIXES)
