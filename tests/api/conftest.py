import pytest

from tests.factories import make_area, make_collection, make_record


@pytest.fixture
def library(site_tree):
    """Public records of each type, one with a protected place, and a community and a
    staff record that anonymous callers must never meet; a collection holding public and
    restricted records; a district linked to records of each level."""
    from gis.models import AreaRecord
    from heritage.models import CustomPage, ProductPage, Subject

    index = site_tree["records"]
    subject = Subject.objects.create(name="Nghi lễ nông nghiệp", name_en="Farming rites", slug="nghi-le-nong-nghiep")
    festival = make_record(
        index,
        title="Lễ hội cầu mùa",
        title_en="Harvest prayer festival",
        latitude=15.04,
        longitude=108.47,
        place_name="Sơn Hà",
        subjects=[subject],
    )
    custom = make_record(index, model=CustomPage, title="Tục cúng bến nước", groups=("co",), province="49")
    product = make_record(index, model=ProductPage, title="Thổ cẩm Hrê", ocop_stars=4, kind="textile")
    forest = make_record(
        index,
        title="Rừng thiêng của làng",
        latitude=15.1234,
        longitude=108.5678,
        location_access="community",
    )
    community = make_record(
        index, title="Lễ kín của cộng đồng", access_level="community", latitude=15.05, longitude=108.45
    )
    staff = make_record(index, title="Hồ sơ nội bộ", access_level="staff", latitude=15.06, longitude=108.46)
    ring = [[108.4, 15.0], [108.6, 15.0], [108.6, 15.2], [108.4, 15.2], [108.4, 15.0]]
    area = make_area(ring, code="435", name="Huyện Sơn Hà")
    for record in (festival, forest, community, staff):
        AreaRecord.objects.get_or_create(area=area, record=record)
    collection = make_collection(site_tree["collections"], [community, festival, staff, product], title="Cồng chiêng")
    return {
        "festival": festival,
        "custom": custom,
        "product": product,
        "forest": forest,
        "community": community,
        "staff": staff,
        "public": [festival, custom, product, forest],
        "restricted": [community, staff],
        "area": area,
        "collection": collection,
        "subject": subject,
    }
