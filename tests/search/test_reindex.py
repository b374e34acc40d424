"""A full reindex: documents built from rows (the same documents as before), in worker
processes when it is safe, loaded into the engine with bulk settings that are always
put back, and a half-built index never left behind."""

import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils.html import strip_tags

from heritage.models import EthnicGroup, ProductPage, RecordPage, Subject
from heritage.text import fold_diacritics
from search import backends, indexing
from search.backends.loading import LOAD_SETTINGS, BulkLoadError
from search.documents import folded, record_type_names
from search.transcripts import caption_cues
from tests.factories import make_image, make_record
from tests.search.conftest import REAL_ENGINE_TIMEOUT, require_engine

pytestmark = pytest.mark.django_db


def reference_document(record):
    """The document as it was built before rows replaced model instances (search/documents.py
    at 49c089c): the oracle the fast builder must match, field for field."""
    media_blocks = {"image": "image", "gallery": "image", "audio": "audio", "video": "video"}
    groups = list(record.ethnic_groups.all())
    names = []
    for group in groups:
        names += [group.name, group.name_en, *(other.name for other in group.other_names.all())]
    kinds = {media_blocks[block.block_type] for block in record.body if block.block_type in media_blocks}
    if record.main_image_id:
        kinds.add("image")
    content = record.body.stream_block.get_searchable_content(record.body)
    published = record.first_published_at or record.latest_revision_created_at
    return {
        "id": record.pk,
        "record_type": record.specific_class.record_type_key,
        "title": record.title,
        "title_en": record.title_en,
        "group_names": " ".join(dict.fromkeys(name for name in names if name)),
        "place": ", ".join(
            part
            for part in (record.place_name, record.admin_unit, record.province.name if record.province else "")
            if part
        ),
        "labels": reference_labels(record),
        "summary": " ".join(filter(None, (record.summary, record.summary_en))),
        "body": strip_tags(" ".join(str(part) for part in content)),
        "transcripts": "\n".join(
            filter(
                None,
                (
                    "\n".join(filter(None, (media.transcript, " ".join(text for _start, text in caption_cues(media)))))
                    for media in dict.fromkeys(
                        block.value[block.block_type] for block in record.body if block.block_type in ("audio", "video")
                    )
                ),
            )
        ),
        "groups": [group.slug for group in groups],
        "province": record.province.code if record.province else None,
        "subjects": [subject.slug for subject in record.subjects.all()],
        "licence": record.licence.code if record.licence_id else None,
        "media": sorted(kinds),
        "ocop_stars": getattr(record, "indexed_ocop_stars", None),
        "period_start_year": record.period_start_year,
        "access_level": record.access_level,
        "location": {"lat": record.public_latitude, "lon": record.public_longitude}
        if record.public_latitude is not None
        else None,
        "published_at": published.isoformat() if published else None,
        "title_sort": fold_diacritics(record.title).casefold(),
    }


def reference_labels(record):
    names = record_type_names(record.specific_class)
    names += [name for subject in record.subjects.all() for name in (subject.name, subject.name_en)]
    if record.province and record.province.name_en:
        names.append(record.province.name_en)
    stars = getattr(record, "indexed_ocop_stars", None)
    if stars is not None:
        names += ["OCOP", f"OCOP {stars} sao", f"OCOP {stars} stars"]
    return " · ".join(dict.fromkeys(name for name in names if name))


def reference_documents():
    records = (
        RecordPage.objects.live()
        .select_related("province", "licence", "content_type")
        .prefetch_related("ethnic_groups__other_names", "subjects")
        .annotate(indexed_ocop_stars=F("productpage__ocop_stars"))
        .order_by("pk")
    )
    return [reference_document(record) for record in records]


@pytest.fixture
def varied_records(record_index):
    """Records that use every part of a document."""
    subjects = list(Subject.objects.order_by("-name")[:3])
    image = make_image()
    burial = make_record(
        record_index,
        title="Lễ bỏ mả ở khu mộ Đắk Tô",
        title_en="Grave-leaving rite",
        summary_en="A rite at the graves.",
        groups=("hre", "co", "xo-dang"),
        subjects=subjects,
        latitude=15.01,
        longitude=108.47,
        location_access="community",
        place_name="Khu mộ đầu nguồn",
        admin_unit="huyện Sơn Hà",
        access_level="community",
        period_start_year=1945,
        main_image=image,
        body=[
            ("paragraph", "<p>Người <b>Hrê</b> dựng nhà mồ &amp; làm lễ.</p>"),
            ("image", {"image": image, "caption": "Nhà mồ"}),
            ("testimony", {"quote": "Ông bà dặn lại.", "speaker": "Đinh Văn Lành", "speaker_description": ""}),
            ("location", {"place_name": "Khu mộ", "latitude": 15.01, "longitude": 108.47}),
        ],
    )
    product = make_record(
        record_index,
        model=ProductPage,
        title="Thổ cẩm Cơ Tu",
        groups=("co-tu",),
        province="49",
        ocop_stars=4,
        latitude=15.8,
        longitude=107.7,
    )
    bare = make_record(record_index, title="Hồ sơ không tỉnh", groups=(), province=None, access_level="staff")
    make_record(record_index, title="Bản nháp", publish=False)  # not live: not indexed
    return [burial, product, bare]


def test_documents_are_those_built_before(varied_records):
    assert EthnicGroup.objects.get(slug="hre").other_names.exists()  # alternative names are in play
    assert list(indexing.documents(RecordPage.objects.live())) == reference_documents()
    assert list(indexing.LiveDocuments()) == reference_documents()


def test_folding_is_the_same_as_the_sites():
    for text in ("Đắk Lắk", "Lễ hội đâm trâu", "Xơ Đăng", "Ê Đê", "Mơ Nông", "Raglai", "Tà Ôi", "ƯỚC ĐẶT"):
        assert folded(text) == fold_diacritics(text)


def test_workers_build_nothing_inside_a_transaction(varied_records, monkeypatch):
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 1)
    assert not indexing.can_build_in_parallel()  # the test runs inside a transaction
    assert list(indexing.LiveDocuments(workers=2)) == reference_documents()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_built_by_worker_processes_are_the_same_and_in_order(site_tree, monkeypatch):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("worker processes cannot reach an in-memory SQLite database (the PostgreSQL run covers it)")
    records = [make_record(site_tree["records"], title=f"Lễ số {number}") for number in range(12)]
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 1)
    monkeypatch.setattr("search.documents.BATCH_SIZE", 5)  # several batches, several workers
    monkeypatch.setattr("search.indexing.BATCH_SIZE", 5)
    assert indexing.can_build_in_parallel()
    built = list(indexing.LiveDocuments(workers=2))
    assert [document["id"] for document in built] == [record.pk for record in records]
    assert built == reference_documents()
    assert RecordPage.objects.count() >= 12  # this process's connection still works


# The engine ---------------------------------------------------------------------------


@pytest.fixture
def engine_backend(settings):
    url = require_engine()
    settings.HERITAGE_SEARCH = {
        "URL": url,
        "INDEX": f"heritage-test-{uuid.uuid4().hex[:8]}",
        "TIMEOUT": REAL_ENGINE_TIMEOUT,
    }
    backends._backends.clear()
    backend = backends.get_backend()
    yield backend
    backend.drop()
    backends._backends.clear()


def engine_documents(backend):
    client = backend.client.client
    hits = client.search(index=backend.alias, body={"query": {"match_all": {}}, "size": 100})["hits"]["hits"]
    return sorted((hit["_source"] for hit in hits), key=lambda document: document["id"])


def settings_of(backend, index):
    return backend.client.index_settings(index, list(LOAD_SETTINGS))


def indexes_of(backend):
    """Every index of this test's alias family, aliased or not."""
    indexes = backend.client.client.indices.get(index=f"{backend.alias}-*")
    return sorted(index for index in indexes if not index.startswith(f"{backend.alias}-external-"))


NORMAL = {"index.refresh_interval": None, "index.number_of_replicas": "0", "index.translog.durability": None}


def test_a_reindex_puts_the_same_documents_into_the_engine(varied_records, engine_backend):
    call_command("search_reindex", verbosity=0)
    assert engine_documents(engine_backend) == reference_documents()
    (index,) = engine_backend.client.alias_targets(engine_backend.alias)
    assert settings_of(engine_backend, index) == NORMAL  # the load's settings were put back
    call_command("search_reindex", verbosity=0)  # and again: a new index, the old one gone
    assert engine_documents(engine_backend) == reference_documents()
    assert indexes_of(engine_backend) == engine_backend.client.alias_targets(engine_backend.alias) != [index]


def test_the_load_runs_with_bulk_settings_and_puts_them_back_before_the_alias_moves(
    varied_records, engine_backend, monkeypatch
):
    client = engine_backend.client
    seen = {}
    send_bulk, point_alias = client.send_bulk, client.point_alias

    def watching_send(body):
        (index,) = [name for name in indexes_of(engine_backend) if name not in client.alias_targets(client_alias)]
        seen["during"] = settings_of(engine_backend, index)
        return send_bulk(body)

    def watching_alias(alias, index, previous):
        seen["at alias"] = settings_of(engine_backend, index)
        return point_alias(alias, index, previous)

    client_alias = engine_backend.alias
    monkeypatch.setattr(client, "send_bulk", watching_send)
    monkeypatch.setattr(client, "point_alias", watching_alias)
    indexing.rebuild()
    assert seen["during"] == LOAD_SETTINGS
    assert seen["at alias"] == NORMAL


@pytest.mark.parametrize("interruption", [RuntimeError("database went away"), KeyboardInterrupt()])
def test_an_interrupted_reindex_keeps_the_old_index_and_leaves_nothing_half_built(
    varied_records, engine_backend, monkeypatch, interruption
):
    indexing.rebuild()
    (old,) = engine_backend.client.alias_targets(engine_backend.alias)
    before = engine_documents(engine_backend)
    built = indexing.LiveDocuments.__iter__
    passes = []

    def failing_half_way(documents):
        passes.append(1)  # the database fallback's pass, then the engine's
        for number, document in enumerate(built(documents)):
            if len(passes) == 2 and number == 2:
                raise interruption
            yield document

    monkeypatch.setattr(indexing.LiveDocuments, "__iter__", failing_half_way)
    with pytest.raises(type(interruption)):
        indexing.rebuild()
    assert len(passes) == 2  # it failed while loading the engine
    assert indexes_of(engine_backend) == [old] == engine_backend.client.alias_targets(engine_backend.alias)
    assert settings_of(engine_backend, old) == NORMAL
    assert engine_documents(engine_backend) == before
    assert engine_backend.client._load is None


def test_documents_the_engine_refuses_fail_the_load_and_leave_the_old_index(
    varied_records, engine_backend, monkeypatch
):
    indexing.rebuild()
    (old,) = engine_backend.client.alias_targets(engine_backend.alias)
    built = indexing.LiveDocuments.__iter__

    def with_a_field_the_mapping_refuses(documents):
        for document in built(documents):
            yield {**document, "unknown_field": 1}

    monkeypatch.setattr(indexing.LiveDocuments, "__iter__", with_a_field_the_mapping_refuses)
    with pytest.raises(BulkLoadError, match="strict"):
        indexing.rebuild()
    assert indexes_of(engine_backend) == [old] == engine_backend.client.alias_targets(engine_backend.alias)


def test_settings_are_put_back_when_a_load_fails_after_the_index_got_its_alias(engine_backend):
    """The engine's own rebuild moves the alias after the refresh; should anything fail
    between an index's creation and its refresh, the index keeps its own settings."""
    from search.backends.engine import INDEX_BODY

    client = engine_backend.client
    index = f"{engine_backend.alias}-{uuid.uuid4().hex[:8]}"
    with pytest.raises(RuntimeError), client.loading():
        client.create_index(index, INDEX_BODY)
        assert settings_of(engine_backend, index) == LOAD_SETTINGS
        client.point_alias(engine_backend.alias, index, [])
        raise RuntimeError("the engine stopped answering")
    assert client.alias_targets(engine_backend.alias) == [index]  # aliased: kept
    assert settings_of(engine_backend, index) == NORMAL


def test_updates_outside_a_load_are_sent_as_before(varied_records, engine_backend):
    indexing.rebuild()
    record = varied_records[1]
    record.title = "Thổ cẩm Cơ Tu (sửa)"
    record.save_revision().publish()
    assert [document["title"] for document in engine_documents(engine_backend) if document["id"] == record.pk] == [
        "Thổ cẩm Cơ Tu (sửa)"
    ]
    (index,) = engine_backend.client.alias_targets(engine_backend.alias)
    assert settings_of(engine_backend, index) == NORMAL


def test_search_reindex_takes_the_number_of_workers_and_shows_its_progress(varied_records, capsys):
    call_command("search_reindex", workers=1)
    captured = capsys.readouterr()
    assert "Indexed 3 records" in captured.out
    assert "records/s" in captured.err  # tqdm's progress bar
