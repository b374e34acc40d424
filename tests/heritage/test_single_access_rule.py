"""The rule "which records may this caller see" lives in heritage/access.py alone, and
every cached answer built on it is retired the moment access changes."""

import re
from pathlib import Path

import pytest

from tests.factories import make_record

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "heritage",
    "search",
    "gis",
    "media",
    "demo",
    "exchange",
    "opendata",
    "festivals",
    "accounts",
    "operations",
    "audit",
    "dictionary",
    "research",
    "reporting",
    "linkeddata",
    "bulk",
    "api",
)
# Writing the access level by hand into a query: an ORM lookup, a comparison, or asking
# for the levels to filter with.
HAND_WRITTEN_RULE = re.compile(
    r"access_level__in|\.filter\([^)]*access_level\s*=|\.access_level\s*[!=]=|levels_visible_to\("
)
# The only other places that may name the levels: the search service hands them to the
# engine as data, and the engine turns them into its index query.
ALLOWED = {"heritage/access.py", "search/service.py", "search/backends/engine.py", "dictionary/engine.py"}


def python_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative and relative not in ALLOWED:
                yield relative, path.read_text(encoding="utf-8")


def test_no_module_but_the_access_module_filters_by_access_level():
    offenders = [
        f"{relative}:{number}: {line.strip()}"
        for relative, text in python_sources()
        for number, line in enumerate(text.splitlines(), 1)
        if HAND_WRITTEN_RULE.search(line)
    ]
    assert offenders == []


def test_the_check_catches_a_hand_written_filter():
    assert HAND_WRITTEN_RULE.search('RecordPage.objects.live().filter(access_level="public")')
    assert HAND_WRITTEN_RULE.search("records.filter(access_level__in=levels)")
    assert HAND_WRITTEN_RULE.search('public = record.access_level == "public"')
    assert not HAND_WRITTEN_RULE.search("RecordPage.objects.visible_to(request.user)")


@pytest.mark.django_db
class TestAccessChangesRetireCachedAnswers:
    def restrict(self, record):
        record.access_level = "community"
        record.save_revision().publish()

    def test_map_data_drops_a_record_made_community_only(self, client, record_index):
        record = make_record(record_index, title="Lễ cúng bến nước", latitude=15.04, longitude=108.47)
        first = client.get("/api/records.geojson")
        assert [feature["id"] for feature in first.json()["features"]] == [record.pk]
        self.restrict(record)
        assert client.get("/api/records.geojson").json()["features"] == []

    def test_map_data_is_revalidated_not_kept(self, client, record_index):
        make_record(record_index, latitude=15.04, longitude=108.47)
        response = client.get("/api/records.geojson")
        assert response["Cache-Control"] == "public, no-cache"
        again = client.get("/api/records.geojson", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304

    def test_etag_changes_when_access_changes(self, client, record_index):
        record = make_record(record_index, latitude=15.04, longitude=108.47)
        etag = client.get("/api/records.geojson")["ETag"]
        self.restrict(record)
        response = client.get("/api/records.geojson", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_popup_card_is_gone_once_restricted(self, client, record_index):
        record = make_record(record_index, latitude=15.04, longitude=108.47)
        assert client.get(f"/api/records/{record.pk}/card").status_code == 200
        self.restrict(record)
        assert client.get(f"/api/records/{record.pk}/card").status_code == 404

    def test_a_direct_save_of_a_live_record_also_bumps_the_version(self, record_index):
        from heritage.access import access_version

        record = make_record(record_index)
        before = access_version()
        record.access_level = "staff"
        record.save()
        assert access_version() > before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/r/99999999999999999999999/",
        "/r/١٢/",
        "/r/１２/",
        "/api/records/99999999999999999999999/card",
        "/api/records/-1/card",
    ],
)
def test_identifiers_out_of_range_or_not_ascii_are_not_found(client, site_tree, path):
    assert client.get(path, follow=True).status_code == 404


@pytest.mark.django_db
def test_community_member_sees_community_records_in_map_data(client, record_index, community_member):
    record = make_record(record_index, access_level="community", latitude=15.04, longitude=108.47)
    assert client.get("/api/records.geojson").json()["features"] == []
    client.force_login(community_member)
    response = client.get("/api/records.geojson")
    assert [feature["id"] for feature in response.json()["features"]] == [record.pk]
    assert response["Cache-Control"] == "private, no-cache"
