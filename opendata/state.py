"""When the open data last changed, and how large each file is.

`fingerprint()` digests everything the files are made from, cheaply (about a dozen
small queries): the access version (bumped by every publish, unpublish, move, deletion
and access change), the size of the record table (bulk loads send no signals), the
vocabularies the files name (ethnic groups and their other names, provinces, subjects,
licences), the areas and their links, the site's public address and the version of the
file formats. Two requests with the same fingerprint get the same bytes, so it is the
files' ETag; `current_version()` keeps the moment a fingerprint was first seen, which is
their Last-Modified and the catalogue's `dct:modified`: never earlier than the change
itself, and always later than the previous version's, so a harvester revalidating with
If-Modified-Since is never told "not modified" after a record left the public.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from . import formats
from .datasets import datasets
from .models import CatalogueVersion

# Bump when a file's layout changes (a column added, a format detail), so that every
# ETag changes with it.
FORMAT_VERSION = 1
# Rows written to estimate a file's size before anyone has downloaded it whole.
SAMPLE_ROWS = 100


def fingerprint():
    from dictionary.models import Language
    from gis.models import Area, AreaRecord
    from heritage.access import access_version
    from heritage.models import EthnicGroup, EthnicGroupName, Licence, Province, RecordPage, Subject

    from .datasets import public_entries

    def rows(queryset, *fields):
        return list(queryset.order_by("pk").values_list(*fields))

    group_fields = [field.attname for field in EthnicGroup._meta.concrete_fields]
    parts = [
        FORMAT_VERSION,
        settings.WAGTAILADMIN_BASE_URL,
        access_version(),
        # Bulk loads (generate_records) send no signal: the table's size tells them. Its
        # own columns only, no join: two index lookups at 100 000 records.
        RecordPage.objects.aggregate(n=Count("pk"), last=Max("pk")),
        rows(EthnicGroup.objects, *group_fields),
        rows(EthnicGroupName.objects, "pk", "group_id", "name", "kind", "sort_order"),
        rows(EthnicGroup.main_provinces.through.objects, "ethnicgroup_id", "province_id"),
        rows(Province.objects, "pk", "code", "name"),
        rows(Subject.objects, "pk", "slug"),
        rows(Licence.objects, "pk", "code", "url"),
        Area.objects.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at")),
        AreaRecord.objects.aggregate(n=Count("pk"), last=Max("pk")),
        Area.successors.through.objects.aggregate(n=Count("pk"), last=Max("pk")),
        Area.ethnic_groups.through.objects.aggregate(n=Count("pk"), last=Max("pk")),
        # Dictionary entries: publishing one (an edit, a new access level) or unpublishing
        # one changes the public entries' number, sum of ids or newest publication.
        public_entries().aggregate(n=Count("pk"), ids=Sum("pk"), published=Max("last_published_at")),
        rows(Language.objects, "pk", "code", "name"),
    ]
    source = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(source.encode()).hexdigest()


def _whole_second_after(moment):
    """`moment` rounded up to a whole second (HTTP dates have no fractions)."""
    if moment.microsecond:
        moment += timedelta(seconds=1)
    return moment.replace(microsecond=0)


def _newest_change():
    from gis.models import Area

    from .datasets import public_entries, public_records

    newest = [
        public_records().aggregate(newest=Max("last_published_at"))["newest"],
        public_entries().aggregate(newest=Max("last_published_at"))["newest"],
        Area.objects.aggregate(newest=Max("updated_at"))["newest"],
    ]
    newest = [moment for moment in newest if moment]
    return max(newest) if newest else None


def row_counts():
    """Rows per dataset, and per GeoJSON file where it holds fewer (records with a place)."""
    counts = {}
    for dataset in datasets():
        counts[dataset.key] = dataset.count()
        if dataset.with_place:
            counts[f"{dataset.key}.geojson"] = dataset.with_place()
    return counts


def current_version(digest=None):
    """The catalogue's current version: its fingerprint, since when, rows and sizes."""
    digest = digest or fingerprint()
    version = CatalogueVersion.objects.filter(fingerprint=digest).first()
    if version is not None:
        return version
    previous = CatalogueVersion.objects.order_by("-since").first()
    now = _whole_second_after(timezone.now())
    if previous is None:
        # The first version: nothing has been handed out yet, so the newest content
        # timestamp is a truthful Last-Modified.
        since = min(_whole_second_after(_newest_change() or now), now)
    else:
        since = max(now, previous.since + timedelta(seconds=1))
    counts = row_counts()
    version, _created = CatalogueVersion.objects.get_or_create(
        fingerprint=digest, defaults={"since": since, "counts": counts, "sizes": _scaled_sizes(previous, counts)}
    )
    CatalogueVersion.objects.exclude(pk=version.pk).delete()
    return version


def _scaled_sizes(previous, counts):
    """The previous version's sizes of the large files, scaled to the new row counts: an
    estimate without writing a sample after every publish (small files are sampled
    whole, hence exact)."""
    if previous is None:
        return {}
    sizes = {}
    for dataset in datasets():
        for distribution in dataset.distributions:
            size = previous.sizes.get(distribution.filename)
            before = rows_in(previous, dataset, distribution)
            now = _rows(counts, dataset, distribution)
            if size and before > SAMPLE_ROWS and now > SAMPLE_ROWS:
                sizes[distribution.filename] = {"bytes": round(size["bytes"] * now / before), "exact": False}
    return sizes


def _rows(counts, dataset, distribution):
    return counts.get(f"{dataset.key}.{distribution.format}", counts.get(dataset.key, 0))


def rows_in(version, dataset, distribution):
    return _rows(version.counts, dataset, distribution)


def remember_sizes(digest, sizes):
    """Store file sizes for the version `digest` (ignored once it is no longer current);
    an exact size is never replaced by an estimate."""
    with transaction.atomic():
        version = CatalogueVersion.objects.select_for_update().filter(fingerprint=digest).first()
        if version is None:
            return
        for filename, size in sizes.items():
            if size["exact"] or not version.sizes.get(filename, {}).get("exact"):
                version.sizes[filename] = size
        version.save(update_fields=["sizes"])


def sizes_of(version, dataset):
    """filename → {"bytes", "exact"} for each file of `dataset`: measured when a whole
    file was written at this version, else worked out from the first rows."""
    missing = [item for item in dataset.distributions if item.filename not in version.sizes]
    if missing:
        found = _estimates(version, dataset, missing)
        remember_sizes(version.fingerprint, found)
        version.sizes.update({name: size for name, size in found.items() if name not in version.sizes})
    return {item.filename: version.sizes[item.filename] for item in dataset.distributions}


def _has_place(row):
    return row.get("latitude") is not None and row.get("longitude") is not None


def _estimates(version, dataset, distributions):
    """Sizes from the first SAMPLE_ROWS rows, read once per kind of geometry (records'
    points come from the rows themselves), scaled to the rows each file holds; exact
    when the sample is the whole dataset."""
    samples, sizes = {}, {}
    # Files with a boundary first: their sample serves the CSV and JSON too (the same
    # rows; writers take only their columns).
    for distribution in sorted(distributions, key=lambda item: item.geometry in ("", "point")):
        geometry = "" if distribution.geometry == "point" else distribution.geometry
        if not geometry and samples:
            geometry = next(iter(samples))
        if geometry not in samples:
            chunks = dataset.rows(geometry=geometry, chunk_size=SAMPLE_ROWS)
            try:
                samples[geometry] = next(chunks, [])
            finally:
                chunks.close()
        sample = samples[geometry]
        complete = len(sample) < SAMPLE_ROWS or len(sample) >= version.counts.get(dataset.key, 0)
        if distribution.geometry == "point":
            sample = [row for row in sample if _has_place(row)]
        total = rows_in(version, dataset, distribution)
        empty = sum(len(piece) for piece in formats.write(dataset, distribution, chunks=[]))
        written = sum(len(piece) for piece in formats.write(dataset, distribution, chunks=[sample]))
        if complete or not sample:
            sizes[distribution.filename] = {"bytes": written, "exact": complete}
        else:
            per_row = (written - empty) / len(sample)
            sizes[distribution.filename] = {"bytes": round(empty + per_row * total), "exact": False}
    return sizes


def measured(stream, digest, filename):
    """`stream` passed through, counting its bytes; a file written whole while the data
    did not change has its exact size remembered for the page and the catalogues."""
    total = 0
    for piece in stream:
        total += len(piece)
        yield piece
    if fingerprint() == digest:
        remember_sizes(digest, {filename: {"bytes": total, "exact": True}})
