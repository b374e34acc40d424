import pytest

from search.backends import get_backend
from tests.factories import make_record


@pytest.mark.django_db
def test_publishing_queues_an_index_update_that_runs_after_commit(
    settings, record_index, django_capture_on_commit_callbacks
):
    settings.HERITAGE_SEARCH_SYNC = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = make_record(record_index, title="Lễ cúng bến nước")
    assert page.pk not in get_backend().indexed_ids()  # nothing indexed before the commit
    assert callbacks
    for callback in callbacks:
        callback()  # the transaction commits: the task runs (immediate backend)
    assert page.pk in get_backend().indexed_ids()


@pytest.mark.django_db
def test_search_status_reports_drift(record_index, capsys):
    from django.core.management import call_command

    page = make_record(record_index, title="Lễ cúng bến nước")
    get_backend().remove([page.pk])
    call_command("search_status")
    output = capsys.readouterr().out
    assert "1 live records not in the index" in output
    assert "search_reindex" in output
