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
