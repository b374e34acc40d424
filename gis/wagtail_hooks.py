from django import forms
from django.db import transaction
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput

from heritage.models import RecordPage

from .models import Area, AreaRecord


class AreaForm(WagtailAdminModelForm):
    """Adds records tied to the area by hand: those without coordinates, which the
    spatial join cannot place."""

    manual_records = forms.ModelMultipleChoiceField(
        label=_("Records tied by hand (records without coordinates)"),
        queryset=RecordPage.objects.filter(latitude__isnull=True).order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnic_groups"].widget = forms.CheckboxSelectMultiple(choices=self.fields["ethnic_groups"].choices)
        self.fields["valid_from"].widget = AdminDateInput()
        self.fields["valid_to"].widget = AdminDateInput()
        if self.instance.pk:
            self.initial["manual_records"] = RecordPage.objects.filter(
                area_links__area=self.instance, area_links__linked_by=AreaRecord.LinkedBy.MANUAL
            )

    @transaction.atomic
    def save(self, commit=True):
        area = super().save(commit=commit)
        if commit:
            AreaRecord.objects.filter(area=area, linked_by=AreaRecord.LinkedBy.MANUAL).delete()
            AreaRecord.objects.bulk_create(
                [
                    AreaRecord(area=area, record=record, linked_by=AreaRecord.LinkedBy.MANUAL)
                    for record in self.cleaned_data["manual_records"]
                ],
                ignore_conflicts=True,
            )
        return area


class AreaViewSet(ModelViewSet):
    """Curators name areas, set their validity and successors (the 2025 reform), the
    ethnic groups living there and the records tied by hand; boundaries come from
    `import_areas`, not the form."""

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
        return modelform_factory(Area, form=AreaForm, fields=self.form_fields)


@hooks.register("register_admin_viewset")
def register_area_viewset():
    return AreaViewSet("areas")
