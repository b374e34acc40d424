"""The spatial join (coarse test on simplified boundaries, exact test near edges) ties
every point to exactly the areas a plain `intersects` join over the full boundaries
gives, on small hand-made areas and on the 692 real districts."""

import random

import pytest

from gis.linking import containing_areas, link_records
from gis.models import Area, AreaJoinShape, AreaOutline, AreaRecord
from gis.shapes import OUTLINE_ZOOMS
from tests.factories import make_area, make_record


def reference_join(points, areas):
    """The join as it was: full boundaries, shapely's STRtree with `intersects`."""
    from shapely import STRtree
    from shapely import points as make_points
    from shapely.geometry import shape

    tree = STRtree([shape(area.geometry) for area in areas])
    point_index, area_index = tree.query(make_points(points), predicate="intersects")
    found = [[] for _ in points]
    for point, area in zip(point_index.tolist(), area_index.tolist(), strict=True):
        found[point].append(area)
    return [sorted(matches) for matches in found]


def joined(points, areas):
    return [sorted(matches) for matches in containing_areas(points, areas)]


def vertices_and_near_them(areas, step=1, offset=1e-6):
    """Every `step`-th boundary vertex, and points just beside it on either side."""
    points = []
    for area in areas:
        shape = area.shape()
        for polygon in getattr(shape, "geoms", [shape]):
            for ring in (polygon.exterior, *polygon.interiors):
                for lon, lat in list(ring.coords)[::step]:
                    points += [(lon, lat), (lon + offset, lat), (lon, lat - offset), (lon - offset, lat + offset)]
    return points


def ring(west, south, east, north):
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


@pytest.fixture
def hand_made_areas(db):
    """Adjacent squares, a square with a hole, a U, a sliver narrower than the coarse
    test's margin, an area smaller than its tolerance, and an area of two parts."""
    areas = [
        make_area(ring(108.0, 15.0, 108.5, 15.5), code="west"),
        make_area(ring(108.5, 15.0, 109.0, 15.5), code="east"),  # shares an edge with "west"
        make_area(
            ring(108.1, 15.1, 108.3, 15.3), code="overlap"
        ),  # inside "west": a point can lie in two areas of one level
        make_area(ring(108.0, 16.0, 108.001, 16.5), code="sliver"),
        make_area(ring(108.2, 16.2, 108.2005, 16.2005), code="tiny"),
        make_area(
            [
                [107.0, 15.0],
                [107.6, 15.0],
                [107.6, 15.6],
                [107.4, 15.6],
                [107.4, 15.2],
                [107.2, 15.2],
                [107.2, 15.6],
                [107.0, 15.6],
                [107.0, 15.0],
            ],
            code="u-shape",
        ),
    ]
    holed = Area.objects.create(
        level="district",
        code="holed",
        name="Huyện có lỗ",
        geometry={"type": "Polygon", "coordinates": [ring(106.0, 15.0, 106.6, 15.6), ring(106.2, 15.2, 106.4, 15.4)]},
        simplified={"type": "Polygon", "coordinates": [ring(106.0, 15.0, 106.6, 15.6)]},
        min_lon=106.0,
        min_lat=15.0,
        max_lon=106.6,
        max_lat=15.6,
    )
    two_parts = Area.objects.create(
        level="district",
        code="two-parts",
        name="Huyện hai phần",
        geometry={
            "type": "MultiPolygon",
            "coordinates": [[ring(105.0, 15.0, 105.2, 15.2)], [ring(105.4, 15.0, 105.6, 15.2)]],
        },
        simplified={"type": "MultiPolygon", "coordinates": [[ring(105.0, 15.0, 105.2, 15.2)]]},
        min_lon=105.0,
        min_lat=15.0,
        max_lon=105.6,
        max_lat=15.2,
    )
    return [*areas, holed, two_parts]


@pytest.mark.django_db
class TestOnHandMadeAreas:
    def test_the_same_areas_as_a_plain_join(self, hand_made_areas):
        rng = random.Random(11)
        points = [(rng.uniform(104.9, 109.1), rng.uniform(14.9, 16.6)) for _ in range(20_000)]
        points += vertices_and_near_them(hand_made_areas)
        points += [(108.5, 15.25), (108.2, 16.2), (106.3, 15.3), (106.2, 15.3), (107.3, 15.5), (105.3, 15.1)]
        assert joined(points, hand_made_areas) == reference_join(points, hand_made_areas)

    def test_edges_and_holes(self, hand_made_areas):
        codes = [area.code for area in hand_made_areas]

        def areas_at(lon, lat):
            return {codes[index] for index in containing_areas([(lon, lat)], hand_made_areas)[0]}

        assert areas_at(108.5, 15.25) == {"west", "east"}  # on the shared edge: both
        assert areas_at(108.2, 15.2) == {"west", "overlap"}
        assert areas_at(106.3, 15.3) == set()  # in the hole
        assert areas_at(106.2, 15.3) == {"holed"}  # on the hole's edge
        assert areas_at(107.3, 15.5) == set()  # inside the U's notch
        assert areas_at(108.0005, 16.3) == {"sliver"}
        assert areas_at(108.20025, 16.20025) == {"tiny"}
        assert areas_at(105.5, 15.1) == {"two-parts"} and areas_at(105.3, 15.1) == set()

    def test_link_records_ties_each_record_to_its_areas_and_keeps_manual_links(self, hand_made_areas, record_index):
        on_edge = make_record(record_index, latitude=15.25, longitude=108.5)
        in_hole = make_record(record_index, latitude=15.3, longitude=106.3)
        manual = AreaRecord.objects.create(
            area=hand_made_areas[-1], record=in_hole, linked_by=AreaRecord.LinkedBy.MANUAL
        )
        link_records()
        assert set(on_edge.areas.values_list("code", flat=True)) == {"west", "east"}
        assert list(in_hole.areas.values_list("code", flat=True)) == ["two-parts"]
        assert AreaRecord.objects.filter(pk=manual.pk).exists()

    def test_a_join_of_many_records_and_of_one_agree(self, hand_made_areas, record_index):
        rng = random.Random(5)
        records = [
            make_record(record_index, latitude=rng.uniform(14.95, 15.65), longitude=rng.uniform(105.9, 109.05))
            for _ in range(25)  # more than FEW_RECORDS: the index of every area
        ]
        link_records()
        every = {(link.record_id, link.area_id) for link in AreaRecord.objects.all()}
        AreaRecord.objects.all().delete()
        for record in records:
            link_records(type(record).objects.filter(pk=record.pk))  # a publish: only the areas around it
        assert {(link.record_id, link.area_id) for link in AreaRecord.objects.all()} == every

    def test_a_changed_boundary_is_joined_anew(self, hand_made_areas):
        west = hand_made_areas[0]
        assert containing_areas([(108.25, 15.45)], [west]) == [[0]]
        west.geometry = {"type": "Polygon", "coordinates": [ring(108.0, 15.0, 108.5, 15.2)]}
        west.save()
        assert containing_areas([(108.25, 15.45)], [west]) == [[]]


@pytest.mark.django_db
def test_stored_boundaries_get_outlines_per_zoom_band_and_join_shapes(hand_made_areas):
    for area in hand_made_areas:
        assert sorted(area.outlines.values_list("zoom", flat=True)) == list(OUTLINE_ZOOMS)
        assert AreaJoinShape.objects.filter(area=area).exists()


@pytest.mark.django_db
def test_the_real_districts_are_joined_as_before(shared_gis):
    """All 692 districts: random points over the country and points on and beside the
    boundary vertices of a tenth of them."""
    from gis.importing import import_areas

    import_areas(str(shared_gis / "vn-districts-2025-03.geojson"), level="district", parent_code_field="province_code")
    areas = list(Area.objects.filter(level="district").order_by("pk"))
    assert len(areas) == 692
    rng = random.Random(3)
    points = [(rng.uniform(102.1, 109.5), rng.uniform(8.5, 23.4)) for _ in range(50_000)]
    points += vertices_and_near_them(areas[::10], step=7)
    assert joined(points, areas) == reference_join(points, areas)
    outlines = AreaOutline.objects.filter(zoom=OUTLINE_ZOOMS[0]).values_list("geometry", flat=True)
    coarse = sum(len(str(geometry)) for geometry in outlines)
    assert coarse < sum(len(str(area.geometry)) for area in areas) / 10  # the country map is light
