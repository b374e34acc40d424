"""No input a visitor can put in a URL makes the site answer with a server error.

Property-based: Hypothesis generates query parameters and path segments for every public
URL (unicode digits, numbers beyond 64 bits, NaN and infinities, JSON fragments and deeply
nested JSON, polygons that do not close, null bytes, very long strings, percent-encoded
junk) and each request, made as an anonymous visitor against a small real dataset, must
answer below 500. A bad value is the visitor's mistake: a 400 or a 404, never a 500.

The strategies never read fixture state, so the examples Hypothesis replays are the same
whatever the data; the dataset is built once per test function (one transaction holds all
of that function's examples).
"""

import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from PIL import Image

from tests.factories import make_area, make_collection, make_image, make_jpeg_bytes, make_record

# Replayed failures are kept under var/ (git-ignored), not in the project's root.
EXAMPLES_DATABASE = DirectoryBasedExampleDatabase(Path(django_settings.BASE_DIR) / "var" / "hypothesis")


def fuzz(max_examples):
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=EXAMPLES_DATABASE,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# ---------------------------------------------------------------------------------------
# Strategies: what a careless client or an attacker types.

NASTY_STRINGS = [
    "",
    " ",
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "߁",
    "²",
    "-1",
    "0",
    "-0",
    "+5",
    "1_000",
    "0x10",
    "9" * 19,
    "9" * 30,
    "9" * 5000,
    "18446744073709551616",
    "-9223372036854775809",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e308",
    "1e309",
    "-1e309",
    "4.9e-324",
    "\x00",
    "a\x00b",
    "%00",
    "%ff%fe",
    "%zz",
    "%",
    "..",
    "../../etc/passwd",
    "a" * 10_000,
    "null",
    "true",
    "{}",
    "[]",
    "[[]]",
    '{"type": "Polygon"}',
    '{"type": "Polygon", "coordinates": null}',
    '{"type": "Polygon", "coordinates": [[]]}',
    '{"type": "Polygon", "coordinates": "x"}',
    '{"type": "Point", "coordinates": [108, 15]}',
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 5000 + "1" + "}" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"',
    '"""',
    "\\",
    "Lễ hội",
    "Le\u0302\u0303 ho\u0323i",  # decomposed Vietnamese
    "\u202e\ufeff\u200b",
    "\U0001f600",
]

# No lone surrogates: those cannot be encoded in a URL at all.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
big_numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=12,
).map(json.dumps)

junk = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    any_text,
    big_numbers,
    floats,
    json_values,
    st.text("0123456789,.-e ", max_size=30),
    st.tuples(any_text, any_text).map("\x00".join),  # PostgreSQL refuses NUL in any string
)

# Numbers as they appear inside coordinates: ordinary, extreme and not numbers at all.
coordinate = st.one_of(
    st.floats(min_value=-200, max_value=200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 0, 108.5, 15.2, 10**400]),
    st.none(),
    st.booleans(),
    any_text,
    st.lists(st.integers(), max_size=2),
)
point = st.one_of(
    st.tuples(coordinate, coordinate).map(list),
    st.lists(coordinate, max_size=4),
    coordinate,
)


@st.composite
def polygons(draw):
    """GeoJSON polygons (or bare rings) closed and open, empty and huge, well and ill typed."""
    points = draw(st.lists(point, max_size=8))
    if points and draw(st.booleans()):
        points = [*points, points[0]]  # closes the ring
    shape = draw(st.sampled_from(["polygon", "ring", "rings", "other", "multi"]))
    if shape == "polygon":
        value = {"type": "Polygon", "coordinates": [points]}
    elif shape == "rings":
        value = {"type": "Polygon", "coordinates": points}
    elif shape == "multi":
        value = {"type": "MultiPolygon", "coordinates": [[points]]}
    elif shape == "other":
        value = draw(st.dictionaries(any_text, st.just(points), max_size=2))
    else:
        value = points
    text = json.dumps(value)  # 10**400 and NaN become tokens Python's json reads back
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # cut short
    return text


def joined(parts, count):
    return st.lists(parts, min_size=count - 1, max_size=count + 1).map(",".join)


number_part = st.one_of(
    st.floats(min_value=-200, max_value=200).map(str),
    st.sampled_from(["NaN", "inf", "-inf", "1e308", "1e309", "", " ", "١٢", "１", "9" * 400, "0x1p3"]),
    floats,
    big_numbers,
)
bbox_values = st.one_of(joined(number_part, 4), junk)
near_values = st.one_of(joined(number_part, 3), junk)
polygon_values = st.one_of(polygons(), junk)
area_values = st.one_of(
    st.tuples(st.sampled_from(["province", "district", "commune", "region", ""]), junk).map("/".join),
    junk,
)

SEARCH_PARAMETERS = [
    "q",
    "type",
    "group",
    "province",
    "subject",
    "licence",
    "media",
    "ocop",
    "period",
    "sort",
    "page",
    "bbox",
    "polygon",
    "near",
    "area",
]


# Values the site understands, mixed in so that junk also reaches the code behind a
# successful parse (the engine query, the facets, the map layer).
GOOD_VALUES = {
    "q": ["lễ hội", "le hoi", '"cầu mùa"', "hre"],
    "type": ["festival", "custom", "product"],
    "group": ["hre", "co"],
    "province": ["51"],
    "subject": ["le-hoi"],
    "licence": ["cc-by-4.0"],
    "media": ["image", "audio"],
    "ocop": ["3", "4", "5"],
    "period": ["since-2000", "before-1900"],
    "sort": ["relevance", "date", "title"],
    "page": ["1", "2", "500"],
    "bbox": ["108,14,109,16", "102,6,118,23.5"],
    "polygon": ['{"type":"Polygon","coordinates":[[[108,14],[109,14],[109,16],[108,14]]]}'],
    "near": ["15.04,108.47,10", "15,108,2000"],
    "area": ["district/435"],
}


def value_for(name):
    special = {"bbox": bbox_values, "polygon": polygon_values, "near": near_values, "area": area_values}
    return st.one_of(st.sampled_from(GOOD_VALUES[name]), special.get(name, junk))


@st.composite
def search_queries(draw):
    """Up to four search parameters, a few repeated, each with a value fitting its kind of mischief."""
    names = draw(st.lists(st.sampled_from(SEARCH_PARAMETERS), max_size=4))
    return [(name, draw(value_for(name))) for name in names]


def segment(text):
    """A path segment: quoted as a browser would, or left as raw percent-junk."""
    return st.one_of(text.map(lambda value: quote(value, safe="")), st.sampled_from(["%zz", "%ff", "%00", "%2F", "."]))


identifiers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["١٢٣", "１２", "²", "9" * 19, "9" * 18, "18446744073709551616", "0", "00001", "1e3", "-1"]),
    junk,
)


def query_string(pairs):
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)


def assert_no_server_error(client, url):
    response = client.get(url)
    event(f"HTTP {response.status_code}")
    assert response.status_code < 500, f"{url[:300]!r} answered {response.status_code}"
    return response


# ---------------------------------------------------------------------------------------
# A small real library: records with coordinates and a photo, an area, an ethnic group.


def jpeg_of(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def library(site_tree):
    record_index = site_tree["records"]
    photo = make_image(title="Ảnh lễ hội", file_bytes=make_jpeg_bytes((600, 400)))
    festival = make_record(
        record_index, title="Lễ hội cầu mùa", main_image=photo, latitude=15.04, longitude=108.47, place_name="Sơn Hà"
    )
    make_record(record_index, title="Tục cúng rừng", access_level="community", latitude=15.1, longitude=108.5)
    return {
        "photo": photo,
        "festival": festival,
        "area": make_area_holding(festival),
        "collection": make_collection(site_tree["collections"], [festival]),
    }


def make_area_holding(record):
    from gis.models import AreaRecord

    ring = [[108.4, 15.0], [108.6, 15.0], [108.6, 15.2], [108.4, 15.2], [108.4, 15.0]]
    area = make_area(ring, code="435", name="Huyện Sơn Hà")
    AreaRecord.objects.create(area=area, record=record)
    return area


# ---------------------------------------------------------------------------------------
# Search, suggestions, the map and its data.


@pytest.mark.django_db
@fuzz(max_examples=800)
@given(url=st.sampled_from(["/search/", "/api/search", "/api/records.geojson", "/en/search/"]), pairs=search_queries())
@example(url="/api/search", pairs=[("polygon", '{"type": "Polygon", "coordinates": [[[1e308, 1e308]]]}')])
@example(url="/api/search", pairs=[("polygon", "[" * 100_000 + "]" * 100_000)])
@example(url="/api/records.geojson", pairs=[("bbox", "1e309,1,2,3")])
@example(url="/api/records.geojson", pairs=[("area", "district/\x00")])
@example(url="/api/records.geojson", pairs=[("group", "\x00")])
@example(url="/search/", pairs=[("group", "\x00x"), ("q", "a\x00b")])
@example(url="/search/", pairs=[("page", "١٢")])
@example(url="/search/", pairs=[("page", "9" * 30)])
def test_search_parameters_never_cause_a_server_error(client, library, url, pairs):
    assert_no_server_error(client, f"{url}?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=100)
@given(pairs=search_queries())
def test_map_page_parameters_never_cause_a_server_error(client, library, pairs):
    assert_no_server_error(client, f"/map/?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=600)
@given(
    url=st.sampled_from(["/api/search", "/api/records.geojson"]),
    name=st.sampled_from(["bbox", "polygon", "near"]),
    data=st.data(),
)
def test_geometry_parameters_are_a_clear_400_or_an_answer(client, library, url, name, data):
    value = data.draw(value_for(name))
    response = assert_no_server_error(client, f"{url}?{query_string([(name, value)])}")
    if response.status_code == 400:
        assert response.json()["error"]


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(q=junk)
@example(q="Lễ")
@example(q="\x00\x00")
def test_suggestions_never_cause_a_server_error(client, library, q):
    assert_no_server_error(client, f"/api/search/suggest?{query_string([('q', q)])}")


@pytest.mark.django_db
@fuzz(max_examples=60)
@given(
    url=st.sampled_from(["/api/search/suggest", "/api/search", "/search/"]),
    q=st.one_of(st.sampled_from(["Lễ", "le hoi", "cầu mùa"]), junk),
)
def test_searching_while_the_engine_is_down_is_not_a_server_error(client, library, settings, url, q):
    # Nothing listens on port 9: every engine call fails at once.
    settings.HERITAGE_SEARCH = {"URL": "opensearch://127.0.0.1:9", "INDEX": "heritage-test", "TIMEOUT": 0.2}
    assert_no_server_error(client, f"{url}?{query_string([('q', q)])}")


# ---------------------------------------------------------------------------------------
# The library's listings and feeds.


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(
    url=st.sampled_from(
        ["/ho-so/", "/dan-toc/hre/", "/feed/", "/sitemap.xml", "/dan-toc/", "/sitemap-records.xml", "/robots.txt"]
        + ["/en/ho-so/", "/en/dan-toc/hre/"]  # English, under /en/ (docs/english.md)
    ),
    pairs=st.lists(st.tuples(st.sampled_from(["type", "group", "province", "subject", "page", "p"]), junk), max_size=4),
)
@example(url="/ho-so/", pairs=[("group", "a\x00b")])
@example(url="/ho-so/", pairs=[("province", "\x00")])
@example(url="/dan-toc/hre/", pairs=[("subject", "\x00")])
def test_library_listings_never_cause_a_server_error(client, library, url, pairs):
    assert_no_server_error(client, f"{url}?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(prefix=st.sampled_from(["/en/", "/", "/en/en/", "/vi/", "/EN/"]), path=st.lists(segment(junk), max_size=3))
@example(prefix="/en/", path=["ho-so"])
@example(prefix="/en/", path=["r", "%00"])
def test_english_paths_never_cause_a_server_error(client, library, prefix, path):
    assert_no_server_error(client, prefix + "/".join(path) + ("/" if path else ""))


@pytest.mark.django_db
@fuzz(max_examples=60)
@given(section=st.one_of(st.sampled_from(["records", "pages", "places", "groups", "areas"]), junk))
def test_sitemap_sections_never_cause_a_server_error(client, library, section):
    assert_no_server_error(client, f"/sitemap-{quote(section, safe='')}.xml")


@pytest.mark.django_db
@fuzz(max_examples=100)
@given(view=junk)
@example(view="1,2,3,nan")
def test_external_records_layer_never_causes_a_server_error(client, library, view):
    assert_no_server_error(client, f"/api/external-records.geojson?{query_string([('view', view)])}")


# ---------------------------------------------------------------------------------------
# Areas.


@pytest.mark.django_db
@fuzz(max_examples=250)
@given(pairs=st.lists(st.tuples(st.sampled_from(["level", "parent", "valid_on"]), junk), max_size=3))
@example(pairs=[("valid_on", "２０２５-01-01")])
@example(pairs=[("valid_on", "9999-12-31")])
@example(pairs=[("parent", "\x00")])
def test_area_list_parameters_never_cause_a_server_error(client, library, pairs):
    assert_no_server_error(client, f"/api/areas?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=400)
@given(
    kind=st.sampled_from(["api", "page"]),
    level=st.one_of(st.just("district"), st.just("district"), st.sampled_from(["province", "DISTRICT"]), junk),
    code=st.one_of(st.just("435"), st.just("435"), st.sampled_from(["٤٣٥", "0435", "435 "]), junk),
    pairs=st.lists(st.tuples(st.sampled_from(["zoom", "geometry"]), junk), max_size=2),
)
@example(kind="api", level="district", code="435", pairs=[("zoom", "١٢")])
@example(kind="api", level="district", code="435", pairs=[("zoom", "9" * 5000)])
@example(kind="api", level="district", code="435", pairs=[("geometry", "full")])
def test_area_paths_and_parameters_never_cause_a_server_error(client, library, kind, level, code, pairs):
    prefix = "/api/areas" if kind == "api" else "/khu-vuc"
    suffix = "" if kind == "api" else "/"
    level_part, code_part = quote(level, safe=""), quote(code, safe="")
    assert_no_server_error(client, f"{prefix}/{level_part}/{code_part}{suffix}?{query_string(pairs)}")


# ---------------------------------------------------------------------------------------
# Identifiers in paths: records, cards, manifests, images, documents, uploads, groups.

ID_ROUTES = [
    "/r/{}/",
    "/api/records/{}/card",
    "/documents/{}/nothing.pdf",
    "/dan-toc/{}/",
]


@pytest.mark.django_db
@fuzz(max_examples=600)
@given(route=st.sampled_from(ID_ROUTES), identifier=segment(identifiers))
@example(route="/r/{}/", identifier=quote("١٢٣"))
@example(route="/api/records/{}/card", identifier="9" * 19)
@example(route="/documents/{}/nothing.pdf", identifier="9" * 30)
def test_identifiers_in_paths_never_cause_a_server_error(client, library, route, identifier):
    assert_no_server_error(client, route.format(identifier))


IIIF_ID_ROUTES = [
    "/iiif/manifest/{}",
    "/iiif/collection/{}",
    "/iiif/3/{}",
    "/iiif/3/{}/info.json",
    "/iiif/3/{}/full/max/0/default.jpg",
]


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(route=st.sampled_from(IIIF_ID_ROUTES), identifier=segment(identifiers))
@example(route="/iiif/manifest/{}", identifier="9" * 30)
@example(route="/iiif/collection/{}", identifier="18446744073709551616")
@example(route="/iiif/3/{}/info.json", identifier="９" * 30)
@example(route="/iiif/3/{}/info.json", identifier=quote("١٢٣"))
@example(route="/iiif/3/{}/info.json", identifier=quote("²"))
def test_iiif_identifiers_are_not_a_server_error(client, library, route, identifier):
    assert_no_server_error(client, route.format(identifier))


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(path=st.lists(segment(junk), min_size=1, max_size=4).map("/".join))
@example(path="original_images/%00.jpg")
@example(path="..%2F..%2Fetc%2Fpasswd")
@example(path="images/" + "a" * 5000 + ".jpg")
def test_upload_paths_never_cause_a_server_error(client, library, path):
    assert_no_server_error(client, f"{django_settings.MEDIA_URL}{path}")


# ---------------------------------------------------------------------------------------
# IIIF Image API parameters: a 400 for anything the server cannot produce, never a 500.

regions = st.one_of(
    st.sampled_from(["full", "square", "pct:0,0,50,50", "0,0,600,400", "599,399,1,1", "600,0,1,1", "0,0,0,0"]),
    st.sampled_from(["0,0,99999999999999999999,1", "١,٢,٣,٤", "-1,0,10,10", "1e3,0,10,10", "0,0," + "9" * 400 + ",1"]),
    st.lists(st.integers(min_value=-5, max_value=10**25).map(str), min_size=3, max_size=5).map(",".join),
    junk,
)
sizes = st.one_of(
    st.sampled_from(["max", "100,", ",50", "300,200", "600,", "^max", "^1200,"]),
    st.sampled_from(
        [
            "max",
            "^max",
            "pct:1e9",
            "pct:50",
            "^pct:200",
            "99999999,99999999",
            "^99999999,99999999",
            "^99999999,",
            "^,99999999",
            "16384,",
            "^16384,",
            "0,",
            ",0",
            "0,0",
            "!100,100",
            "^!100,100",
            "١٠٠,",
            "100,١٠٠",
            "9" * 400 + ",",
            "," + "9" * 400,
            "^" + "9" * 400 + ",",
        ]
    ),
    st.tuples(st.sampled_from(["", "^", "!", "^!"]), big_numbers, big_numbers).map(lambda t: f"{t[0]}{t[1]},{t[2]}"),
    st.tuples(st.sampled_from(["", "^"]), st.integers(min_value=0, max_value=10**12).map(str)).map(
        lambda t: f"{t[0]}{t[1]},"
    ),
    junk,
)
rotations = st.one_of(st.just("0"), st.sampled_from(["90", "!0", "360", "-0", "0.0", "١", "1e309", "NaN"]), junk)
quality_formats = st.one_of(
    st.sampled_from(["default.jpg", "default.webp"]),
    st.sampled_from(["color.png", "default", ".jpg", "default.", "default.jpg.jpg", "default.JPG"]),
    st.tuples(junk, junk).map(".".join),
)


@pytest.mark.django_db
@fuzz(max_examples=800)
@given(region=regions, size=sizes, rotation=rotations, quality_format=quality_formats)
@example(region="full", size="99999999,99999999", rotation="0", quality_format="default.jpg")
@example(region="full", size="^99999999,", rotation="0", quality_format="default.webp")
@example(region="full", size="^max", rotation="0", quality_format="default.webp")
@example(region="full", size="pct:1e9", rotation="0", quality_format="default.jpg")
@example(region="0,0,99999999999999999999,1", size="max", rotation="0", quality_format="default.jpg")
@example(region="5000,5000,10,10", size="max", rotation="0", quality_format="default.jpg")
@example(region="full", size="9" * 400 + ",", rotation="0", quality_format="default.jpg")
@example(region="full", size="^" + "9" * 400 + ",", rotation="0", quality_format="default.jpg")
@example(region="full", size="^,99999999999999999999", rotation="0", quality_format="default.jpg")
def test_iiif_image_parameters_are_a_400_never_a_500(client, library, region, size, rotation, quality_format):
    parts = [quote(part, safe="") for part in (region, size, rotation, quality_format)]
    url = "/iiif/3/{}/{}".format(library["photo"].pk, "/".join(parts))
    response = assert_no_server_error(client, url)
    assert response.status_code in (200, 303, 304, 400, 404), (url, response.status_code)


@pytest.mark.django_db
def test_a_webp_beyond_the_encoders_limit_is_a_400_that_says_so(client, record_index):
    wide = make_image(title="Ảnh toàn cảnh", file_bytes=jpeg_of((16_500, 8)))
    make_record(record_index, title="Toàn cảnh lễ hội", main_image=wide)

    response = client.get(f"/iiif/3/{wide.pk}/full/16500,/0/default.webp")
    assert response.status_code == 400
    assert "16383" in response.content.decode()
    # `max` is the largest image the format can carry, not an error.
    produced = client.get(f"/iiif/3/{wide.pk}/full/max/0/default.webp")
    assert produced.status_code == 200
    assert Image.open(io.BytesIO(produced.content)).width <= 16_383
    # JPEG carries the full width.
    assert client.get(f"/iiif/3/{wide.pk}/full/16500,/0/default.jpg").status_code == 200


MAP_LAYER_VALUES = {
    "zoom": ["0", "6", "12", "20", "21", "-1", "1e3", "١٢", "9" * 30],
    "view": ["108,14,109,16", "102,6,118,23.5", "1,2,3", "nan,nan,nan,nan"],
    "hide_type": ["festival", "custom", "nothing"],
    "hide_group": ["hre", "co", "\x00"],
    "type": ["festival"],
    "level": ["district", "province", "commune"],
}


@pytest.mark.django_db
@fuzz(max_examples=200)
@given(
    url=st.sampled_from(["/api/records.geojson", "/api/areas.geojson", "/api/areas/outlines.geojson"]),
    pairs=st.lists(
        st.sampled_from(sorted(MAP_LAYER_VALUES)).flatmap(
            lambda name: st.tuples(st.just(name), st.one_of(st.sampled_from(MAP_LAYER_VALUES[name]), junk))
        ),
        max_size=4,
    ),
    marker_limit=st.sampled_from([0, 2000]),  # 0: every view is clusters, whatever the size
)
def test_map_layer_parameters_never_cause_a_server_error(client, library, url, pairs, marker_limit):
    from django.test import override_settings

    with override_settings(HERITAGE_MAP_MARKER_LIMIT=marker_limit):
        assert_no_server_error(client, f"{url}?{query_string(pairs)}")


# ---------------------------------------------------------------------------------------
# The dictionaries: the lookup box, the A–Z letter and page, autocomplete, word pages.


@pytest.fixture
def dictionary_words(library):
    from tests.dictionary.conftest import make_entry

    return [make_entry(headword="kapô", glosses=[("con trâu", "buffalo")]), make_entry(headword="chơ")]


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(
    url=st.sampled_from(["/tu-dien/hre/", "/tu-dien/hre/goi-y.json", "/tu-dien/cua/", "/en/tu-dien/hre/"]),
    pairs=st.lists(st.tuples(st.sampled_from(["q", "chu", "trang"]), junk), max_size=3),
)
@example(url="/tu-dien/hre/", pairs=[("q", "a\x00b")])
@example(url="/tu-dien/hre/", pairs=[("chu", "ch"), ("trang", "9" * 30)])
@example(url="/tu-dien/hre/", pairs=[("chu", "\x00")])
@example(url="/tu-dien/hre/goi-y.json", pairs=[("q", "%" * 300)])
def test_dictionary_parameters_never_cause_a_server_error(client, dictionary_words, url, pairs):
    assert_no_server_error(client, f"{url}?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(
    route=st.sampled_from(["/tu-dien/{}/", "/tu-dien/hre/{}/", "/tu-dien/ghi-am/{}/", "/tu-dien/{}/xuat.lift"]),
    identifier=identifiers,
)
def test_dictionary_path_segments_never_cause_a_server_error(client, dictionary_words, route, identifier):
    assert_no_server_error(client, route.format(quote(identifier, safe="")))


# ---------------------------------------------------------------------------------------
# Research tools: exports of a search, citations of a record, shared lists.

EXPORT_FORMATS = st.one_of(st.sampled_from(["json", "geojson", "ris", "bib", "csl-json"]), segment(junk))


def streamed(response):
    """The whole body of a (possibly streamed) answer: an error inside a stream is a 5xx too."""
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(format_name=EXPORT_FORMATS, pairs=search_queries())
@example(format_name="ris", pairs=[("q", "Lễ"), ("sort", "title")])
@example(format_name="geojson", pairs=[("bbox", "1e309,1,2,3")])
@example(format_name="bib", pairs=[("page", "١٢")])
def test_search_exports_never_cause_a_server_error(client, library, format_name, pairs):
    streamed(assert_no_server_error(client, f"/nghien-cuu/xuat/{format_name}/?{query_string(pairs)}"))


@pytest.mark.django_db
@fuzz(max_examples=200)
@given(identifier=segment(identifiers), format_name=EXPORT_FORMATS)
@example(identifier="9" * 19, format_name="ris")
def test_citation_paths_never_cause_a_server_error(client, library, identifier, format_name):
    assert_no_server_error(client, f"/nghien-cuu/trich-dan/{identifier}/{format_name}/")


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(token=segment(junk), format_name=st.one_of(st.none(), EXPORT_FORMATS))
@example(token="A" * 32, format_name=None)
@example(token="A" * 32, format_name="json")
def test_shared_list_paths_never_cause_a_server_error(client, library, token, format_name):
    suffix = f"xuat/{format_name}/" if format_name else ""
    streamed(assert_no_server_error(client, f"/danh-sach-chia-se/{token}/{suffix}"))


# ---------------------------------------------------------------------------------------
# Statistics: the period and the library's filters, on the page, its files and its map.

STATISTICS_VALUES = {
    "from": ["2024", "2025-03", "2025-03-08", "2025-02-30", "1899", "2101", "２０２５", "2025-1-1"],
    "to": ["2025", "2025-12", "2024-12-31", "0000", "2025-00"],
    "type": ["festival", "custom", "product"],
    "group": ["hre", "co"],
    "province": ["51"],
    "subject": ["le-hoi"],
    "zoom": ["6", "9", "12", "21", "١٢"],
    "view": ["108,14,109,16", "1,2,3"],
}


@pytest.mark.django_db
@fuzz(max_examples=250)
@given(
    url=st.sampled_from(
        ["/thong-ke/", "/thong-ke/bao-cao.xlsx", "/thong-ke/bang/summary.csv", "/thong-ke/khu-vuc.geojson"]
        + ["/en/thong-ke/"]
    ),
    pairs=st.lists(
        st.sampled_from(sorted(STATISTICS_VALUES)).flatmap(
            lambda name: st.tuples(st.just(name), st.one_of(st.sampled_from(STATISTICS_VALUES[name]), junk))
        ),
        max_size=4,
    ),
)
@example(url="/thong-ke/", pairs=[("from", "9" * 30)])
@example(url="/thong-ke/", pairs=[("from", "2025"), ("to", "2024")])
@example(url="/thong-ke/bao-cao.xlsx", pairs=[("group", "\x00")])
@example(url="/thong-ke/khu-vuc.geojson", pairs=[("zoom", "9" * 5000)])
def test_statistics_parameters_never_cause_a_server_error(client, library, url, pairs):
    assert_no_server_error(client, f"{url}?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=60)
@given(key=segment(junk))
@example(key="summary")
@example(key="%00")
def test_statistics_table_names_never_cause_a_server_error(client, library, key):
    assert_no_server_error(client, f"/thong-ke/bang/{key}.csv")


# ---------------------------------------------------------------------------------------
# Exports in the bulk import format (bulk/): the library's filters, a search's, the format.


@pytest.mark.django_db
@fuzz(max_examples=150)
@given(
    url=st.sampled_from(["/xuat/ho-so.csv", "/xuat/ho-so.xlsx", "/xuat/tim-kiem.csv", "/xuat/tim-kiem.xlsx"]),
    pairs=search_queries(),
)
@example(url="/xuat/ho-so.csv", pairs=[("group", "a\x00b")])
@example(url="/xuat/tim-kiem.xlsx", pairs=[("page", "9" * 30)])
def test_export_parameters_never_cause_a_server_error(client, library, url, pairs):
    assert_no_server_error(client, f"{url}?{query_string(pairs)}")


@pytest.mark.django_db
@fuzz(max_examples=60)
@given(extension=segment(junk))
def test_export_formats_never_cause_a_server_error(client, library, extension):
    assert_no_server_error(client, f"/xuat/ho-so.{extension}")
    assert_no_server_error(client, f"/xuat/tim-kiem.{extension}")


# ---------------------------------------------------------------------------------------
# The read API (/api/v1/): its record list takes the search parameters and its own
# `page_size` and `collection`; identifiers and codes in its paths.

API_LIST_VALUES = {"page_size": ["1", "20", "100", "101", "0"], "collection": ["1", "99999"]}


@st.composite
def api_list_queries(draw):
    pairs = draw(search_queries())
    for name in draw(st.lists(st.sampled_from(sorted(API_LIST_VALUES)), max_size=2)):
        pairs.append((name, draw(st.one_of(st.sampled_from(API_LIST_VALUES[name]), junk))))
    return pairs


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(
    url=st.sampled_from(["/api/v1/records", "/api/v1/search", "/api/v1/map/records", "/api/v1/ethnic-groups"]),
    pairs=api_list_queries(),
)
@example(url="/api/v1/records", pairs=[("page_size", "9" * 30)])
@example(url="/api/v1/records", pairs=[("collection", "\x00")])
@example(url="/api/v1/records", pairs=[("page", "١٢")])
@example(url="/api/v1/map/records", pairs=[("area", "district/\x00")])
def test_read_api_parameters_never_cause_a_server_error(client, library, url, pairs):
    response = assert_no_server_error(client, f"{url}?{query_string(pairs)}")
    assert response["Content-Type"].startswith(("application/json", "application/geo+json"))


API_ROUTES = [
    "/api/v1/records/{}",
    "/api/v1/collections/{}",
    "/api/v1/ethnic-groups/{}",
    "/api/v1/areas/district/{}",
    "/api/v1/areas/{}/435",
    "/api/v1/{}",
]


@pytest.mark.django_db
@fuzz(max_examples=300)
@given(route=st.sampled_from(API_ROUTES), identifier=segment(identifiers))
@example(route="/api/v1/records/{}", identifier="9" * 19)
@example(route="/api/v1/areas/district/{}", identifier="%00")
@example(route="/api/v1/ethnic-groups/{}", identifier="%00")
def test_read_api_paths_never_cause_a_server_error_and_answer_json(client, library, route, identifier):
    response = assert_no_server_error(client, route.format(identifier))
    if response.status_code != 302:  # /api/v1/ itself sends readers to the docs page
        assert response["Content-Type"].startswith("application/json"), route.format(identifier)
