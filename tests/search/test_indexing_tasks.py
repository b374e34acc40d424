import pytest

from search import indexing
from search.backends import get_backend
from search.models import PendingIndexUpdate
from tests.factories import make_record


@pytest.mark.django_db
def test_publishing_queues_an_index_update_that_runs_after_commit(
    settings, record_index, django_capture_on_commit_callbacks
):
    settings.HERITAGE_SEARCH_SYNC = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = make_record(record_index, title="Lễ cúng bến nước")
    assert page.pk not in get_backend().indexed_ids()  # nothing indexed before the commit
    # ...but the update is queued in the same transaction, so a crash cannot lose it.
    assert PendingIndexUpdate.objects.filter(record_id=page.pk).exists()
    assert callbacks
    for callback in callbacks:
        callback()  # the transaction commits: the task runs (immediate backend)
    assert page.pk in get_backend().indexed_ids()
    assert not PendingIndexUpdate.objects.exists()  # done: the queue row goes


@pytest.mark.django_db
def test_search_status_reports_drift(record_index, capsys):
    from django.core.management import call_command

    page = make_record(record_index, title="Lễ cúng bến nước")
    get_backend().remove([page.pk])
    call_command("search_status")
    output = capsys.readouterr().out
    assert "1 live records not in the index" in output
    assert "search_reindex" in output


@pytest.mark.django_db
def test_an_update_that_read_an_older_version_keeps_the_newer_change_queued():
    PendingIndexUpdate.enqueue([7, 8])
    seen = PendingIndexUpdate.versions([7, 8])  # an update starts reading records 7 and 8
    PendingIndexUpdate.enqueue([8])  # record 8 changes again meanwhile
    PendingIndexUpdate.done(seen)
    assert list(PendingIndexUpdate.objects.values_list("record_id", flat=True)) == [8]


@pytest.mark.django_db
def test_retry_task_sends_queued_updates_and_is_safe_to_run_again(record_index):
    from search.tasks import retry_search_updates

    page = make_record(record_index, title="Lễ cúng bến nước")
    get_backend().remove([page.pk])
    PendingIndexUpdate.enqueue([page.pk])
    assert retry_search_updates.enqueue().return_value == {"sent": 1, "queued": 0}
    assert page.pk in get_backend().indexed_ids()
    assert retry_search_updates.enqueue().return_value == {"sent": 0, "queued": 0}
    assert indexing.drift() == ([], [])


@pytest.mark.django_db
def test_search_status_reports_queued_updates(record_index, capsys):
    from django.core.management import call_command

    page = make_record(record_index, title="Lễ cúng bến nước")
    PendingIndexUpdate.failed([page.pk], ConnectionError("engine down"))
    call_command("search_status")
    output = capsys.readouterr().out
    assert "1 index updates waiting" in output
    assert "1 failed at least once" in output
    assert "engine down" in output
    assert "search_retry" in output
