from pathlib import Path

import pytest

SHARED_GIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "gis"


@pytest.fixture
def shared_gis():
    """The real boundary files beside the project (never copied into it)."""
    if not (SHARED_GIS / "vn-districts-2025-03.geojson").exists():
        pytest.skip(f"the shared boundary data is not at {SHARED_GIS}")
    return SHARED_GIS


@pytest.fixture(scope="session")
def quang_ngai_province_file(tmp_path_factory):
    """Quảng Ngãi's outline alone, cut from the shared provinces file once per run."""
    if not (SHARED_GIS / "vn-provinces-2025-03.geojson").exists():
        pytest.skip(f"the shared boundary data is not at {SHARED_GIS}")
    import geopandas

    provinces = geopandas.read_file(SHARED_GIS / "vn-provinces-2025-03.geojson")
    path = tmp_path_factory.mktemp("gis") / "quang-ngai.geojson"
    provinces[provinces["code"] == "51"].to_file(path, driver="GeoJSON")
    return path


@pytest.fixture
def quang_ngai_districts(db, shared_gis, quang_ngai_province_file):
    from gis.importing import import_areas

    import_areas(str(quang_ngai_province_file), level="province")
    import_areas(
        str(shared_gis / "vn-districts-51-2025-03.geojson"), level="district", parent_code_field="province_code"
    )
    return shared_gis
