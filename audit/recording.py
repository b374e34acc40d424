"""Writing audit events, with the address of the request that caused them.

`AuditAddressMiddleware` remembers the current request's client address in a context
variable, so events written deep inside Wagtail's signals still get it. Behind a proxy
the client is the last address the trusted proxy added to X-Forwarded-For
(HERITAGE_TRUSTED_PROXIES lists the proxies' own addresses).
"""

import getpass
from contextvars import ContextVar

from django.conf import settings

current_request = ContextVar("audit_current_request", default=None)


def client_address(request):
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    trusted = getattr(settings, "HERITAGE_TRUSTED_PROXIES", ())
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if address in trusted and forwarded:
        address = forwarded.split(",")[-1].strip() or address
    return address


class AuditAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def _actor(user, request):
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user, user.get_username()
    if request is None:
        # A management command: the operating-system account that ran it.
        try:
            return None, f"{getpass.getuser()} (command line)"
        except (KeyError, OSError):
            return None, "(command line)"
    return None, ""


def record_event(
    action,
    *,
    subject=None,
    user=None,
    request=None,
    detail=None,
    actor_name=None,
    object_type=None,
    object_id="",
    object_title="",
):
    """Write one event; `subject` is the object acted on (a record, an account...), or
    name it with `object_type`, `object_id` and `object_title`."""
    from .models import AuditEvent

    request = request if request is not None else current_request.get()
    actor, name = _actor(user, request)
    if subject is not None:
        object_type = object_type or subject._meta.label_lower
        object_id = subject.pk or ""
        object_title = str(subject)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=(actor_name if actor_name is not None else name)[:150],
        address=client_address(request),
        object_type=object_type or "",
        object_id=str(object_id),
        object_title=str(object_title)[:255],
        detail=detail or {},
    )
