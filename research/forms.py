"""What a researcher sends: names, a search's query string, a record to keep.

Text is NFC-normalised and stripped; a query string is checked by the search's own
parser (`search.params.parse`), so a saved search always runs again.
"""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from heritage.text import nfc
from search.params import BadSearchParameter, parse

from .models import MAX_QUERY_LENGTH, NAME_LENGTH


class NameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=NAME_LENGTH, strip=True, **kwargs)

    def to_python(self, value):
        return nfc(super().to_python(value).replace("\x00", "")).strip()


class SaveSearchForm(forms.Form):
    name = NameField(label=_("Name"), required=False)
    query = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)

    def clean_query(self):
        """The query string without its page number (a saved search starts at page 1),
        refused when the search itself would refuse it."""
        query = QueryDict(self.cleaned_data["query"].lstrip("?").replace("\x00", ""), mutable=True)
        query.pop("page", None)
        try:
            params = parse(query)
        except BadSearchParameter as error:
            raise forms.ValidationError(str(error)) from None
        self.params = params
        return query.urlencode()

    def clean(self):
        cleaned = super().clean()
        if "query" in cleaned and not cleaned.get("name"):
            cleaned["name"] = (getattr(self, "params", None) and self.params.text) or str(_("Search"))
        return cleaned


class ListNameForm(forms.Form):
    name = NameField(label=_("Name of the list"))


class AddToListForm(forms.Form):
    """A record to keep, on one of the researcher's lists or on a new one."""

    record = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    record_list = forms.CharField(max_length=20, required=False)
    new_list_name = NameField(required=False)

    def clean_record_list(self):
        value = self.cleaned_data["record_list"]
        if value in ("", "new"):
            return None
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(_("Choose one of your lists."))
        return int(value)


class RecordChoiceForm(forms.Form):
    record = forms.IntegerField(min_value=1, max_value=2**63 - 1)
