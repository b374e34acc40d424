"""Pages of a list: `page` (1, 2, …) and `page_size` (1 to 100, 20 by default).

Bad values are a 400 with a sentence, never a silent first page (a harvesting script
would loop for ever); a page beyond the last is a 404. The total of a records list is
counted once per audience and filter set until the next access change
(`heritage.access.cached_for_audience`), as the library page counts its own.
"""

from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from heritage.access import cached_for_audience

from .errors import BadParameter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000


def whole_number(query, name, default, largest):
    text = (query.get(name) or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9) or not 1 <= int(text) <= largest:
        raise BadParameter(_("%(name)s is a whole number from 1 to %(largest)d.") % {"name": name, "largest": largest})
    return int(text)


class KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


class PageNumbers(BasePagination):
    """``{"count", "page", "page_size", "pages", "next", "previous", "results"}``."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = whole_number(request.query_params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        number = whole_number(request.query_params, "page", 1, MAX_PAGE)
        count_key = getattr(view, "count_key", None)
        if count_key is not None:
            count = cached_for_audience(request.user, "api-count", count_key(), queryset.count)
        elif isinstance(queryset, list):
            count = len(queryset)
        else:
            count = queryset.count()
        self.paginator = KnownCountPaginator(queryset, self.page_size, count)
        try:
            self.page = self.paginator.page(number)
        except EmptyPage:
            raise NotFound(
                _("There is no page %(page)d: the last is %(last)d.")
                % {"page": number, "last": self.paginator.num_pages}
            ) from None
        return list(self.page)

    def _link(self, number):
        query = self.request.query_params.copy()
        query["page"] = str(number)
        return self.request.build_absolute_uri(self.request.path + "?" + query.urlencode())

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.paginator.count,
                "page": self.page.number,
                "page_size": self.page_size,
                "pages": self.paginator.num_pages,
                "next": self._link(self.page.next_page_number()) if self.page.has_next() else None,
                "previous": self._link(self.page.previous_page_number()) if self.page.has_previous() else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "page_size", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "pages": {"type": "integer", "minimum": 1},
                "next": {"type": "string", "format": "uri", "nullable": True},
                "previous": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "Page number, from 1. A page beyond the last answers 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
