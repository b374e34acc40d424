"""Documents follow the records that use them, like images and recordings.

Wagtail serves `/documents/<id>/<filename>` to anyone who knows the address. This hook
runs before Wagtail sends a document: a caller who may not see any live page using it
gets a 404 (not a 403: a restricted file must not reveal that it exists). The view in
`media.urls.serve_document` asks the same question first and sets the cache headers; the hook
keeps Wagtail's own route safe too.
"""

from django.http import Http404
from wagtail import hooks

from heritage.access import access_decision


@hooks.register("before_serve_document")
def serve_only_documents_the_caller_may_see(document, request):
    if access_decision(request.user, document) == "no":
        raise Http404
