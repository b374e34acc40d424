"""The open-data page at /du-lieu-mo/: each dataset with its rows, sizes, last update,
licence and data dictionary; Vietnamese first, English on the switch; in the footer."""

import re

import pytest
from django.utils import timezone

from opendata.models import CatalogueVersion
from tests.opendata.conftest import FILES, download


def section(html, key):
    match = re.search(rf'<section class="dataset" id="{key}".*?</section>', html, re.S)
    assert match, key
    return match.group(0)


@pytest.mark.django_db
def test_page_lists_each_dataset_with_rows_size_and_last_update(client, library):
    response = client.get("/du-lieu-mo/")
    assert response.status_code == 200
    html = response.content.decode()
    since = timezone.localtime(CatalogueVersion.objects.get().since)  # Vietnam's time
    expected_rows = {"records": "3", "ethnic-groups": "54", "areas": "1", "dictionary": "2"}
    for key, rows in expected_rows.items():
        part = section(html, key)
        assert f"<dd data-rows>{rows}</dd>" in part
        assert f"data-last-update>{since:%Y-%m-%d %H:%M}</time>" in part
        assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in part
        assert "Từ điển dữ liệu" in part
    for filename in FILES:
        match = re.search(rf'href="/du-lieu-mo/{re.escape(filename)}" data-size="(\d+)"', html)
        assert match and int(match.group(1)) > 0, filename
    assert 'href="/du-lieu-mo/catalog.jsonld"' in html and 'href="/du-lieu-mo/datapackage.json"' in html
    # The dictionary names every column with its type and meaning.
    records = section(html, "records")
    assert "<code>location_exact</code>" in records and "không bao giờ là vị trí chính xác" in records
    assert "<code>festival</code>" in records  # the codes of a coded column


@pytest.mark.django_db
def test_sizes_become_exact_once_a_file_was_downloaded_whole(client, library):
    html = client.get("/du-lieu-mo/").content.decode()
    assert 'href="/du-lieu-mo/ethnic-groups.csv" data-size' in html
    # The ethnic groups fit in the sample: exact at once.
    ethnic = re.search(r'href="/du-lieu-mo/ethnic-groups.csv" data-size="(\d+)" data-exact="(\w+)"', html)
    assert ethnic.group(2) == "true"
    assert int(ethnic.group(1)) == len(download(client, "ethnic-groups.csv"))
    body = download(client, "records.csv")
    html = client.get("/du-lieu-mo/").content.decode()
    assert f'href="/du-lieu-mo/records.csv" data-size="{len(body)}" data-exact="true"' in html


@pytest.mark.django_db
def test_page_is_in_english_at_its_english_address(client, library):
    html = client.get("/en/du-lieu-mo/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Open data</h1>" in html
    assert "Data dictionary: 39 columns" in html
    assert "Heritage records" in html and "The exact place" not in html
    assert "true: the exact place; false: a generalised point." in html


@pytest.mark.django_db
def test_page_is_vietnamese_first(client, library):
    html = client.get("/du-lieu-mo/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Dữ liệu mở</h1>" in html
    assert "Cập nhật lần cuối" in html and "Hồ sơ di sản" in html


@pytest.mark.django_db
def test_footer_links_to_the_open_data_page(client, site_tree):
    html = client.get("/").content.decode()
    assert '<a href="/du-lieu-mo/">Dữ liệu mở</a>' in html


@pytest.mark.django_db
def test_page_works_on_an_empty_library(client, site_tree):
    html = client.get("/du-lieu-mo/").content.decode()
    assert "<dd data-rows>0</dd>" in section(html, "records")
