"""Counts after a change: ready for every audience before the first visitor (the warming
task queued by each publish, unpublish or access change), and right whether or not the
task has run yet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heritage.access import AccessLevel, access_version, audience, member_of
from heritage.models import CustomPage
from heritage.tasks import warm_counts
from tests.factories import make_record, make_user

AUDIENCES = ("public", "community", "staff")


@pytest.fixture
def visitors(db, community_member):
    """One client per audience, signed in as a member of it."""
    from django.test import Client

    clients = {"public": Client(), "community": Client(), "staff": Client()}
    clients["community"].force_login(community_member)
    clients["staff"].force_login(make_user("giam-tuyen", groups=["Curator"]))
    return clients


@pytest.fixture
def collection(record_index):
    """One record at each access level, all of the Hrê in Quảng Ngãi."""
    return {
        level: make_record(record_index, title=f"Hồ sơ {level}", access_level=level, groups=["hre"], province="51")
        for level in AUDIENCES
    }


def grouped_counts(client, url):
    """(response, the grouped COUNT queries the request made)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]


def seen_by_each_audience(visitors):
    """audience → (library total, home page's count for the Hrê, whether any count was
    worked out during the requests)."""
    seen = {}
    for name, client in visitors.items():
        library, library_counts = grouped_counts(client, "/ho-so/")
        home, home_counts = grouped_counts(client, "/")
        hre = next((group.record_count for group in home.context["groups_with_counts"] if group.slug == "hre"), 0)
        seen[name] = (library.context["paginator"].count, hre, bool(library_counts or home_counts))
    return seen


def change(settings, django_capture_on_commit_callbacks, warm, apply):
    """Apply a change as a curator would, with the warming task on or off; the task (if
    queued) runs when the change commits."""
    from heritage.access import _enqueue_warming

    settings.HERITAGE_WARM_COUNTS = warm
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply()
    assert callbacks.count(_enqueue_warming) == (1 if warm else 0)


def publish_community_record(record_index):
    return lambda: make_record(record_index, CustomPage, title="Tục mới", access_level="community", groups=["hre"])


@pytest.mark.django_db
@pytest.mark.parametrize("warm", [True, False], ids=["task-ran", "task-not-run"])
class TestCountsRightAfterAChange:
    def test_publish_of_a_community_record(
        self, settings, django_capture_on_commit_callbacks, visitors, collection, record_index, warm
    ):
        assert seen_by_each_audience(visitors)["community"][:2] == (2, 2)
        change(settings, django_capture_on_commit_callbacks, warm, publish_community_record(record_index))
        seen = seen_by_each_audience(visitors)
        assert {name: figures[:2] for name, figures in seen.items()} == {
            "public": (1, 1),
            "community": (3, 3),
            "staff": (4, 4),
        }
        # With the task run, no visitor of any audience waits for a count.
        assert {name: figures[2] for name, figures in seen.items()} == dict.fromkeys(AUDIENCES, not warm)

    def test_unpublish(self, settings, django_capture_on_commit_callbacks, visitors, collection, warm):
        seen_by_each_audience(visitors)  # counts remembered before the change
        change(settings, django_capture_on_commit_callbacks, warm, lambda: collection["public"].unpublish())
        seen = seen_by_each_audience(visitors)
        assert {name: figures[:2] for name, figures in seen.items()} == {
            "public": (0, 0),
            "community": (1, 1),
            "staff": (2, 2),
        }
        assert {name: figures[2] for name, figures in seen.items()} == dict.fromkeys(AUDIENCES, not warm)

    def test_access_change_to_staff_only(
        self, settings, django_capture_on_commit_callbacks, visitors, collection, warm
    ):
        seen_by_each_audience(visitors)

        def restrict():
            record = collection["public"]
            record.access_level = AccessLevel.STAFF
            record.save_revision().publish()

        change(settings, django_capture_on_commit_callbacks, warm, restrict)
        seen = seen_by_each_audience(visitors)
        assert {name: figures[:2] for name, figures in seen.items()} == {
            "public": (0, 0),
            "community": (1, 1),
            "staff": (3, 3),
        }
        assert {name: figures[2] for name, figures in seen.items()} == dict.fromkeys(AUDIENCES, not warm)


@pytest.mark.django_db
def test_map_first_view_is_ready_for_each_audience(settings, django_capture_on_commit_callbacks, visitors, collection):
    for record in collection.values():
        record.latitude, record.longitude = 15.0, 108.6
        record.save_revision().publish()
    change(settings, django_capture_on_commit_callbacks, True, lambda: collection["staff"].unpublish())
    expected = {"public": 1, "community": 2, "staff": 2}
    for name, client in visitors.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/records.geojson?zoom=5")
        assert response.json()["total"] == expected[name]
        # Served from what the task made: only the session and the access version are read.
        assert not [query for query in captured.captured_queries if "heritage_recordpage" in query["sql"]], name


@pytest.mark.django_db
def test_a_task_overtaken_by_a_newer_change_warms_nothing(visitors, collection):
    from heritage.access import bump_access_version

    stale = access_version()
    bump_access_version()
    assert warm_counts.call(stale) is False
    assert grouped_counts(visitors["public"], "/ho-so/")[1] != []  # worked out by the visitor
    assert warm_counts.call(access_version()) is True
    assert grouped_counts(visitors["community"], "/ho-so/")[1] == []


@pytest.mark.django_db
def test_library_filtered_by_type_is_ready_for_anonymous_visitors(client, collection):
    warm_counts.call(access_version())
    response, made = grouped_counts(client, "/ho-so/?type=festival")
    assert made == []
    assert response.context["paginator"].count == 1


@pytest.mark.parametrize("level", AUDIENCES)
def test_a_member_of_an_audience_is_of_that_audience(level):
    assert audience(member_of(level)) == level


def test_there_is_no_other_audience():
    with pytest.raises(ValueError):
        member_of("everyone")
