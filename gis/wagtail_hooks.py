from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput

from .models import Area


class AreaViewSet(ModelViewSet):
    """Curators name areas, set their validity and successors (the 2025 reform) and the
    ethnic groups living there; boundaries come from `import_areas`, not the form."""

    model = Area
    icon = "site"
    menu_label = _("Areas")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "level", "code", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "level", "valid_from", "valid_to", "successors", "ethnic_groups"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        form_class.base_fields["ethnic_groups"].widget = forms.CheckboxSelectMultiple()
        form_class.base_fields["valid_from"].widget = AdminDateInput()
        form_class.base_fields["valid_to"].widget = AdminDateInput()
        return form_class


@hooks.register("register_admin_viewset")
def register_area_viewset():
    return AreaViewSet("areas")
