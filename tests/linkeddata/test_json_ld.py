"""schema.org JSON-LD on record, ethnic-group and area pages, read back with extruct (a
parser nobody here wrote) from the pages as a visitor gets them, field by field."""

import datetime
import json

import extruct
import pytest
from django.utils import timezone

from heritage.lunar import LunarDate, lunar_date_of
from heritage.models import CustomPage, FestivalPage, Licence, ProductPage, Subject
from tests.factories import make_area, make_image, make_record

EXACT = (15.04421, 108.46813)
DISTRICT_RING = [[108.2, 14.8], [108.7, 14.8], [108.7, 15.3], [108.2, 15.3], [108.2, 14.8]]


def json_ld(response):
    """The page's JSON-LD blocks as extruct finds them."""
    assert response.status_code == 200
    found = extruct.extract(response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"])
    return found["json-ld"]


def nodes(response):
    """The nodes of the page's one graph, by type (a list when a type repeats)."""
    (block,) = json_ld(response)
    assert block["@context"] == "https://schema.org"
    by_type = {}
    for node in block["@graph"]:
        by_type.setdefault(node["@type"], node)
    return by_type


@pytest.fixture
def district(db):
    return make_area(DISTRICT_RING, level="district", code="thu-sh", name="Huyện thử Sơn Hà")


@pytest.fixture
def festival(record_index, district):
    image = make_image(title="Cây nêu", description="Cây nêu giữa làng", credit="Ảnh: Nhóm kiểm thử")
    record = make_record(
        record_index,
        FestivalPage,
        title="Lễ ăn trâu thử",
        title_en="Test buffalo rite",
        summary="Lễ hiến sinh trâu của làng.",
        calendar="lunar",
        month=3,
        day=10,
        duration_days=3,
        place_name="Làng Teng",
        admin_unit="huyện Sơn Hà",
        latitude=EXACT[0],
        longitude=EXACT[1],
        main_image=image,
        rights_holder="Sở Văn hoá thử",
        subjects=[Subject.objects.first()],
        period_start_year=1900,
    )
    return record


def test_festival_is_an_event_at_this_years_lunar_date_and_its_place(client, festival):
    graph = nodes(client.get(festival.url))
    event, page = graph["Event"], graph["ItemPage"]
    assert event["name"] == "Lễ ăn trâu thử"
    assert event["alternateName"] == "Test buffalo rite"
    assert event["description"] == "Lễ hiến sinh trâu của làng."
    assert event["identifier"] == f"http://testserver/r/{festival.pk}/"
    assert event["url"] == f"http://testserver{festival.url}"
    assert page["mainEntity"] == {"@id": event["@id"]}
    # The solar day this year's 10th day of the 3rd lunar month falls on (or next year's
    # once it has passed), lasting the festival's three days.
    start = datetime.date.fromisoformat(event["startDate"])
    end = datetime.date.fromisoformat(event["endDate"])
    assert lunar_date_of(start)[1] == LunarDate(3, 10)
    assert (end - start).days == 2
    today = timezone.localdate()
    assert start.year == today.year or (start.year == today.year + 1 and end >= today)
    assert event["eventSchedule"]["repeatFrequency"] == "P1Y"
    place = event["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "Làng Teng"
    assert place["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "huyện Sơn Hà",
        "addressRegion": "Quảng Ngãi",
        "addressCountry": "VN",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": EXACT[0], "longitude": EXACT[1]}
    assert [group["name"] for group in event["about"]] == ["Hrê"]
    assert event["about"][0]["url"] == "http://testserver/dan-toc/hre/"


def test_record_page_carries_image_licence_dates_and_rights(client, festival):
    graph = nodes(client.get(festival.url))
    page, event = graph["ItemPage"], graph["Event"]
    licence = Licence.objects.get(code="cc-by-4.0")
    assert page["license"] == licence.url
    assert page["copyrightHolder"]["name"] == "Sở Văn hoá thử"
    assert page["datePublished"].endswith("Z")
    assert datetime.datetime.fromisoformat(page["dateModified"]) == festival.last_published_at.replace(microsecond=0)
    assert page["temporalCoverage"] == "1900/.."
    assert page["contentLocation"] == {"@id": event["location"]["@id"]}
    image = event["image"]
    assert image["@type"] == "ImageObject"
    assert image["contentUrl"].startswith("http://testserver/uploads/") and image["contentUrl"].endswith(".webp")
    assert image["caption"] == "Cây nêu giữa làng"
    assert image["creditText"] == "Ảnh: Nhóm kiểm thử"
    assert image["license"] == licence.url
    # The rendition is one the page's <picture> offers, and it is served.
    html = client.get(festival.url).content.decode()
    assert image["contentUrl"].removeprefix("http://testserver") in html
    assert client.get(image["contentUrl"]).status_code == 200
    assert graph["WebSite"]["@id"] == page["isPartOf"]["@id"]


def test_product_carries_maker_material_and_ocop_stars(client, record_index):
    product = make_record(
        record_index,
        ProductPage,
        title="Quế Trà Bồng thử",
        kind="agricultural",
        materials="Vỏ cây quế",
        makers="Hợp tác xã quế Trà Bồng",
        ocop_stars=4,
        place_name="Thị trấn Trà Xuân",
        latitude=15.252,
        longitude=108.527,
    )
    graph = nodes(client.get(product.url))
    item = graph["Product"]
    assert item["name"] == "Quế Trà Bồng thử"
    assert item["material"] == "Vỏ cây quế"
    assert item["category"] == "Nông sản"
    assert item["manufacturer"]["@type"] == "Organization"
    assert item["manufacturer"]["name"] == "Hợp tác xã quế Trà Bồng"
    assert item["additionalProperty"]["propertyID"] == "OCOP"
    assert item["additionalProperty"]["value"] == 4
    assert item["award"] == "OCOP 4 sao"  # in the page's language
    assert item["countryOfOrigin"]["identifier"] == "VN"
    # A Product has no place in schema.org: the page holds it, the makers are located there.
    place = graph["ItemPage"]["contentLocation"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 15.252, "longitude": 108.527}
    assert item["manufacturer"]["location"] == {"@id": place["@id"]}


def test_product_without_ocop_rating_says_nothing_of_stars(client, record_index):
    product = make_record(record_index, ProductPage, title="Gùi thử", kind="craft")
    item = nodes(client.get(product.url))["Product"]
    assert "award" not in item and "additionalProperty" not in item and "manufacturer" not in item


def test_custom_is_a_creative_work_with_licence_and_spatial_coverage(client, record_index):
    custom = make_record(
        record_index, CustomPage, title="Luật tục thử", category="community_law", place_name="Làng Teng"
    )
    work = nodes(client.get(custom.url))["CreativeWork"]
    assert work["name"] == "Luật tục thử"
    assert work["genre"] == "Luật tục"
    assert work["license"] == Licence.objects.get(code="cc-by-4.0").url
    assert work["inLanguage"] == "vi"
    assert work["spatialCoverage"]["name"] == "Làng Teng"
    assert "geo" not in work["spatialCoverage"]  # no coordinates recorded, none invented


def test_english_visitors_get_the_english_title_first(client, festival):
    event = nodes(client.get(f"/en{festival.url}"))["Event"]
    assert event["name"] == "Test buffalo rite"
    assert event["alternateName"] == "Lễ ăn trâu thử"


def _coordinate_spellings(latitude, longitude):
    """Every way the exact point could be written: as given and rounded to 3-5 places."""
    spellings = {str(latitude), str(longitude)}
    for places in (3, 4, 5):
        spellings |= {f"{latitude:.{places}f}", f"{longitude:.{places}f}"}
    return spellings


def test_anonymous_visitor_never_gets_a_sensitive_records_exact_coordinates(client, festival, district):
    festival.location_access = "community"
    festival.save_revision().publish()
    response = client.get(festival.url)
    (block,) = json_ld(response)
    text = json.dumps(block)
    for spelling in _coordinate_spellings(*EXACT):
        assert spelling not in text
    place = nodes(response)["Event"]["location"]
    festival.refresh_from_db()
    # The generalised point every public surface uses, inside the district that holds it.
    assert place["geo"]["latitude"] == festival.public_latitude
    assert place["geo"]["longitude"] == festival.public_longitude
    assert (place["geo"]["latitude"], place["geo"]["longitude"]) != EXACT
    assert place["containedInPlace"]["name"] == "Huyện thử Sơn Hà"
    assert place["description"] == "Vị trí chính xác được bảo vệ; toạ độ là của khu vực chứa nó."
    assert place["containedInPlace"]["url"] == "http://testserver/khu-vuc/district/thu-sh/"


def test_community_member_gets_the_exact_place_they_may_see(client, festival, community_member):
    festival.location_access = "community"
    festival.save_revision().publish()
    client.force_login(community_member)
    place = nodes(client.get(festival.url))["Event"]["location"]
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": EXACT[0], "longitude": EXACT[1]}
    assert "containedInPlace" not in place


def test_markup_in_titles_cannot_close_the_script(client, record_index):
    record = make_record(record_index, CustomPage, title="Lễ </script><script>alert(1)</script> thử")
    html = client.get(record.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert nodes(client.get(record.url))["CreativeWork"]["name"] == "Lễ </script><script>alert(1)</script> thử"


def test_ethnic_group_page_describes_the_group_and_lists_visible_records(client, records_by_level):
    graph = nodes(client.get("/dan-toc/hre/"))
    group, page = graph["DefinedTerm"], graph["CollectionPage"]
    assert group["name"] == "Hrê"
    assert "Chăm Rê" in group["alternateName"]
    assert group["termCode"] == "hre"
    assert group["url"] == "http://testserver/dan-toc/hre/"
    assert page["about"] == {"@id": group["@id"]}
    listed = [item["url"] for item in page["mainEntity"]["itemListElement"]]
    assert listed == [f"http://testserver{records_by_level['public'].url}"]


def test_area_page_describes_the_area_and_its_public_records(client, festival, district, records_by_level):
    graph = nodes(client.get("/khu-vuc/district/thu-sh/"))
    area, page = graph["AdministrativeArea"], graph["CollectionPage"]
    assert area["name"] == "Huyện thử Sơn Hà"
    assert area["identifier"] == "thu-sh"
    assert area["geo"] == {"@type": "GeoShape", "box": "14.80000 108.20000 15.30000 108.70000"}
    assert area["containedInPlace"]["identifier"] == "VN"
    listed = [item["url"] for item in page["mainEntity"]["itemListElement"]]
    assert listed == [f"http://testserver{festival.url}"]


def test_festival_held_when_the_community_decides_is_not_given_a_date(client, record_index):
    festival = make_record(record_index, FestivalPage, calendar="lunar", month=1, day=15, frequency="occasional")
    event = nodes(client.get(festival.url))["Event"]
    assert "startDate" not in event and "endDate" not in event and "eventSchedule" not in event
    every_third = make_record(
        record_index, FestivalPage, calendar="lunar", month=1, day=15, frequency="every_n_years", frequency_years=3
    )
    event = nodes(client.get(every_third.url))["Event"]
    assert "startDate" not in event
    assert event["eventSchedule"]["repeatFrequency"] == "P3Y"
