"""Harvesting a repository that is not ours (`oaipmh.server`, see harvest_servers.py):
records become external records with their source, re-harvests update, delete and
add, incremental harvests ask `from` the last complete harvest, and a response that
breaks half-way stops the run with a report while every earlier page stays stored."""

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exchange.harvesting import run_harvest, start_run
from exchange.models import ExternalRecord, HarvestRun, HarvestSource
from tests.exchange.harvest_servers import BATCH_SIZE, FixtureServer

pytestmark = pytest.mark.django_db

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def nfd(text):
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def repository():
    server = FixtureServer().start()
    server.add(
        "oai:kontum.example:1",
        nfd("Lễ hội mừng lúa mới của người Xơ Đăng"),
        T0,
        sets=["festival"],
        description=[nfd("Lễ hội được tổ chức sau mùa gặt, ở nhà rông của làng.")],
        subject=["Xơ Đăng", "lễ hội nông nghiệp"],
        creator=["Thư viện tỉnh Kon Tum"],
        coverage=["Kon Tum", "east=107.98; north=14.35; projection=WGS84"],
        identifier=["https://kontum.example/ho-so/1", "KT-0001"],
        date=["2019"],
        rights=["CC BY 4.0"],
        language=["vi"],
    )
    for number in range(2, 13):
        server.add(f"oai:kontum.example:{number}", f"Hồ sơ số {number}", T0 + timedelta(minutes=number))
    yield server
    server.stop()


def harvest(base_url, *arguments, **options):
    """`manage.py harvest` as a person runs it; the source and its last run."""
    call_command("harvest", base_url, *arguments, verbosity=0, **options)
    source = HarvestSource.objects.get(base_url=base_url)
    return source, source.last_run


def test_harvest_command_stores_every_record_with_its_source(repository):
    source, run = harvest(repository.base_url)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert source.name == "Thư viện tỉnh Kon Tum (kho thử)"
    assert ExternalRecord.objects.filter(source=source).count() == 12
    assert (run.received, run.created, run.pages) == (12, 12, 3)  # 5 + 5 + 2
    record = ExternalRecord.objects.get(identifier="oai:kontum.example:1")
    assert record.title == "Lễ hội mừng lúa mới của người Xơ Đăng"
    assert unicodedata.is_normalized("NFC", record.title) and unicodedata.is_normalized("NFC", record.summary)
    assert record.subjects == ["Xơ Đăng", "lễ hội nông nghiệp"]
    assert record.original_url == "https://kontum.example/ho-so/1"
    assert (record.latitude, record.longitude) == (14.35, 107.98)
    assert record.place == "Kon Tum"
    assert record.set_specs == ["festival"]
    assert record.metadata["identifier"][1] == {"value": "KT-0001", "lang": ""}
    assert source.harvested_through is not None


def test_second_harvest_asks_only_for_changes_and_applies_them(repository):
    source, first = harvest(repository.base_url)
    repository.requests.clear()
    later = datetime.now(UTC) + timedelta(minutes=5)  # after the first harvest's responseDate
    edited = repository.record("oai:kontum.example:2")
    edited.fields = {"title": ["Hồ sơ số 2 (đã sửa)"]}
    edited.datestamp = later.replace(tzinfo=None)
    removed = repository.record("oai:kontum.example:3")
    removed.deleted, removed.datestamp = True, later.replace(tzinfo=None)
    repository.add("oai:kontum.example:99", "Hồ sơ mới", later)

    _source, second = harvest(repository.base_url)
    first_list = next(request for request in repository.requests if request.get("verb") == "ListRecords")
    assert first_list["from"] == first.source.harvested_through.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert second.incremental_from == source.harvested_through
    assert (second.received, second.created, second.updated, second.deleted) == (3, 1, 1, 1)
    assert ExternalRecord.objects.get(identifier="oai:kontum.example:2").title == "Hồ sơ số 2 (đã sửa)"
    assert not ExternalRecord.objects.filter(identifier="oai:kontum.example:3").exists()
    assert ExternalRecord.objects.filter(source=source).count() == 12


def test_from_option_and_full_harvest(repository):
    _source, run = harvest(repository.base_url, "--from", "2024-03-01T08:10:00Z")
    assert run.incremental_from == T0 + timedelta(minutes=10)
    assert run.received == 3  # records 10, 11 and 12
    repository.requests.clear()
    _source, run = harvest(repository.base_url, full=True)
    assert "from" not in next(request for request in repository.requests if request.get("verb") == "ListRecords")
    assert (run.received, run.created, run.unchanged) == (12, 9, 3)


def test_full_harvest_removes_records_the_repository_no_longer_lists(repository):
    source, _run = harvest(repository.base_url)
    repository.repository.records = [r for r in repository.repository.records if r.identifier != "oai:kontum.example:7"]
    _source, run = harvest(repository.base_url, full=True)
    assert run.removed == 1
    assert not source.records.filter(identifier="oai:kontum.example:7").exists()
    assert source.records.count() == 11


def test_set_harvest_takes_only_that_set(repository):
    source, run = harvest(repository.base_url, set_spec="festival")
    assert run.received == 1
    assert list(source.records.values_list("identifier", flat=True)) == ["oai:kontum.example:1"]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("http-500", "HTTP 500"),
        ("cut-off", "không phải XML hợp lệ"),
        ("bad-token", "badResumptionToken"),
        ("not-xml", "không phải XML hợp lệ"),
    ],
)
def test_a_response_broken_mid_list_stops_with_a_report_and_keeps_earlier_pages(repository, kind, words):
    repository.break_request(2, kind)
    with pytest.raises(CommandError):
        call_command("harvest", repository.base_url, verbosity=0)
    source = HarvestSource.objects.get()
    run = source.last_run
    assert run.status == HarvestRun.Status.FAILED
    assert words in run.stop_reason
    assert (run.pages, run.created) == (1, BATCH_SIZE)
    assert source.records.count() == BATCH_SIZE
    assert source.harvested_through is None  # the next harvest starts again from the same point

    repository.breaks.clear()
    _source, again = harvest(repository.base_url)
    assert again.incremental_from is None
    assert (again.created, again.unchanged) == (12 - BATCH_SIZE, BATCH_SIZE)
    assert source.records.count() == 12


def test_the_report_says_what_was_done(repository, capsys):
    repository.break_request(3, "cut-off")
    with pytest.raises(CommandError) as stopped:
        call_command("harvest", repository.base_url, verbosity=1)
    output = capsys.readouterr().out
    assert "10" in output and "Thư viện tỉnh Kon Tum (kho thử)" in output
    assert str(HarvestSource.objects.get().last_run.stop_reason) in output
    assert stopped.value.args


def test_an_unreachable_repository_stops_before_anything_changes(repository):
    source = HarvestSource.objects.create(name="Kho đã đóng", base_url="http://127.0.0.1:9/oai")
    run = run_harvest(start_run(source).pk)
    assert run.status == HarvestRun.Status.FAILED
    assert "Không kết nối được với kho dữ liệu" in run.stop_reason
    assert run.pages == 0


def test_one_harvest_of_a_source_at_a_time(repository):
    from exchange.harvesting import HarvestAlreadyRunning

    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    start_run(source)
    with pytest.raises(HarvestAlreadyRunning):
        start_run(source)
    with pytest.raises(CommandError):
        call_command("harvest", repository.base_url, verbosity=0)


def test_a_run_that_died_is_taken_as_interrupted(repository):
    source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
    dead = start_run(source)
    HarvestRun.objects.filter(pk=dead.pk).update(
        status=HarvestRun.Status.RUNNING, heartbeat_at=datetime.now(UTC) - timedelta(hours=2)
    )
    run = run_harvest(start_run(source).pk)
    assert run.status == HarvestRun.Status.SUCCEEDED
    dead.refresh_from_db()
    assert dead.status == HarvestRun.Status.INTERRUPTED


def test_the_command_refuses_what_is_not_a_web_address(db):
    with pytest.raises(CommandError):
        call_command("harvest", "file:///etc/passwd", verbosity=0)
    with pytest.raises(CommandError):
        call_command("harvest", "http://127.0.0.1:9/oai", "--from", "last week", verbosity=0)
    with pytest.raises(CommandError):
        call_command("harvest", "http://127.0.0.1:9/oai", "--set", "lễ hội", verbosity=0)
    with pytest.raises(CommandError):
        call_command("harvest", "http://127.0.0.1:9/oai", "--metadata-prefix", "oai dc", verbosity=0)
    assert not HarvestSource.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_are_committed_one_by_one_and_announced(repository):
    """Each page is its own committed transaction: after a break, what came before is in
    the database for every process, and search or maps learn of it through
    `external_records_changed` (sent once per committed page)."""
    from exchange.harvesting import external_records_changed

    announced = []

    def listener(sender, source, changed_ids, removed_ids, **kwargs):
        announced.append((len(changed_ids), len(removed_ids)))

    external_records_changed.connect(listener)
    try:
        repository.break_request(3, "http-500")
        source = HarvestSource.objects.create(name="Kon Tum", base_url=repository.base_url)
        run = run_harvest(start_run(source).pk)
        assert run.status == HarvestRun.Status.FAILED
        assert announced == [(BATCH_SIZE, 0), (BATCH_SIZE, 0)]
        assert ExternalRecord.objects.filter(source=source).count() == 2 * BATCH_SIZE
        repository.breaks.clear()
        removed = repository.record("oai:kontum.example:1")
        removed.deleted, removed.datestamp = True, datetime(2030, 1, 1)
        announced.clear()
        run = run_harvest(start_run(source).pk)
        assert run.status == HarvestRun.Status.SUCCEEDED
        assert (run.deleted, run.created) == (1, 2)
        assert sum(removed for _changed, removed in announced) == 1
    finally:
        external_records_changed.disconnect(listener)
