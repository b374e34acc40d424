"""What feeds the audit log: Wagtail's own log of page actions (for records), the
record's access fields compared before and after each save, and Django's sign-in
signals. Imports write their events where they run (`record_event`)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.models import PageLogEntry

from .models import AuditAction
from .recording import record_event

WAGTAIL_ACTIONS = {
    "wagtail.create": AuditAction.RECORD_CREATED,
    "wagtail.edit": AuditAction.RECORD_EDITED,
    "wagtail.workflow.start": AuditAction.RECORD_SUBMITTED,
    "wagtail.publish": AuditAction.RECORD_PUBLISHED,
    "wagtail.unpublish": AuditAction.RECORD_UNPUBLISHED,
    "wagtail.delete": AuditAction.RECORD_DELETED,
}
ACCESS_FIELDS = {"access_level": AuditAction.ACCESS_CHANGED, "location_access": AuditAction.LOCATION_ACCESS_CHANGED}


def _is_record_class(model):
    from heritage.models import RecordPage

    return model is not None and issubclass(model, RecordPage)


@receiver(post_save, sender=PageLogEntry)
def copy_record_log_entry(sender, instance, created, raw=False, **kwargs):
    action = WAGTAIL_ACTIONS.get(instance.action)
    if not created or raw or action is None or not _is_record_class(instance.content_type.model_class()):
        return
    record_event(
        action,
        user=instance.user,
        object_type="heritage.recordpage",
        object_id=instance.page_id,
        object_title=instance.label,
        detail={"revision": instance.revision_id} if instance.revision_id else {},
    )


@receiver(pre_save)
def remember_access_before_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_record_class(sender) or instance.pk is None:
        return
    instance._audit_access_before = sender._base_manager.filter(pk=instance.pk).values(*ACCESS_FIELDS).first() or {}


@receiver(post_save)
def log_access_change(sender, instance, created, raw=False, update_fields=None, **kwargs):
    before = getattr(instance, "_audit_access_before", None)
    if raw or created or not before:
        return
    instance._audit_access_before = None
    for field, action in ACCESS_FIELDS.items():
        if update_fields is not None and field not in update_fields:
            continue  # a draft revision saved: the stored value did not change
        old, new = before.get(field), getattr(instance, field, None)
        if old != new:
            record_event(action, subject=instance, object_type="heritage.recordpage", detail={"from": old, "to": new})


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    record_event(AuditAction.SIGNED_IN, subject=user, user=user, request=request)


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(AuditAction.SIGNED_OUT, subject=user, user=user, request=request)


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record_event(
        AuditAction.SIGN_IN_FAILED,
        request=request,
        actor_name=username,
        object_type="auth.user",
        detail={"username": username},
    )
