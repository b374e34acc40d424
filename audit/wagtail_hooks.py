"""The audit log in the admin: administrators browse, filter and export it; nobody
can add, change or delete an event."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEvent

READERS_GROUP = "Administrator"


class ReadOnlyForAdministrators(ModelPermissionPolicy):
    """Only `view`, and only for superusers and the Administrator group."""

    def _may_read(self, user):
        return user.is_active and (user.is_superuser or user.groups.filter(name=READERS_GROUP).exists())

    def user_has_permission(self, user, action):
        return action == "view" and self._may_read(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self._may_read(user)

    def users_with_any_permission(self, actions, **kwargs):
        from django.contrib.auth import get_user_model
        from django.db.models import Q

        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=READERS_GROUP)).distinct()


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_admin_menu = False
    url_prefix = "audit-log"
    inspect_view_enabled = True
    list_display = ["at", "action", "actor_name", "object_title", "object_type", "address"]
    list_filter = {
        "action": ["exact"],
        "at": ["date__gte", "date__lte"],
        "actor_name": ["icontains"],
        "object_type": ["exact"],
    }
    search_fields = ["actor_name", "object_title", "object_id"]
    list_export = ["at", "action", "actor_name", "address", "object_type", "object_id", "object_title", "detail_text"]
    export_headings = {"detail_text": _("detail")}
    export_filename = "audit-log"
    list_per_page = 50
    # Never shown: the permission policy allows no one to add or edit an event.
    form_fields = ["action"]
    ordering = ["-at", "-id"]


register_permission_policy(AuditEvent, ReadOnlyForAdministrators(AuditEvent))
audit_viewset = AuditEventViewSet("audit_log")


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return audit_viewset


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return audit_viewset.get_menu_item()
