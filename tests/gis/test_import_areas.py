import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from gis.importing import AreaFileError, import_areas
from gis.models import Area


@pytest.mark.django_db
def test_all_692_districts_import_with_invalid_geometries_repaired(shared_gis):
    report = import_areas(str(shared_gis / "vn-districts-2025-03.geojson"), level="district")
    assert report.created == 692 and not report.rejected
    assert len(report.repaired) >= 10  # about 2% of the polygons are invalid in the source
    son_ha = Area.objects.get(level="district", name="Huyện Sơn Hà")
    assert son_ha.shape().is_valid
    assert son_ha.min_lon < 108.47 < son_ha.max_lon and son_ha.min_lat < 15.04 < son_ha.max_lat


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(quang_ngai_districts):
    count = Area.objects.count()
    report = import_areas(
        str(quang_ngai_districts / "vn-districts-51-2025-03.geojson"),
        level="district",
        parent_code_field="province_code",
    )
    assert report.created == 0 and report.updated == 13
    assert Area.objects.count() == count
    assert Area.objects.get(level="district", name="Huyện Sơn Hà").parent.code == "51"


@pytest.fixture
def one_district(shared_gis):
    import geopandas

    frame = geopandas.read_file(shared_gis / "vn-districts-51-2025-03.geojson")
    return frame[frame["name"] == "Huyện Sơn Hà"]


@pytest.mark.django_db
def test_vn2000_file_is_reprojected(tmp_path, one_district):
    path = tmp_path / "son-ha-vn2000.gpkg"
    one_district.to_crs("EPSG:3405").to_file(path, driver="GPKG")  # VN-2000 / UTM zone 48N
    import_areas(str(path), level="district")
    area = Area.objects.get(level="district", code=one_district.iloc[0]["code"])
    expected = one_district.total_bounds
    assert area.bbox == pytest.approx(list(expected), abs=1e-4)


@pytest.mark.django_db
def test_zipped_shapefile_imports(tmp_path, one_district):
    folder = tmp_path / "shp"
    folder.mkdir()
    one_district.to_file(folder / "son_ha.shp", encoding="utf-8")
    archive = tmp_path / "son_ha.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for part in folder.iterdir():
            bundle.write(part, part.name)
    report = import_areas(str(archive), level="district")
    assert report.created == 1
    assert Area.objects.get().name == "Huyện Sơn Hà"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        ("this is not geodata", "not a geodata file"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"name": "Điểm", "code": "1"},
                            "geometry": {"type": "Point", "coordinates": [108.4, 15.0]},
                        }
                    ],
                }
            ),
            "not polygons",
        ),
        (json.dumps({"type": "FeatureCollection", "features": []}), "no geometries"),
    ],
)
def test_unusable_file_is_refused_and_changes_nothing(tmp_path, quang_ngai_districts, content, message):
    before = list(Area.objects.order_by("pk").values_list("pk", "name", "min_lon"))
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_areas", str(path), verbosity=0)
    assert list(Area.objects.order_by("pk").values_list("pk", "name", "min_lon")) == before


@pytest.mark.django_db
def test_missing_attribute_lists_the_ones_the_file_has(shared_gis):
    with pytest.raises(AreaFileError, match="province_name"):
        import_areas(str(shared_gis / "vn-districts-51-2025-03.geojson"), name_field="ten_huyen")


@pytest.mark.django_db
def test_polygon_that_does_not_close_refuses_the_file(tmp_path):
    ring_open = [[108.3, 14.9], [108.6, 14.9], [108.6, 15.2], [108.3, 15.2]]
    ring_closed = ring_open + [ring_open[0]]
    features = [
        {
            "type": "Feature",
            "properties": {"name": "Vùng đúng", "code": "A"},
            "geometry": {"type": "Polygon", "coordinates": [ring_closed]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Vùng hở", "code": "B"},
            "geometry": {"type": "Polygon", "coordinates": [ring_open]},
        },
    ]
    path = tmp_path / "regions.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.raises(AreaFileError, match="does not close"):
        import_areas(str(path), level="region")
    assert Area.objects.count() == 0


@pytest.mark.django_db
def test_command_reports_a_summary(capsys, shared_gis):
    call_command(
        "import_areas",
        str(shared_gis / "vn-districts-51-2025-03.geojson"),
        "--parent-code-field",
        "province_code",
        verbosity=1,
    )
    output = capsys.readouterr().out
    assert "13 created, 0 updated" in output
