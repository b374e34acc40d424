"""Synthetic records for benchmarks: well-formed, clearly labelled, created in bulk.

Wagtail's ``add_child`` plus a published revision manages about ten pages a second;
benchmarks need 100 000. This module writes the page tree rows directly: it reserves
a run of materialised paths under the record library, bulk-inserts the base ``Page``
rows, then the ``RecordPage`` and type-specific rows that share their primary keys,
then the many-to-many rows. Pages are live without revisions; editing one in the
admin creates its first revision as usual. Search indexing is left to the search
app's reindex command.
"""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from .access import AccessLevel
from .models import (
    CustomPage,
    EthnicGroup,
    FestivalPage,
    Licence,
    ProductPage,
    Province,
    RecordIndexPage,
    RecordPage,
    Subject,
)

# Province code → (centre latitude, centre longitude) of a town in an upland area.
SAMPLE_PLACES = {
    "02": (22.82, 104.98),
    "04": (22.67, 106.26),
    "10": (22.48, 103.97),
    "11": (21.39, 103.02),
    "14": (21.33, 103.91),
    "20": (21.85, 106.76),
    "49": (15.80, 107.70),
    "51": (15.00, 108.50),
    "56": (12.15, 108.90),
    "62": (14.35, 108.00),
    "64": (13.98, 108.00),
    "66": (12.67, 108.04),
    "68": (11.94, 108.44),
    "94": (9.60, 105.97),
}
TYPE_LABELS = {"festival": "Lễ hội", "custom": "Phong tục", "product": "Sản phẩm"}
SYNTHETIC_PROVENANCE = "Bản ghi tổng hợp, sinh tự động để đo hiệu năng; không phải tư liệu thật."


class SyntheticRecordFactory:
    def __init__(self, seed=None):
        self.rng = random.Random(seed)
        self.groups = list(EthnicGroup.objects.filter(is_minority=True).values_list("pk", "name"))
        self.subjects = list(Subject.objects.values_list("pk", flat=True))
        self.licences = list(Licence.objects.filter(allows_reuse=True).values_list("pk", flat=True))
        self.provinces = dict(Province.objects.filter(code__in=SAMPLE_PLACES).values_list("code", "pk"))
        self.content_types = {
            model.record_type_key: ContentType.objects.get_for_model(model)
            for model in (FestivalPage, CustomPage, ProductPage)
        }

    def access_level(self):
        roll = self.rng.random()
        if roll < 0.85:
            return AccessLevel.PUBLIC
        return AccessLevel.COMMUNITY if roll < 0.95 else AccessLevel.STAFF

    def record_fields(self, number, record_type):
        rng = self.rng
        group_pk, group_name = rng.choice(self.groups)
        code = rng.choice(list(self.provinces))
        latitude, longitude = SAMPLE_PLACES[code]
        title = f"{TYPE_LABELS[record_type]} của người {group_name} (bản ghi tổng hợp {number})"
        summary = (
            f"Bản ghi tổng hợp số {number} về {TYPE_LABELS[record_type].lower()} của người {group_name}, "
            "dùng để kiểm thử tải và tìm kiếm."
        )
        fields = {
            "title": title,
            "summary": summary,
            "body": [{"type": "paragraph", "value": f"<p>{summary}</p>", "id": str(uuid.uuid4())}],
            "place_name": f"Điểm khảo sát {number}",
            "province_id": self.provinces[code],
            "latitude": round(latitude + rng.uniform(-0.15, 0.15), 5),
            "longitude": round(longitude + rng.uniform(-0.15, 0.15), 5),
            "period_start_year": rng.choice([None, 1900, 1945, 1975, 2000]),
            "provenance": SYNTHETIC_PROVENANCE,
            "licence_id": rng.choice(self.licences),
            "access_level": self.access_level(),
        }
        extra = {}
        if record_type == "festival":
            extra = {"calendar": "lunar", "month": rng.randint(1, 12), "day": rng.randint(1, 30), "frequency": "annual"}
        elif record_type == "custom":
            extra = {
                "category": rng.choice(CustomPage.Category.values),
                "vitality": rng.choice(CustomPage.Vitality.values),
            }
        else:
            extra = {"kind": rng.choice(ProductPage.Kind.values), "ocop_stars": rng.choice([None, None, 3, 4, 5])}
        return fields, extra, group_pk


def _insert_rows(model, rows, batch_size):
    """Insert rows of one table of a multi-table page model, without touching its parents."""
    fields = [field for field in model._meta.local_concrete_fields]
    for start in range(0, len(rows), batch_size):
        model._base_manager._insert(rows[start : start + batch_size], fields=fields, using=connection.alias)


def generate_records(count, batch_size=500, seed=None, progress=None):
    """Create `count` live synthetic records under the record library; return how many."""
    index = RecordIndexPage.objects.live().first()
    if index is None:
        raise RuntimeError("There is no record library page yet: run `manage.py load_demo` first.")
    factory = SyntheticRecordFactory(seed)
    models = {"festival": FestivalPage, "custom": CustomPage, "product": ProductPage}
    depth = index.depth + 1
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            index = Page.objects.select_for_update().get(pk=index.pk)
            last_child = index.get_last_child()
            next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
            now = timezone.now()
            pages, details = [], []
            for offset in range(size):
                record_type = factory.rng.choice(list(models))
                fields, extra, group_pk = factory.record_fields(created + offset + 1, record_type)
                slug = f"tong-hop-{uuid.uuid4().hex[:12]}"
                pages.append(
                    Page(
                        title=fields["title"],
                        draft_title=fields["title"],
                        slug=slug,
                        content_type=factory.content_types[record_type],
                        path=Page._get_path(index.path, depth, next_step + offset),
                        depth=depth,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=index.locale_id,
                        translation_key=uuid.uuid4(),
                    )
                )
                details.append((record_type, fields, extra, group_pk))
            Page.objects.bulk_create(pages)
            record_rows, typed_rows, group_links, subject_links = [], {key: [] for key in models}, [], []
            for page, (record_type, fields, extra, group_pk) in zip(pages, details, strict=True):
                model = models[record_type]
                record = RecordPage(page_ptr_id=page.pk, listed_at=page.first_published_at, **fields)
                record.set_public_location()
                record_rows.append(record)
                typed_rows[record_type].append(model(recordpage_ptr_id=page.pk, **extra))
                group_links.append(RecordPage.ethnic_groups.through(recordpage_id=page.pk, ethnicgroup_id=group_pk))
                for subject_pk in factory.rng.sample(factory.subjects, k=factory.rng.randint(1, 3)):
                    subject_links.append(RecordPage.subjects.through(recordpage_id=page.pk, subject_id=subject_pk))
            _insert_rows(RecordPage, record_rows, batch_size)
            for record_type, rows in typed_rows.items():
                _insert_rows(models[record_type], rows, batch_size)
            RecordPage.ethnic_groups.through.objects.bulk_create(group_links, batch_size=batch_size)
            RecordPage.subjects.through.objects.bulk_create(subject_links, batch_size=batch_size)
            Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + size)
        created += size
        if progress:
            progress(size)
    return created
