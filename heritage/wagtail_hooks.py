from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .keyboard import keyboard_script_tag
from .models import EthnicGroup, Licence, Province, Subject


class EthnicGroupViewSet(SnippetViewSet):
    model = EthnicGroup
    icon = "group"
    list_display = ["name", "name_en", "language_family", "population_2019"]
    list_filter = ["language_family", "is_minority"]
    search_fields = ["name", "name_en"]
    ordering = ["name"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["name", "code", "name_en"]
    search_fields = ["name", "code"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    list_display = ["name", "code", "allows_reuse"]
    list_filter = ["allows_reuse"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (EthnicGroupViewSet, ProvinceViewSet, SubjectViewSet, LicenceViewSet)
    menu_icon = "list-ul"
    menu_label = _("Vocabularies")
    menu_name = "vocabularies"


register_snippet(VocabularyGroup)


class SubmitForReviewMenuItem(SubmitForModerationMenuItem):
    """ "Gửi duyệt", not "Submit to Duyệt và xuất bản".

    Wagtail names the action after the workflow ("Submit to <workflow name>"), and with
    our workflow's name that reads as if the button published the record. A contributor
    sends the record to the reviewers; the label says exactly that.
    """

    label = _("Submit for review")

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        workflow_state = context["page"].current_workflow_state if context.get("page") else None
        if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
            context["label"] = _("Resubmit for review")
        else:
            context["label"] = self.label
        return context


@hooks.register("construct_page_action_menu")
def name_the_submit_action_plainly(menu_items, request, context):
    for position, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            replacement = SubmitForReviewMenuItem(order=item.order)
            menu_items[position] = replacement


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def say_when_the_slug_was_made_unique(request, page):
    note = getattr(page, "_heritage_slug_replaced", None)
    if note and request.accepts("text/html"):
        messages.info(request, note)


# Admin fields where curators type ethnic-language words (names of rites, places, groups'
# own names): the on-screen keyboard is added to them, and to any editor field whose widget
# carries a `data-keyboard` attribute.
ETHNIC_LANGUAGE_ADMIN_FIELDS = ", ".join(
    [
        "#id_title",
        "#id_place_name",
        "#id_main_rites",
        "#id_participants",
        "#id_occasion",
        'form[action*="/ethnicgroup/"] #id_name',
        'input[name^="other_names-"][name$="-name"]',
    ]
)


@hooks.register("insert_editor_js")
def add_the_on_screen_keyboard():
    return keyboard_script_tag(fields=ETHNIC_LANGUAGE_ADMIN_FIELDS)
