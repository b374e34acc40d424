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
        ("this is not geodata", "không phải tệp dữ liệu địa lý"),
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
            "không phải đa giác",
        ),
        (json.dumps({"type": "FeatureCollection", "features": []}), "không có hình học nào"),
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
    with pytest.raises(AreaFileError, match="không khép kín"):
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
    assert "đã tạo 13, đã cập nhật 0" in output


def polygon(west, south, size=0.1):
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(name, code, geometry):
    return {"type": "Feature", "properties": {"name": name, "code": code}, "geometry": geometry}


def write_regions(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_one_bad_feature_is_reported_and_skipped_and_the_run_fails(tmp_path, capsys):
    path = write_regions(
        tmp_path / "regions.geojson",
        [
            feature("Vùng Hrê", "HRE", polygon(108.3, 14.9)),
            feature("", "KHONG-TEN", polygon(108.5, 14.9)),
            feature("Giếng làng", "GIENG", {"type": "Point", "coordinates": [108.4, 15.0]}),
            feature("Vùng mã dài", "X" * 61, polygon(108.7, 14.9)),
            feature("Vùng Co", "CO", polygon(108.6, 15.1)),
        ],
    )
    with pytest.raises(CommandError, match="3 vùng chưa được nhập") as failure:
        call_command("import_areas", str(path), level="region", verbosity=1)
    assert failure.value.returncode == 1
    output = capsys.readouterr().out
    assert "đã tạo 2, đã cập nhật 0, đã sửa 0, bị từ chối 3" in output
    assert "từ chối dòng 2 (KHONG-TEN): thiếu tên hoặc mã" in output
    assert "từ chối dòng 3 (Giếng làng): Point không phải đa giác" in output
    assert "từ chối dòng 4 (Vùng mã dài): mã dài quá 60 ký tự" in output
    assert sorted(Area.objects.values_list("code", flat=True)) == ["CO", "HRE"]


@pytest.mark.django_db
def test_a_feature_the_database_refuses_is_reported_and_the_others_are_stored(tmp_path, capsys):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the failing constraint is written as an SQLite trigger")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON heritage_gis_area WHEN NEW.code = 'CO' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a constraint'); END"
        )
    path = write_regions(
        tmp_path / "regions.geojson",
        [feature("Vùng Hrê", "HRE", polygon(108.3, 14.9)), feature("Vùng Co", "CO", polygon(108.6, 15.1))],
    )
    with pytest.raises(CommandError, match="1 vùng chưa được nhập"):
        call_command("import_areas", str(path), level="region", verbosity=1)
    output = capsys.readouterr().out
    assert "từ chối dòng 2 (Vùng Co): lỗi ngoài dự kiến (IntegrityError: refused by a constraint)" in output
    assert list(Area.objects.values_list("code", flat=True)) == ["HRE"]


@pytest.mark.django_db
def test_an_unusable_coordinate_system_refuses_the_file_and_changes_nothing(tmp_path):
    import_areas(str(write_regions(tmp_path / "v1.geojson", [feature("Vùng Hrê", "HRE", polygon(108.3, 14.9))])))
    before = list(Area.objects.values_list("pk", "name", "min_lon"))
    path = write_regions(tmp_path / "v2.geojson", [feature("Vùng Hrê mới", "HRE", polygon(108.4, 14.9))])
    with pytest.raises(CommandError, match="Không dùng được hệ toạ độ EPSG:999999"):
        call_command("import_areas", str(path), source_crs="EPSG:999999", verbosity=0)
    assert list(Area.objects.values_list("pk", "name", "min_lon")) == before
