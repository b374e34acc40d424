"""Files stream: the first bytes before any query, a fixed number of queries per chunk
of rows (none per row), revalidation with ETag and Last-Modified, stable columns."""

import csv
import gzip
import io
import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from heritage.synthetic import generate_records
from tests.opendata.conftest import FILES, body_of, download

RECORD_COLUMNS = (
    "id,url,record_type,title,title_en,summary,summary_en,ethnic_groups,ethnic_group_names,subjects,"
    "province_code,province_name,areas,place_name,admin_unit,latitude,longitude,location_exact,recorded_on,"
    "period_label,period_start_year,period_end_year,calendar,month,day,leap_month,timing_note,frequency,"
    "custom_category,vitality,product_kind,ocop_stars,makers,materials,licence,licence_url,rights_holder,"
    "first_published,last_published"
)
ETHNIC_GROUP_COLUMNS = (
    "slug,name,name_en,autonyms,alternative_names,local_groups,is_minority,language_family,language_branch,"
    "population_2019,main_provinces,description,description_en,url,public_records"
)
AREA_COLUMNS = (
    "level,code,name,parent,valid_from,valid_to,successors,ethnic_groups,min_longitude,min_latitude,"
    "max_longitude,max_latitude,url,public_records,source,modified"
)


def queries_to_download(client, filename):
    client.head(f"/du-lieu-mo/{filename}")  # the catalogue notes the new version first
    with CaptureQueriesContext(connection) as captured:
        download(client, filename)
    return len(captured)


@pytest.mark.django_db
def test_the_first_bytes_leave_before_any_query_of_rows(client, library):
    response = client.get("/du-lieu-mo/records.csv")
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as captured:
        first = next(pieces)
    assert len(captured) == 0
    assert first == ("\ufeff" + RECORD_COLUMNS + "\r\n").encode()
    b"".join(pieces)


@pytest.mark.django_db
@pytest.mark.parametrize("filename", ["records.csv", "records.json", "records.geojson", "areas.geojson"])
def test_queries_do_not_grow_with_the_number_of_records(client, record_index, filename):
    generate_records(40, seed=1)
    few = queries_to_download(client, filename)
    generate_records(400, seed=2)
    many = queries_to_download(client, filename)
    assert many == few


@pytest.mark.django_db
def test_each_chunk_of_rows_costs_a_fixed_number_of_queries(
    client, record_index, monkeypatch, django_assert_max_num_queries
):
    from opendata import datasets

    monkeypatch.setattr(datasets, "RECORD_CHUNK", 50)
    generate_records(300, seed=3)
    rows = len(json.loads(download(client, "records.json")))  # also settles the catalogue's version
    chunks = rows // 50 + 1
    # Two fingerprints (before and after), the version, and the stored size, plus four
    # queries per chunk: its rows, ethnic groups, subjects and areas.
    with django_assert_max_num_queries(40 + 4 * chunks):
        download(client, "records.json")


@pytest.mark.django_db
def test_column_names_are_stable(client, library):
    assert download(client, "records.csv").decode("utf-8-sig").splitlines()[0] == RECORD_COLUMNS
    assert download(client, "ethnic-groups.csv").decode("utf-8-sig").splitlines()[0] == ETHNIC_GROUP_COLUMNS
    assert download(client, "areas.csv").decode("utf-8-sig").splitlines()[0] == AREA_COLUMNS
    record = json.loads(download(client, "records.json"))[0]
    assert ",".join(record) == RECORD_COLUMNS


@pytest.mark.django_db
def test_csv_is_utf8_with_a_bom_iso_dates_lists_and_no_formulas(client, library):
    body = download(client, "records.csv")
    assert body.startswith(b"\xef\xbb\xbfid,")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}
    product = rows[str(library["records"]["product"].pk)]
    assert product["title"] == "'=Dệt thổ cẩm"  # a spreadsheet would run "=..." as a formula
    assert product["ethnic_groups"] == "hre|co"
    assert product["ethnic_group_names"] == "Hrê|Co"
    assert product["ocop_stars"] == "4"
    assert product["latitude"] == product["location_exact"] == ""
    festival = rows[str(library["records"]["festival"].pk)]
    assert festival["record_type"] == "festival" and festival["calendar"] == "lunar" and festival["month"] == "1"
    assert festival["location_exact"] == "true"
    assert festival["first_published"].endswith("Z") and "T" in festival["first_published"]
    assert festival["url"] == f"http://testserver/r/{festival['id']}/"
    json_product = next(row for row in json.loads(download(client, "records.json")) if row["title"].endswith("cẩm"))
    assert json_product["title"] == "=Dệt thổ cẩm"
    assert json_product["ethnic_groups"] == ["hre", "co"]


@pytest.mark.django_db
def test_files_revalidate_with_etag_and_last_modified(client, library):
    response = client.get("/du-lieu-mo/records.csv")
    body_of(response)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert response["Cache-Control"] == "public, no-cache"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/du-lieu-mo/records.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/du-lieu-mo/records.csv", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    time.sleep(0.01)
    record = library["records"]["festival"]
    record.access_level = "staff"
    record.save_revision().publish()
    changed = client.get("/du-lieu-mo/records.csv", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert client.get("/du-lieu-mo/records.csv", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


@pytest.mark.django_db
def test_a_renamed_ethnic_group_changes_the_files_etag(client, library):
    from heritage.models import EthnicGroup

    etag = client.get("/du-lieu-mo/ethnic-groups.csv")["ETag"]
    EthnicGroup.objects.filter(slug="hre").update(name_en="Hre (H're)")
    assert client.get("/du-lieu-mo/ethnic-groups.csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_files_are_gzipped_for_clients_that_accept_it(client, library):
    plain = download(client, "records.json")
    response = client.get("/du-lieu-mo/records.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(body_of(response)) == plain


@pytest.mark.django_db
def test_head_answers_with_the_validators_and_no_body(client, library):
    response = client.head("/du-lieu-mo/records.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert response["ETag"] and response["Last-Modified"]
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["passwords.csv", "records.xml", "records", "..%2Fsettings.py"])
def test_unknown_files_are_not_found(client, site_tree, path):
    assert client.get(f"/du-lieu-mo/{path}").status_code == 404


@pytest.mark.django_db
def test_every_file_is_valid_json_or_csv_when_there_is_no_data(client, site_tree):
    for filename in FILES:
        body = download(client, filename).decode("utf-8-sig")
        if filename.endswith(".csv"):
            assert len(body.splitlines()) == (55 if filename.startswith("ethnic") else 1)
        else:
            json.loads(body)


@pytest.mark.django_db
def test_last_modified_moves_forward_on_every_change(client, library):
    first = client.head("/du-lieu-mo/areas.csv")["Last-Modified"]
    library["district"].save()
    second = client.head("/du-lieu-mo/areas.csv")["Last-Modified"]
    assert second != first
    assert http_date(0) not in (first, second)
