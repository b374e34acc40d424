"""Exports of a search result and citations of a record: every format reads back with
the library that reads it, and holds only what the caller may see."""

import json

import bibtexparser
import pytest
import rispy
from django.http import StreamingHttpResponse
from django.utils import timezone

from tests.factories import make_record, make_user
from tests.search.conftest import search_backend  # noqa: F401 - every engine

FORMATS = ("json", "geojson", "ris", "bib", "csl-json")
EXACT = ("15.1234567", "108.5432109", "15.12345", "108.54321")


def body(response):
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def published_year(record):
    """The year a citation gives: of the day of publication in Vietnam (UTC's year lags
    behind it for seven hours at New Year)."""
    return timezone.localtime(record.first_published_at).year


def export(client, format_name, query="q=trâu"):
    response = client.get(f"/nghien-cuu/xuat/{format_name}/?{query}")
    assert response.status_code == 200, body(response)
    return response, body(response)


def titles_in(format_name, text):
    if format_name == "json":
        return [row["title"] for row in json.loads(text)]
    if format_name == "geojson":
        return [feature["properties"]["title"] for feature in json.loads(text)["features"]]
    if format_name == "ris":
        return [entry["title"] for entry in rispy.loads(text)]
    if format_name == "bib":
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
        return [entry["title"].strip("{}") for entry in library.entries]
    return [item["title"] for item in json.loads(text)]


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", FORMATS)
def test_each_format_parses_back_with_its_library(client, collection, format_name):
    response, text = export(client, format_name)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    found = titles_in(format_name, text)
    assert "Lễ ăn trâu của người Hrê" in found
    assert "Lễ cúng rừng thiêng ăn trâu" in found


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", FORMATS)
def test_anonymous_export_holds_no_restricted_record_nor_protected_place(client, collection, format_name):
    _response, text = export(client, format_name)
    assert "kín của cộng đồng" not in text
    assert "nội bộ" not in text
    assert not any(value in text for value in EXACT)
    assert f"/r/{collection['community'].pk}/" not in text
    assert f"/r/{collection['staff'].pk}/" not in text


@pytest.mark.django_db
def test_geojson_gives_a_protected_place_only_at_its_generalised_point(client, collection, community_member):
    _response, text = export(client, "geojson")
    sacred = next(f for f in json.loads(text)["features"] if f["id"] == collection["sacred"].pk)
    assert sacred["properties"]["location_exact"] is False
    assert sacred["geometry"]["coordinates"] != [108.5432109, 15.1234567]

    client.force_login(community_member)
    _response, text = export(client, "geojson")
    features = {feature["id"]: feature for feature in json.loads(text)["features"]}
    assert features[collection["sacred"].pk]["geometry"]["coordinates"] == [108.5432109, 15.1234567]
    assert features[collection["sacred"].pk]["properties"]["location_exact"] is True
    assert collection["community"].pk not in features  # no place: not a feature, but in JSON
    _response, text = export(client, "json")
    ids = {row["id"] for row in json.loads(text)}
    assert collection["community"].pk in ids and collection["staff"].pk not in ids


@pytest.mark.django_db
def test_staff_export_holds_staff_records(client, collection, curator):
    client.force_login(curator)
    _response, text = export(client, "ris")
    assert "Hồ sơ trâu nội bộ" in titles_in("ris", text)


@pytest.mark.django_db
def test_citation_fields_read_back(client, collection):
    record = collection["public"]
    ris_entry = rispy.loads(body(client.get(f"/nghien-cuu/trich-dan/{record.pk}/ris/")))[0]
    assert ris_entry["type_of_reference"] == "ELEC"
    assert ris_entry["authors"] == ["Nguyễn Văn Hùng", "Đinh Thị Hoa"]  # researcher, recorder
    assert ris_entry["secondary_authors"] == ["Phạm Văn Biên"]  # editor; not the narrator
    assert ris_entry["urls"] == [f"http://testserver/r/{record.pk}/"]
    assert ris_entry["abstract"] == "Lễ hội lớn nhất năm {50%} & cầu mùa_ ở Sơn Hà."

    entry = bibtexparser.parse_string(body(client.get(f"/nghien-cuu/trich-dan/{record.pk}/bib/"))).entries[0]
    assert entry.key == f"heritage-record-{record.pk}"
    assert entry["url"] == f"http://testserver/r/{record.pk}/"
    assert entry["author"] == "{Nguyễn Văn Hùng} and {Đinh Thị Hoa}"
    # LaTeX's special characters are escaped, braces cannot unbalance the entry.
    assert entry["abstract"] == r"Lễ hội lớn nhất năm (50\%) \& cầu mùa\_ ở Sơn Hà."

    item = json.loads(body(client.get(f"/nghien-cuu/trich-dan/{record.pk}/csl-json/")))[0]
    assert item["type"] == "webpage"
    assert item["URL"] == f"http://testserver/r/{record.pk}/"
    assert item["author"] == [{"literal": "Nguyễn Văn Hùng"}, {"literal": "Đinh Thị Hoa"}]
    assert item["issued"]["date-parts"][0][0] == published_year(record)


@pytest.mark.django_db
def test_record_page_offers_the_formats_and_a_formatted_citation(client, collection):
    record = collection["public"]
    html = client.get(record.url).content.decode()
    assert (
        f"Nguyễn Văn Hùng, Đinh Thị Hoa ({published_year(record)}). Lễ ăn trâu của người Hrê. "
        "Thư viện điện tử di sản các dân tộc." in html
    )
    assert f'<a href="http://testserver/r/{record.pk}/">' in html
    for format_name in ("ris", "bib", "csl-json"):
        assert f'href="/nghien-cuu/trich-dan/{record.pk}/{format_name}/"' in html
    assert "[Buffalo-offering rite of the Hrê]" not in html


@pytest.mark.django_db
def test_the_english_page_cites_the_published_title_with_its_translation(client, collection):
    record, plain = collection["public"], collection["sacred"]
    english, plain_english = (f"/en{page.url}" for page in (record, plain))
    html = client.get(english).content.decode()
    assert (
        f"Nguyễn Văn Hùng, Đinh Thị Hoa ({published_year(record)}). "
        "Lễ ăn trâu của người Hrê [Buffalo-offering rite of the Hrê]. " in html
    )
    # A record without an English title is cited by its title alone, no empty brackets.
    assert f"({published_year(plain)}). Lễ cúng rừng thiêng ăn trâu. " in client.get(plain_english).content.decode()


@pytest.mark.django_db
def test_citation_of_a_restricted_record_is_not_found(client, collection, community_member):
    path = f"/nghien-cuu/trich-dan/{collection['community'].pk}/ris/"
    assert client.get(path).status_code == 404
    client.force_login(community_member)
    assert client.get(path).status_code == 200
    assert client.get(f"/nghien-cuu/trich-dan/{collection['staff'].pk}/bib/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/nghien-cuu/xuat/pdf/?q=trâu", "/nghien-cuu/trich-dan/1/json/", "/nghien-cuu/trich-dan/99999/ris/"],
)
def test_unknown_format_or_record_is_not_found(client, collection, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sort=sideways", "page=abc", "bbox=1,2,3", "ocop=7", "q=" + "a" * 600])
def test_bad_search_parameters_are_a_clear_400(client, collection, query):
    response = client.get(f"/nghien-cuu/xuat/json/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_a_result_beyond_the_limit_is_refused_with_a_sentence(client, collection, settings):
    settings.HERITAGE_EXPORT_LIMIT = 1
    response = client.get("/nghien-cuu/xuat/json/?q=trâu")
    assert response.status_code == 400
    assert "Tìm kiếm này thấy 2 hồ sơ" in response.content.decode()
    assert "data-export-too-large" in client.get("/search/?q=trâu").content.decode()


@pytest.mark.django_db
def test_export_follows_the_search_order_across_chunks(client, record_index, monkeypatch):
    monkeypatch.setattr("research.exports.EXPORT_CHUNK", 2)
    for title in ("Lễ E", "Lễ B", "Lễ D", "Lễ A", "Lễ C"):
        make_record(record_index, title=title)
    _response, text = export(client, "json", "sort=title")
    assert [row["title"] for row in json.loads(text)] == ["Lễ A", "Lễ B", "Lễ C", "Lễ D", "Lễ E"]
    _response, text = export(client, "ris", "sort=date")
    assert titles_in("ris", text) == ["Lễ C", "Lễ A", "Lễ D", "Lễ B", "Lễ E"]
    _response, text = export(client, "csl-json", "sort=title&q=Lễ")
    assert len(json.loads(text)) == 5


@pytest.mark.django_db
def test_search_page_links_the_exports_of_its_query_without_the_page(client, collection):
    html = client.get("/search/?q=tr%C3%A2u&group=hre&page=1").content.decode()
    assert 'href="/nghien-cuu/xuat/geojson/?q=tr%C3%A2u&amp;group=hre"' in html
    assert "Đăng nhập" in html


@pytest.mark.django_db
def test_an_empty_result_exports_an_empty_file(client, collection):
    _response, text = export(client, "geojson", "q=khongcoketqua")
    assert json.loads(text) == {"type": "FeatureCollection", "features": []}
    _response, text = export(client, "ris", "q=khongcoketqua")
    assert text == ""


@pytest.mark.django_db
def test_exports_are_private_to_their_caller(client, collection):
    user = make_user("doc-gia")
    client.force_login(user)
    response, _text = export(client, "json")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_every_engine_exports_the_whole_visible_result_in_its_order(client, search_backend, record_index):  # noqa: F811
    """On the database fallback, then on the OpenSearch node of SEARCH_TEST_URL."""
    for title in ("Lễ cầu mùa C", "Lễ cầu mùa A", "Lễ cầu mùa B"):
        make_record(record_index, title=title)
    make_record(record_index, title="Lễ cầu mùa kín", access_level="community")
    _response, text = export(client, "json", "q=cầu mùa&sort=title")
    assert [row["title"] for row in json.loads(text)] == ["Lễ cầu mùa A", "Lễ cầu mùa B", "Lễ cầu mùa C"]
    _response, text = export(client, "csl-json", "q=cau mua")
    assert sorted(item["title"] for item in json.loads(text)) == ["Lễ cầu mùa A", "Lễ cầu mùa B", "Lễ cầu mùa C"]
