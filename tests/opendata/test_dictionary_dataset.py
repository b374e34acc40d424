"""The dictionary dataset: public, published entries only, stable documented columns,
glosses as lists in JSON, a new ETag when an entry is published or withdrawn, and the
same few queries per chunk however many entries there are."""

import csv
import io
import json

import pytest

from tests.dictionary.conftest import make_entry
from tests.opendata.conftest import download

DICTIONARY_COLUMNS = (
    "id,language,language_name,headword,homograph,part_of_speech,pronunciation,dialect,gloss_vi,gloss_en,"
    "variants,source_kind,source,source_url,url,first_published,last_modified"
)


def csv_rows(client):
    return list(csv.DictReader(io.StringIO(download(client, "dictionary.csv").decode("utf-8-sig"))))


@pytest.mark.django_db
def test_dictionary_columns_are_stable(client, library):
    assert download(client, "dictionary.csv").decode("utf-8-sig").splitlines()[0] == DICTIONARY_COLUMNS
    assert ",".join(json.loads(download(client, "dictionary.json"))[0]) == DICTIONARY_COLUMNS


@pytest.mark.django_db
def test_dictionary_files_hold_public_published_entries_with_their_senses(client, library):
    from dictionary.models import Variant

    entry = library["entries"]["public"]
    Variant.objects.create(entry=entry, form="kơpo", sort_order=0)
    rows = {row["id"]: row for row in csv_rows(client)}
    assert set(rows) == {str(library["entries"]["public"].guid), str(library["entries"]["co"].guid)}
    row = rows[str(entry.guid)]
    assert (row["language"], row["language_name"], row["headword"]) == ("hre", "Hrê", "kơpô")
    assert row["part_of_speech"] == "noun" and row["pronunciation"] == "/kəpoː/"
    assert row["gloss_vi"] == "con trâu|sức mạnh" and row["gloss_en"] == "buffalo|"
    assert row["variants"] == "kơpo"
    assert row["url"] == f"http://testserver/tu-dien/hre/{entry.pk}/"
    assert row["last_modified"].endswith("Z") and row["first_published"].endswith("Z")
    assert client.get(row["url"].removeprefix("http://testserver")).status_code == 200
    co = rows[str(library["entries"]["co"].guid)]
    assert co["headword"] == "'=pơtao"  # never a formula in a spreadsheet

    objects = {item["id"]: item for item in json.loads(download(client, "dictionary.json"))}
    item = objects[str(entry.guid)]
    assert item["gloss_vi"] == ["con trâu", "sức mạnh"] and item["gloss_en"] == ["buffalo", ""]
    assert item["homograph"] == 1 and item["source_url"] is None
    assert objects[str(library["entries"]["co"].guid)]["headword"] == "=pơtao"


@pytest.mark.django_db
def test_publishing_or_withdrawing_an_entry_changes_the_files(client, library):
    etag = client.get("/du-lieu-mo/dictionary.csv")["ETag"]
    assert client.get("/du-lieu-mo/dictionary.csv", HTTP_IF_NONE_MATCH=etag).status_code == 304

    draft = library["entries"]["draft"]
    draft.save_revision().publish()
    response = client.get("/du-lieu-mo/dictionary.csv", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert str(draft.guid) in {row["id"] for row in csv_rows(client)}

    etag = client.get("/du-lieu-mo/dictionary.csv")["ETag"]
    public = library["entries"]["public"]
    public.access_level = "community"
    public.save_revision().publish()
    response = client.get("/du-lieu-mo/dictionary.csv", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert str(public.guid) not in {row["id"] for row in csv_rows(client)}

    etag = client.get("/du-lieu-mo/dictionary.json")["ETag"]
    co = library["entries"]["co"]
    co.unpublish()
    assert client.get("/du-lieu-mo/dictionary.json", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert str(co.guid) not in download(client, "dictionary.json").decode()


@pytest.mark.django_db
def test_editing_a_public_entry_changes_the_etag(client, library):
    etag = client.get("/du-lieu-mo/dictionary.json")["ETag"]
    entry = library["entries"]["public"]
    entry.pronunciation = "/kəpo/"
    entry.save_revision().publish()
    response = client.get("/du-lieu-mo/dictionary.json", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "/kəpo/" in download(client, "dictionary.json").decode()


@pytest.mark.django_db
def test_dictionary_download_asks_a_fixed_number_of_queries_per_chunk(
    client, site_tree, django_assert_max_num_queries, monkeypatch
):
    from opendata import datasets

    monkeypatch.setattr(datasets, "RECORD_CHUNK", 5)
    for number in range(12):
        make_entry(headword=f"từ {number}", glosses=((f"nghĩa {number}", f"meaning {number}"),))
    client.head("/du-lieu-mo/dictionary.json")
    with django_assert_max_num_queries(40 + 3 * 3):
        rows = json.loads(download(client, "dictionary.json"))
    assert len(rows) == 12


@pytest.mark.django_db
def test_page_documents_the_dictionary_columns_to_an_anonymous_visitor(client, library):
    html = client.get("/du-lieu-mo/").content.decode()
    section = html[html.index('id="dictionary"') : html.index('id="about-the-files"')]
    assert "Từ điển Việt – Hrê và Việt – Co" in section
    assert "<dd data-rows>2</dd>" in section
    for column in DICTIONARY_COLUMNS.split(","):
        assert f"<code>{column}</code>" in section, column
    assert 'href="/du-lieu-mo/dictionary.csv"' in section and 'href="/du-lieu-mo/dictionary.json"' in section
    assert "geojson" not in section
    assert "từ kín của cộng đồng" not in html
