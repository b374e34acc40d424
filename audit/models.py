from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    RECORD_CREATED = "record.created", _("Record created")
    RECORD_EDITED = "record.edited", _("Record edited (draft saved)")
    RECORD_SUBMITTED = "record.submitted", _("Record submitted for review")
    RECORD_PUBLISHED = "record.published", _("Record published")
    RECORD_UNPUBLISHED = "record.unpublished", _("Record unpublished")
    RECORD_DELETED = "record.deleted", _("Record deleted")
    ACCESS_CHANGED = "record.access_changed", _("Access level changed")
    LOCATION_ACCESS_CHANGED = "record.location_access_changed", _("Exact place access changed")
    IMPORTED = "import", _("Import")
    SIGNED_IN = "auth.signed_in", _("Signed in")
    SIGN_IN_FAILED = "auth.sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "auth.signed_out", _("Signed out")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did. Written once and never changed: `save` refuses an update,
    `delete` refuses, and the admin offers neither. The person's name is kept beside the
    link to their account, so the event still says who it was after the account is gone."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("who (as recorded)"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_title = models.CharField(_("object"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_history")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '—'} {self.get_action_display()} {self.object_title}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def detail_text(self):
        return "; ".join(f"{key}: {value}" for key, value in sorted(self.detail.items()))
