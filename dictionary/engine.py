"""The dictionaries' own index on the site's search engine (OpenSearch or Elasticsearch,
the connection of `search.backends`), beside the database's `LookupKey` rows.

One document per live entry: its folded forms (`whole`: headword, variants and whole
glosses; `keys`: the same from every word start, as `text.word_starts` makes them), the
forms with their accents (`exact`), its language, access level and dictionary order.
The query mirrors the database ranking (`lookup.py`): a whole form equal to the query,
then a word equal to it, then forms and words starting with it, accent-exact forms a
little higher; folding is done here, in Python, the same for documents and queries, so
both sides fold exactly as the database does. Access levels arrive as data (like the
records' engine query) and the entries found are read again through
`Entry.objects.visible_to`.

Without an engine every function here does nothing; while the engine is down (the
search app's circuit breaker is open, or a request fails) lookups use the database.
"""

import logging
import time

from .text import exact_form, fold, word_starts

logger = logging.getLogger(__name__)

INDEX_BODY = {
    "settings": {"number_of_shards": 1, "number_of_replicas": 0},
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "long"},
            "language": {"type": "keyword"},
            "access_level": {"type": "keyword"},
            "whole": {"type": "keyword"},
            "keys": {"type": "keyword"},
            "exact": {"type": "keyword"},
            "sort_key": {"type": "keyword"},
        },
    },
}


class EngineUnavailable(RuntimeError):
    pass


def connection():
    """(reader, writer, breaker, alias) for the dictionaries' index, or None."""
    from search.backends import engine_clients

    clients = engine_clients()
    if clients is None:
        return None
    reader, writer, breaker, records_alias = clients
    return reader, writer, breaker, f"{records_alias}-dictionary"


def document(entry):
    forms = [form for _kind, form in entry.lookup_forms()]
    return {
        "id": entry.pk,
        "language": entry.language.code,
        "access_level": entry.access_level,
        "whole": sorted({fold(form) for form in forms}),
        "keys": sorted({key for form in forms for _position, key in word_starts(fold(form))}),
        "exact": sorted({exact_form(form) for form in forms}),
        "sort_key": entry.sort_key,
    }


def _ensure_index(writer, alias):
    if not writer.alias_targets(alias):
        index = f"{alias}-{time.time_ns()}"
        writer.create_index(index, INDEX_BODY)
        writer.point_alias(alias, index, [])


def update(entries):
    """Index the live ones of `entries`, remove the others. Never raises: an engine that
    cannot be reached is caught up by `manage.py dictionary_reindex`."""
    found = connection()
    if found is None:
        return
    _reader, writer, _breaker, alias = found
    actions = []
    for entry in entries:
        if entry.live:
            actions.append({"_op_type": "index", "_index": alias, "_id": entry.pk, "_source": document(entry)})
        else:
            actions.append({"_op_type": "delete", "_index": alias, "_id": entry.pk})
    try:
        _ensure_index(writer, alias)
        writer.bulk(iter(actions), refresh=True)
    except Exception:  # noqa: BLE001 - a missing document to delete, or the engine down
        logger.warning("Dictionary index not updated for %s entries", len(actions), exc_info=True)


def remove(pks):
    found = connection()
    if found is None:
        return
    _reader, writer, _breaker, alias = found
    try:
        writer.bulk(({"_op_type": "delete", "_index": alias, "_id": pk} for pk in pks), refresh=True)
    except Exception:  # noqa: BLE001
        logger.warning("Dictionary index: %s entries not removed", len(pks), exc_info=True)


def rebuild(entries):
    """A fresh index with every live entry of `entries`, then the alias moved to it."""
    found = connection()
    if found is None:
        return 0
    _reader, writer, _breaker, alias = found
    previous = writer.alias_targets(alias)
    index = f"{alias}-{time.time_ns()}"
    writer.create_index(index, INDEX_BODY)
    count = 0

    def actions():
        nonlocal count
        for entry in entries:
            count += 1
            yield {"_op_type": "index", "_index": index, "_id": entry.pk, "_source": document(entry)}

    writer.bulk(actions())
    writer.refresh(index)
    writer.point_alias(alias, index, previous)
    for old in previous:
        writer.delete_index(old)
    return count


def drop():
    found = connection()
    if found is None:
        return
    _reader, writer, _breaker, alias = found
    for index in writer.alias_targets(alias):
        writer.delete_index(index)


def query_body(language_code, folded, typed, levels, size):
    return {
        "size": size,
        "_source": False,
        "query": {
            "bool": {
                "filter": [{"term": {"language": language_code}}, {"terms": {"access_level": list(levels)}}],
                "should": [
                    {"term": {"whole": {"value": folded, "boost": 40}}},
                    {"term": {"keys": {"value": folded, "boost": 20}}},
                    {"prefix": {"keys": {"value": folded + " ", "boost": 20}}},
                    {"prefix": {"whole": {"value": folded, "boost": 8}}},
                    {"prefix": {"keys": {"value": folded, "boost": 4}}},
                    {"term": {"exact": {"value": typed, "boost": 2}}},
                ],
                "minimum_should_match": 1,
            }
        },
        "sort": ["_score", {"sort_key": "asc"}, {"id": "asc"}],
    }


def ranked_ids(language_code, folded, typed, levels, size):
    """Entry ids, best first, from the engine; raises EngineUnavailable."""
    found = connection()
    if found is None:
        raise EngineUnavailable("no engine configured")
    reader, _writer, breaker, alias = found
    if not breaker.allow():
        raise EngineUnavailable("circuit breaker open")
    try:
        if not reader.alias_targets(alias):
            breaker.succeeded()
            raise EngineUnavailable("the dictionaries' index is not built yet (manage.py dictionary_reindex)")
        response = reader.search(alias, query_body(language_code, folded, typed, levels, size))
    except EngineUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - transport errors differ between the clients
        breaker.failed()
        raise EngineUnavailable(str(error)) from error
    breaker.succeeded()
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]


def lookup_ids(user, language, folded, typed, size):
    """`ranked_ids` for what `user` may see: the levels handed to the engine as data."""
    from heritage.access import levels_visible_to

    return ranked_ids(language.code, folded, typed, levels_visible_to(user), size)


def schedule_update(entry_id):
    """After the transaction commits (and the entry's senses with it), index the entry."""
    from django.db import transaction

    if connection() is None:
        return

    def index():
        from .models import Entry

        entries = list(
            Entry.objects.filter(pk=entry_id).select_related("language").prefetch_related("senses", "variants")
        )
        if entries:
            update(entries)
        else:
            remove([entry_id])

    transaction.on_commit(index)


def schedule_removal(entry_id):
    from django.db import transaction

    if connection() is not None:
        transaction.on_commit(lambda: remove([entry_id]))
