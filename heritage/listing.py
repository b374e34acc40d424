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

from .access import cached_for_audience
from .models.vocab import EthnicGroup, Province, Subject

PAGE_SIZE = 12


def count_by(records, relation):
    """{pk: number of `records`} for each row `relation` points at, in one grouped query.

    `records` must hold each record once (the listing narrows with subqueries, never with
    joins), so no DISTINCT is needed."""
    return dict(
        records.order_by().filter(**{f"{relation}__isnull": False}).values_list(relation).annotate(n=Count("pk"))
    )


def counted(model, records, relation, counts=None):
    """Rows of `model` that `records` point at through `relation`, each with its
    `record_count`, most used first; `counts` when already known (see `count_by`)."""
    counts = count_by(records, relation) if counts is None else counts
    rows = list(model.objects.filter(pk__in=counts))
    for row in rows:
        row.record_count = counts[row.pk]
    return sorted(rows, key=lambda row: (-row.record_count, row.name))


def type_counts(records, counts=None):
    """[{key, label, count}] for every record type, in display order."""
    counts = count_by(records, "content_type") if counts is None else counts
    return [
        {
            "key": key,
            "label": model._meta.verbose_name_plural,
            "count": counts.get(ContentType.objects.get_for_model(model).pk, 0),
        }
        for key, model in records.model.record_types().items()
    ]


def collection_counts(user, visible):
    """{relation: {pk: count}} over everything `user` may see (`visible`): the home
    page's and the ethnic-group index's figures, one grouped query each, remembered per
    audience until the next access change."""
    return {
        relation: cached_for_audience(user, "collection-counts", relation, lambda r=relation: count_by(visible, r))
        for relation in ("ethnic_groups", "province", "content_type")
    }


class CountedPaginator(Paginator):
    """A paginator told its count (cached by the listing) instead of counting again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


class RecordListing:
    """Reads filters from the query string and returns a page of the given records.

    Filters: ``type`` (festival / custom / product), ``group`` (ethnic group slug),
    ``province`` (official code), ``subject`` (slug), ``page``. Unknown values never
    raise: they are reported back to the visitor and yield no records.

    Cost follows the filtered set, not the collection: filters through many-to-many
    relations are subqueries (no join, no DISTINCT, so the newest-first order can walk
    the index on the access level and `listed_at`); the total and each facet are one grouped query,
    and are remembered per audience until the next access change (`heritage.access`).
    Each facet counts the records matching every *other* active filter, so a visitor sees
    what choosing another value would give.
    """

    FILTERS = ("type", "group", "province", "subject")
    # facet name → (vocabulary model, relation on the record)
    FACETS = {
        "group": (EthnicGroup, "ethnic_groups"),
        "province": (Province, "province"),
        "subject": (Subject, "subjects"),
    }

    def __init__(self, request, records, fixed_filters=None):
        self.request = request
        self.records = records
        self.fixed_filters = fixed_filters or {}
        # NUL characters dropped: PostgreSQL refuses them in a query, and no filter holds one.
        self.params = {name: request.GET.get(name, "").replace("\x00", "").strip()[:100] for name in self.FILTERS}
        self.params.update(self.fixed_filters)
        self.problems = []
        self._matches = {}

    def _narrowed(self, skip=None):
        """The records matching every active filter but `skip`, or None when a filter
        names nothing (its problem is then recorded)."""
        records = self.records
        record_type = self.params["type"]
        if record_type and skip != "type":
            model = records.model.record_types().get(record_type)
            if model is None:
                self.problems.append(_("Unknown record type: %(value)s") % {"value": record_type})
                return None
            records = records.filter(content_type=ContentType.objects.get_for_model(model))
        lookups = (
            ("group", EthnicGroup, "slug", "ethnic_groups"),
            ("province", Province, "code", "province"),
            ("subject", Subject, "slug", "subjects"),
        )
        for param, model, key, relation in lookups:
            value = self.params[param]
            if not value or param == skip:
                continue
            if (param, value) not in self._matches:  # looked up once, not once per facet
                self._matches[param, value] = model.objects.filter(**{key: value}).first()
            match = self._matches[param, value]
            if match is None:
                self.problems.append(_("Nothing is filed under “%(value)s”.") % {"value": value})
                return None
            field = records.model._meta.get_field(relation)
            if field.many_to_many:
                through = field.remote_field.through
                owner = field.m2m_field_name() + "_id"
                target = field.m2m_reverse_field_name()
                records = records.filter(pk__in=through.objects.filter(**{target: match}).values(owner))
            else:
                records = records.filter(**{relation: match})
        return records

    def filtered_records(self):
        records = self._narrowed()
        return self.records.none() if records is None else records

    def _cached(self, name, compute, skip=None):
        params = {key: value for key, value in self.params.items() if value and key != skip}
        return cached_for_audience(self.request.user, f"listing-{name}", params, compute)

    def _facet_counts(self, facet, relation):
        narrowed = self._narrowed(skip=facet)
        if narrowed is None:
            return {}
        return self._cached(facet, lambda: count_by(narrowed, relation), skip=facet)

    def context(self):
        filtered = self.filtered_records()
        total = self._cached("total", filtered.count)
        records = filtered.with_card_data().order_by("-listed_at", "-pk")
        paginator = CountedPaginator(records, PAGE_SIZE, total)
        page = paginator.get_page(self.request.GET.get("page"))
        active = {name: value for name, value in self.params.items() if value and name not in self.fixed_filters}
        query_without_page = self.request.GET.copy()
        query_without_page.pop("page", None)
        facets = {
            f"facet_{facet}s": counted(model, self.records, relation, self._facet_counts(facet, relation))
            for facet, (model, relation) in self.FACETS.items()
        }
        facets["facet_types"] = type_counts(self.records, self._facet_counts("type", "content_type"))
        problems = list(dict.fromkeys(self.problems))  # each facet's narrowing may repeat one
        return {
            "records": page,
            "paginator": paginator,
            "active_filters": active,
            "filter_problems": problems,
            "query_without_page": query_without_page.urlencode(),
            **facets,
        }
