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


def _next_address(request, default):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def two_factor_verify(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect, render
    from django_otp import login as otp_login
    from django_otp import match_token

    from . import two_factor

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
    if not two_factor.has_two_factor(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next_address(request, '')}")
    default = reverse("wagtailadmin_home") if may_use_admin(request.user) else "/"
    error = ""
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())[:16]
        device = match_token(request.user, code) if code else None
        if device is not None:
            otp_login(request, device)
            if device.name == two_factor.RECOVERY_DEVICE:
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(count)d are left. "
                        "Set up the app again if the phone is lost."
                    )
                    % {"count": two_factor.remaining_recovery_codes(request.user)},
                )
            return redirect(_next_address(request, default))
        error = _("That code is not right, or has been used. Codes change every 30 seconds; try the newest one.")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"error": error, "next": _next_address(request, "")},
        status=400 if error else 200,
    )


def two_factor_setup(request):
    """Turn on two-factor sign-in: scan the QR code (or type the secret) into an
    authenticator app, give one code, and keep the recovery codes shown once."""
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect, render
    from django_otp import login as otp_login

    from . import two_factor

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:sign_in"))
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={_next_address(request, '')}")
    default = reverse("wagtailadmin_home") if may_use_admin(request.user) else "/"
    device = two_factor.pending_app_device(request.user)
    error = ""
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())[:16]
        if code and device.verify_token(code):
            codes = two_factor.confirm_app_device(device)
            otp_login(request, device)
            return render(
                request,
                "accounts/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_address(request, default)},
            )
        error = _("That code is not right. Check the phone's clock and try the newest code.")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.grouped_secret(device),
            "error": error,
            "required": two_factor.required_for(request.user),
            "next": _next_address(request, ""),
        },
        status=400 if error else 200,
    )


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
