"""Tie records to the areas that contain them: a spatial join over numpy arrays.

The join never builds a point geometry (creating 100 000 shapely points alone takes
longer than the whole join) and never parses GeoJSON: the boundaries come as WKB
(`AreaJoinShape`, made when an area is stored) and stay parsed and prepared in the
process until an area changes. For each area, the points inside its bounding box are
found by a sorted search over longitudes; a vectorised test against its inner
approximation accepts most of them, one against its outer approximation rejects most
of the others, and only the few points near an edge are tested against the exact
boundary (`gis.shapes` says why the coarse tests give the exact answer). A point on a
boundary belongs to the areas on both sides, as with shapely's `intersects`.
"""

from dataclasses import dataclass

from django.db import transaction

from heritage.models import RecordPage

from .models import Area, AreaJoinShape, AreaRecord

# A join of this many records or fewer (a publish) reads only the areas whose bounding
# boxes hold them; a larger one reads every area once per process.
FEW_RECORDS = 20


@dataclass
class AreaIndex:
    """Prepared boundaries of some areas, ready to join points against."""

    area_ids: list
    exact: object  # numpy arrays of shapely geometries, in the order of area_ids
    inner: object
    outer: object
    bounds: object  # (n, 4): west, south, east, north of each outer approximation

    @classmethod
    def build(cls, area_ids):
        import numpy
        import shapely

        from .shapes import ensure_derived_shapes

        area_ids = sorted(area_ids)
        ensure_derived_shapes(area_ids)
        rows = AreaJoinShape.objects.filter(area_id__in=area_ids).order_by("area_id")
        rows = list(rows.values_list("area_id", "exact", "inner", "outer"))
        ids = [row[0] for row in rows]

        def parsed(column):
            geometries = shapely.from_wkb(numpy.array([bytes(row[column]) for row in rows], dtype=object))
            shapely.prepare(geometries)
            return geometries

        exact, inner, outer = parsed(1), parsed(2), parsed(3)
        bounds = shapely.bounds(outer) if rows else numpy.empty((0, 4))
        return cls(ids, exact, inner, outer, bounds)

    def join(self, longitudes, latitudes):
        """(point positions, area positions): every pair where the area holds the point."""
        import numpy
        import shapely

        longitudes = numpy.asarray(longitudes, dtype=float)
        latitudes = numpy.asarray(latitudes, dtype=float)
        order = numpy.argsort(longitudes, kind="stable")
        sorted_longitudes = longitudes[order]
        starts = numpy.searchsorted(sorted_longitudes, self.bounds[:, 0], side="left")
        ends = numpy.searchsorted(sorted_longitudes, self.bounds[:, 2], side="right")
        point_parts, area_parts = [], []
        for position, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            if start == end:
                continue
            candidates = order[start:end]
            candidate_latitudes = latitudes[candidates]
            _west, south, _east, north = self.bounds[position]
            candidates = candidates[(candidate_latitudes >= south) & (candidate_latitudes <= north)]
            point_parts.append(candidates)
            area_parts.append(numpy.full(len(candidates), position, dtype=numpy.intp))
        if not point_parts:
            empty = numpy.empty(0, dtype=numpy.intp)
            return empty, empty
        points, areas = numpy.concatenate(point_parts), numpy.concatenate(area_parts)
        xs, ys = longitudes[points], latitudes[points]
        inside = shapely.intersects_xy(self.inner[areas], xs, ys)
        undecided = numpy.flatnonzero(~inside)
        near_edge = undecided[shapely.intersects_xy(self.outer[areas[undecided]], xs[undecided], ys[undecided])]
        inside[near_edge] = shapely.intersects_xy(self.exact[areas[near_edge]], xs[near_edge], ys[near_edge])
        return points[inside], areas[inside]


_cached = {"key": None, "index": None}


def index_of_all_areas():
    """The index of every area, kept by the process until an area is added, changed
    or removed."""
    key = tuple(Area.objects.order_by("pk").values_list("pk", "updated_at"))
    if _cached["key"] != key:
        _cached["index"] = AreaIndex.build([pk for pk, _updated in key])
        _cached["key"] = key
    return _cached["index"]


def containing_areas(points, areas):
    """For each (lon, lat) of `points`, the indexes into `areas` whose boundary holds it."""
    areas = list(areas)
    found = [[] for _ in points]
    if not len(points) or not areas:
        return found
    positions = {area.pk: number for number, area in enumerate(areas)}
    index = index_of_all_areas()
    if not positions.keys() <= set(index.area_ids):  # areas not stored (yet)
        index = AreaIndex.build(positions)
    import numpy

    coordinates = numpy.asarray(points, dtype=float).reshape(-1, 2)
    point_positions, area_positions = index.join(coordinates[:, 0], coordinates[:, 1])
    for point, area in zip(point_positions.tolist(), area_positions.tolist(), strict=True):
        position = positions.get(index.area_ids[area])
        if position is not None:
            found[point].append(position)
    return found


def _index_for(located):
    """All areas for a large join; for a few records, only the areas whose boxes hold them."""
    if len(located) > FEW_RECORDS:
        return index_of_all_areas()
    from django.db.models import Q

    holding = Q(pk__in=[])
    for _pk, longitude, latitude in located:
        holding |= Q(min_lon__lte=longitude, max_lon__gte=longitude, min_lat__lte=latitude, max_lat__gte=latitude)
    return AreaIndex.build(Area.objects.filter(holding).values_list("pk", flat=True))


def link_records(records=None):
    """Recompute the spatial links of `records` (all records by default); manual links
    stay. Only the links that change are written. Returns the number of spatial links."""
    every_record = records is None
    records = RecordPage.objects.all() if every_record else records
    located = list(
        records.filter(latitude__isnull=False, longitude__isnull=False).values_list("pk", "longitude", "latitude")
    )
    wanted = set()
    if located:
        index = _index_for(located)
        if index.area_ids:
            points, areas = index.join([row[1] for row in located], [row[2] for row in located])
            wanted = {
                (located[point][0], index.area_ids[area])
                for point, area in zip(points.tolist(), areas.tolist(), strict=True)
            }
    spatial = AreaRecord.objects.filter(linked_by=AreaRecord.LinkedBy.SPATIAL)
    if not every_record:
        spatial = spatial.filter(record_id__in=records.values("pk"))
    existing = {(record, area): pk for pk, record, area in spatial.values_list("pk", "record_id", "area_id")}
    with transaction.atomic():
        _delete_links([pk for pair, pk in existing.items() if pair not in wanted])
        _insert_links(sorted(wanted - existing.keys()))
        generalise_sensitive_places(records)
    return len(wanted)


# Links are plain rows that nothing listens to: written in bulk, without building a model
# instance (and sending its signals) for each of a hundred thousand rows.
LINK_BATCH = 500


def _delete_links(pks):
    from django.db import connection

    table, key = (connection.ops.quote_name(name) for name in (AreaRecord._meta.db_table, AreaRecord._meta.pk.column))
    with connection.cursor() as cursor:
        for start in range(0, len(pks), LINK_BATCH):
            batch = pks[start : start + LINK_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", batch)  # noqa: S608 - our names, bound values


def _insert_links(pairs):
    """Insert spatial links; a pair already tied by hand stays as it is."""
    from django.db import connection

    table = connection.ops.quote_name(AreaRecord._meta.db_table)
    rows = [(record, area, AreaRecord.LinkedBy.SPATIAL.value) for record, area in pairs]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (record_id, area_id, linked_by) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",  # noqa: S608
            rows,
        )


GENERALISING_LEVELS = ("commune", "district")


def generalise_sensitive_places(records):
    """A sensitive place is shown at a point inside the smallest commune or district
    holding it (stored with the area's join shape), instead of its coarse grid cell."""
    from .shapes import ensure_derived_shapes

    sensitive = list(records.exclude(location_access="public").filter(latitude__isnull=False))
    if not sensitive:
        return
    links = list(
        AreaRecord.objects.filter(record__in=[record.pk for record in sensitive], area__level__in=GENERALISING_LEVELS)
        .order_by("pk")
        .values_list("record_id", "area_id", "area__level")
    )
    area_ids = {area_id for _record, area_id, _level in links}
    ensure_derived_shapes(area_ids)
    inside = {
        area_id: (latitude, longitude)
        for area_id, latitude, longitude in AreaJoinShape.objects.filter(area_id__in=area_ids).values_list(
            "area_id", "inside_latitude", "inside_longitude"
        )
    }
    smallest = {}
    for record_id, area_id, level in links:
        rank = GENERALISING_LEVELS.index(level)
        if record_id not in smallest or rank < smallest[record_id][0]:
            smallest[record_id] = (rank, area_id)
    for record in sensitive:
        chosen = smallest.get(record.pk)
        record.set_public_location(area_point=inside.get(chosen[1]) if chosen else None)
        RecordPage.objects.filter(pk=record.pk).update(
            public_latitude=record.public_latitude, public_longitude=record.public_longitude
        )
