"""Listing and filtering of records, shared by the library page, the ethnic-group
pages and the home page.

A listing is handed the records its caller may see (`RecordPage.objects.visible_to`),
so it never applies the access rule itself; it only narrows and counts. It imports no
page model, which keeps the page models free to use it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.translation import gettext as _

from .models.vocab import EthnicGroup, Province, Subject

PAGE_SIZE = 12


def counted(model, records, relation):
    """Rows of `model` that `records` point at through `relation`, each with its
    `record_count`, most used first."""
    counts = dict(
        records.order_by()
        .filter(**{f"{relation}__isnull": False})
        .values_list(relation)
        .annotate(n=Count("pk", distinct=True))
    )
    rows = list(model.objects.filter(pk__in=counts))
    for row in rows:
        row.record_count = counts[row.pk]
    return sorted(rows, key=lambda row: (-row.record_count, row.name))


def type_counts(records):
    """[{key, label, count}] for every record type, in display order."""
    counts = dict(records.order_by().values_list("content_type").annotate(n=Count("pk")))
    return [
        {
            "key": key,
            "label": model._meta.verbose_name_plural,
            "count": counts.get(ContentType.objects.get_for_model(model).pk, 0),
        }
        for key, model in records.model.record_types().items()
    ]


class RecordListing:
    """Reads filters from the query string and returns a page of the given records.

    Filters: ``type`` (festival / custom / product), ``group`` (ethnic group slug),
    ``province`` (official code), ``subject`` (slug), ``page``. Unknown values never
    raise: they are reported back to the visitor and yield no records.
    """

    FILTERS = ("type", "group", "province", "subject")

    def __init__(self, request, records, fixed_filters=None):
        self.request = request
        self.records = records
        self.fixed_filters = fixed_filters or {}
        # NUL characters dropped: PostgreSQL refuses them in a query, and no filter holds one.
        self.params = {name: request.GET.get(name, "").replace("\x00", "").strip()[:100] for name in self.FILTERS}
        self.params.update(self.fixed_filters)
        self.problems = []

    def filtered_records(self):
        records = self.records
        record_type = self.params["type"]
        if record_type:
            model = records.model.record_types().get(record_type)
            if model is None:
                self.problems.append(_("Unknown record type: %(value)s") % {"value": record_type})
                return records.none()
            records = records.filter(content_type=ContentType.objects.get_for_model(model))
        lookups = (
            ("group", EthnicGroup, "slug", "ethnic_groups"),
            ("province", Province, "code", "province"),
            ("subject", Subject, "slug", "subjects"),
        )
        for param, model, key, relation in lookups:
            value = self.params[param]
            if not value:
                continue
            match = model.objects.filter(**{key: value}).first()
            if match is None:
                self.problems.append(_("Nothing is filed under “%(value)s”.") % {"value": value})
                return records.none()
            records = records.filter(**{relation: match})
        return records.distinct()

    def context(self):
        records = self.filtered_records().with_card_data().order_by("-first_published_at", "-pk")
        paginator = Paginator(records, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        active = {name: value for name, value in self.params.items() if value and name not in self.fixed_filters}
        query_without_page = self.request.GET.copy()
        query_without_page.pop("page", None)
        return {
            "records": page,
            "paginator": paginator,
            "active_filters": active,
            "filter_problems": self.problems,
            "query_without_page": query_without_page.urlencode(),
            "facet_types": type_counts(self.records),
            "facet_groups": counted(EthnicGroup, self.records, "ethnic_groups"),
            "facet_provinces": counted(Province, self.records, "province"),
            "facet_subjects": counted(Subject, self.records, "subjects"),
        }
