"""Signing in and out on the public site.

Community members sign in here to see the records kept for their community; staff may
sign in here too and go on to the admin. Whoever may not use the admin is never sent
there: a `next` address inside the admin is ignored for them (see also
`middleware.MembersStayOnTheSiteMiddleware`).
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import SignInForm


def may_use_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def is_admin_address(url):
    return url.startswith(reverse("wagtailadmin_home"))


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()  # empty unless it is an address on this site
        if url and is_admin_address(url) and not may_use_admin(self.request.user):
            return ""
        return url

    def get_default_redirect_url(self):
        if may_use_admin(self.request.user):
            return reverse("wagtailadmin_home")
        return "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        messages.success(
            self.request, _("You are signed in as %(name)s.") % {"name": user.get_full_name() or user.get_username()}
        )
        return response


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes answers once a name has failed too often from one address
    (settings.AXES_LOCKOUT_CALLABLE): a page in the visitor's language, 429 with the
    seconds to wait. The admin's sign-in form gets the same answer."""
    from django.conf import settings
    from django.shortcuts import render

    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "accounts/locked_out.html", {"minutes": max(1, seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def open_to_everyone(request, url):
    """Whether the page at `url` is one a visitor who is not signed in may see (only
    records have an access level; other pages and listings filter what they show)."""
    from wagtail.models import Page

    from heritage.access import can_view

    page = Page.find_for_request(request, urlsplit(url).path)
    access_level = getattr(page.specific if page else None, "access_level", None)
    return access_level is None or can_view(None, access_level)


class SignOutView(auth_views.LogoutView):
    """Signs out (POST only, as Django requires) and returns to the page the visitor was
    on, unless only signed-in people may see it: then to the home page."""

    def get_success_url(self):
        url = self.get_redirect_url()
        if not url or is_admin_address(url) or not open_to_everyone(self.request, url):
            return "/"
        return url

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response
