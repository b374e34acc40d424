"""Tie records to the areas that contain them (a spatial join with shapely's STRtree)."""

from django.db import transaction

from heritage.models import RecordPage

from .models import Area, AreaRecord


def containing_areas(points, areas):
    """For each (lon, lat), the indexes into `areas` whose boundary contains it."""
    from shapely import STRtree
    from shapely import points as make_points

    shapes = [area.shape() for area in areas]
    tree = STRtree(shapes)
    point_index, area_index = tree.query(make_points(points), predicate="intersects")
    found = [[] for _ in points]
    for point, area in zip(point_index.tolist(), area_index.tolist(), strict=True):
        found[point].append(area)
    return found


def link_records(records=None):
    """Recompute the spatial links of `records` (all records by default); manual links stay."""
    records = RecordPage.objects.all() if records is None else records
    located = list(
        records.filter(latitude__isnull=False, longitude__isnull=False).values_list("pk", "longitude", "latitude")
    )
    record_ids = list(records.values_list("pk", flat=True))
    areas = list(Area.objects.all())
    links = []
    if located and areas:
        for (pk, _lon, _lat), matches in zip(
            located, containing_areas([(lon, lat) for _pk, lon, lat in located], areas), strict=True
        ):
            links += [AreaRecord(area_id=areas[index].pk, record_id=pk) for index in matches]
    with transaction.atomic():
        AreaRecord.objects.filter(record_id__in=record_ids, linked_by=AreaRecord.LinkedBy.SPATIAL).delete()
        AreaRecord.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)
        generalise_sensitive_places(records)
    return len(links)


GENERALISING_LEVELS = ("commune", "district")


def generalise_sensitive_places(records):
    """A sensitive place is shown at the centre of the smallest commune or district
    holding it (a point inside the area), instead of its coarse grid cell."""
    sensitive = records.exclude(location_access="public").filter(latitude__isnull=False)
    for record in sensitive:
        links = AreaRecord.objects.filter(record=record, area__level__in=GENERALISING_LEVELS).select_related("area")
        areas = sorted((link.area for link in links), key=lambda area: GENERALISING_LEVELS.index(area.level))
        point = None
        if areas:
            inside = areas[0].shape().representative_point()
            point = (round(inside.y, 5), round(inside.x, 5))
        record.set_public_location(area_point=point)
        RecordPage.objects.filter(pk=record.pk).update(
            public_latitude=record.public_latitude, public_longitude=record.public_longitude
        )
