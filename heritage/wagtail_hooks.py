from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
