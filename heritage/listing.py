"""Listing and filtering of records, shared by the library page, the ethnic-group
pages and the home page, so every listing applies the same access rule and filters."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _

PAGE_SIZE = 12


def record_types():
    """Record type key → page model, in display order."""
    from .models import CustomPage, FestivalPage, ProductPage

    return {model.record_type_key: model for model in (FestivalPage, CustomPage, ProductPage)}


class RecordListing:
    """Reads filters from the query string and returns a page of visible records.

    Filters: ``type`` (festival / custom / product), ``group`` (ethnic group slug),
    ``province`` (official code), ``subject`` (slug), ``page``. Unknown values never
    raise: they are reported back to the visitor and yield no records.
    """

    FILTERS = ("type", "group", "province", "subject")

    def __init__(self, request, fixed_filters=None):
        self.request = request
        self.user = request.user
        self.fixed_filters = fixed_filters or {}
        self.params = {name: request.GET.get(name, "").strip()[:100] for name in self.FILTERS}
        self.params.update(self.fixed_filters)
        self.problems = []

    @staticmethod
    def with_card_data(records):
        """What a record card shows, fetched up front: no query per card."""
        return records.select_related("main_image", "province", "content_type").prefetch_related(
            "main_image__renditions"
        )

    @staticmethod
    def visible_records(user):
        from .access import visible_to
        from .models import RecordPage

        return visible_to(RecordPage.objects.live(), user)

    def filtered_records(self):
        from .models import EthnicGroup, Province, Subject

        records = self.visible_records(self.user)
        record_type = self.params["type"]
        if record_type:
            model = record_types().get(record_type)
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
        records = self.with_card_data(self.filtered_records())
        records = records.order_by("-first_published_at", "-pk")
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
            "facet_types": self.type_counts(self.user),
            "facet_groups": self.groups_with_counts(self.user),
            "facet_provinces": self.provinces_with_counts(self.user),
            "facet_subjects": self.subjects_with_counts(self.user),
        }

    @classmethod
    def _counted(cls, model, user, relation):
        from .access import levels_visible_to

        visible = Q(
            **{
                f"{relation}__live": True,
                f"{relation}__access_level__in": levels_visible_to(user),
            }
        )
        return (
            model.objects.annotate(record_count=Count(relation, filter=visible, distinct=True))
            .filter(record_count__gt=0)
            .order_by("-record_count", "name")
        )

    @classmethod
    def groups_with_counts(cls, user):
        from .models import EthnicGroup

        return cls._counted(EthnicGroup, user, "records")

    @classmethod
    def provinces_with_counts(cls, user):
        from .models import Province

        return cls._counted(Province, user, "records")

    @classmethod
    def subjects_with_counts(cls, user):
        from .models import Subject

        return cls._counted(Subject, user, "records")

    @classmethod
    def type_counts(cls, user):
        records = cls.visible_records(user)
        counts = dict(records.order_by().values_list("content_type").annotate(n=Count("pk")))
        return [
            {
                "key": key,
                "label": model._meta.verbose_name_plural,
                "count": counts.get(ContentType.objects.get_for_model(model).pk, 0),
            }
            for key, model in record_types().items()
        ]
