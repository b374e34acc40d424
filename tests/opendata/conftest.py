import pytest

from tests.dictionary.conftest import make_entry
from tests.factories import make_area, make_record

# Every file the open-data page offers.
FILES = (
    "records.csv",
    "records.json",
    "records.geojson",
    "ethnic-groups.csv",
    "ethnic-groups.json",
    "areas.csv",
    "areas.json",
    "areas.geojson",
    "areas-simplified.geojson",
    "dictionary.csv",
    "dictionary.json",
)
# A sacred forest's exact place: only its commune or district may ever be published.
SACRED_FOREST = (15.123456, 108.567891)
SON_HA_RING = [[108.40, 15.00], [108.70, 15.00], [108.70, 15.25], [108.40, 15.25], [108.40, 15.00]]


def body_of(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, filename, **headers):
    return body_of(client.get(f"/du-lieu-mo/{filename}", **headers))


@pytest.fixture
def library(record_index):
    """Public records (one with a protected place inside a district), records for the
    community and for staff, and a draft, each with a title that must or must not
    appear in the files."""
    from heritage.models import CustomPage, EthnicGroup, ProductPage

    district = make_area(SON_HA_RING, level="district", code="thu-son-ha", name="Huyện Sơn Hà (thử)")
    district.ethnic_groups.set(EthnicGroup.objects.filter(slug="hre"))
    records = {
        "festival": make_record(
            record_index, title="Lễ hội ăn trâu", title_en="Buffalo festival", latitude=15.04, longitude=108.47
        ),
        "protected": make_record(
            record_index,
            model=CustomPage,
            title="Rừng thiêng của làng",
            latitude=SACRED_FOREST[0],
            longitude=SACRED_FOREST[1],
            location_access="community",
        ),
        "product": make_record(
            record_index,
            model=ProductPage,
            title="=Dệt thổ cẩm",
            ocop_stars=4,
            makers="Hợp tác xã dệt Làng Teng",
            groups=("hre", "co"),
        ),
        "community": make_record(
            record_index, title="Hồ sơ chỉ dành cho cộng đồng", access_level="community", latitude=15.1, longitude=108.5
        ),
        "staff": make_record(record_index, title="Hồ sơ chỉ dành cho cán bộ", access_level="staff"),
        "draft": make_record(record_index, title="Bản nháp chưa duyệt", publish=False),
    }
    entries = {
        "public": make_entry(
            headword="kơpô",
            glosses=(("con trâu", "buffalo"), ("sức mạnh", "")),
            part_of_speech="noun",
            pronunciation="/kəpoː/",
        ),
        "co": make_entry(code="cua", headword="=pơtao", glosses=(("vua", "king"),)),
        "community": make_entry(headword="từ kín của cộng đồng", access_level="community"),
        "staff": make_entry(headword="từ kín của cán bộ", access_level="staff"),
        "draft": make_entry(headword="từ nháp chưa duyệt", publish=False),
    }
    return {"records": records, "district": district, "entries": entries}


@pytest.fixture
def staff_member(db):
    from tests.factories import make_user

    return make_user("can-bo", groups=["Curator"])
