"""Every open-data file holds public records only, whoever downloads it, and never the
exact place of a protected record."""

import csv
import io
import json

import pytest

from tests.opendata.conftest import FILES, SACRED_FOREST, download

RESTRICTED_TITLES = (
    "Hồ sơ chỉ dành cho cộng đồng",
    "Hồ sơ chỉ dành cho cán bộ",
    "Bản nháp chưa duyệt",
    "từ kín của cộng đồng",
    "từ kín của cán bộ",
    "từ nháp chưa duyệt",
)


def record_ids_in(filename, body):
    text = body.decode("utf-8-sig")
    if filename == "records.csv":
        return {int(row["id"]) for row in csv.DictReader(io.StringIO(text))}
    if filename == "records.json":
        return {row["id"] for row in json.loads(text)}
    return {feature["id"] for feature in json.loads(text)["features"]}


def assert_nothing_restricted(client, library):
    records = library["records"]
    hidden = {records[key].pk for key in ("community", "staff", "draft")}
    for filename in (*FILES, "catalog.jsonld", "datapackage.json"):
        body = download(client, filename)
        text = body.decode("utf-8-sig")
        for title in RESTRICTED_TITLES:
            assert title not in text, (filename, title)
        for coordinate in SACRED_FOREST:
            assert str(coordinate) not in text, (filename, coordinate)
        if filename.startswith("records."):
            ids = record_ids_in(filename, body)
            assert not ids & hidden, filename
            assert records["festival"].pk in ids
        if filename.startswith("dictionary."):
            entries = library["entries"]
            for key in ("community", "staff", "draft"):
                assert str(entries[key].guid) not in text, (filename, key)
            assert str(entries["public"].guid) in text


@pytest.mark.django_db
def test_anonymous_visitor_gets_no_community_staff_or_draft_record_and_no_exact_protected_place(client, library):
    assert_nothing_restricted(client, library)


@pytest.mark.django_db
def test_staff_download_the_same_public_files(client, library, staff_member):
    client.force_login(staff_member)
    assert_nothing_restricted(client, library)


@pytest.mark.django_db
def test_a_protected_place_is_published_at_its_generalised_point(client, library):
    protected = library["records"]["protected"]
    rows = json.loads(download(client, "records.json"))
    row = next(row for row in rows if row["id"] == protected.pk)
    protected.refresh_from_db()
    assert (row["latitude"], row["longitude"]) == (protected.public_latitude, protected.public_longitude)
    assert (row["latitude"], row["longitude"]) != SACRED_FOREST
    assert row["location_exact"] is False
    assert row["areas"] == ["district/thu-son-ha"]

    features = json.loads(download(client, "records.geojson"))["features"]
    feature = next(feature for feature in features if feature["id"] == protected.pk)
    assert feature["geometry"]["coordinates"] == [protected.public_longitude, protected.public_latitude]


@pytest.mark.django_db
def test_a_record_made_community_only_leaves_every_file(client, library):
    record = library["records"]["festival"]
    assert record.pk in record_ids_in("records.csv", download(client, "records.csv"))
    record.access_level = "community"
    record.save_revision().publish()
    for filename in ("records.csv", "records.json", "records.geojson"):
        assert record.pk not in record_ids_in(filename, download(client, filename))
    groups = json.loads(download(client, "ethnic-groups.json"))
    areas = json.loads(download(client, "areas.json"))
    hre = next(group for group in groups if group["slug"] == "hre")
    # Left: the protected custom and the product (the festival is now community-only).
    assert hre["public_records"] == 2
    assert areas[0]["public_records"] == 1
