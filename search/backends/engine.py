"""Search on an engine of the Elasticsearch family, queries built with elasticsearch-dsl.

The index is reached through an alias; `rebuild` fills a fresh index and moves the alias
in one step, so searches never see a half-built index.
"""

import time

from elasticsearch_dsl import A, Q, Search

from .. import spelling
from ..params import PERIODS
from .base import SearchBackend, SearchResults, SearchUnavailable

TEXT_FIELDS = {
    "title": 6,
    "title_en": 4,
    "group_names": 4,
    "labels": 4,
    "place": 2,
    "summary": 2,
    "body": 1,
    "transcripts": 1,
}
EXACT_FIELDS = {"title.exact": 8, "group_names.exact": 4, "labels.exact": 4, "summary.exact": 2, "body.exact": 1}
KEYWORD_FACETS = {
    "type": ("record_type", 10),
    "group": ("groups", 60),
    "province": ("province", 70),
    "subject": ("subjects", 60),
    "licence": ("licence", 20),
    "media": ("media", 5),
    "ocop": ("ocop_stars", 5),
}
FILTER_FIELDS = {name: field for name, (field, _size) in KEYWORD_FACETS.items()}


def _text(exact=True):
    field = {"type": "text", "analyzer": "folded"}
    if exact:
        field["fields"] = {"exact": {"type": "text", "analyzer": "exact"}}
    return field


INDEX_BODY = {
    "settings": {
        "number_of_shards": 1,
        "number_of_replicas": 0,
        "analysis": {
            # "folded" matches without diacritics (đ → d); "exact" keeps them, to rank
            # accent-exact matches higher.
            "filter": {"prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20}},
            "analyzer": {
                "folded": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                "exact": {"tokenizer": "standard", "filter": ["lowercase"]},
                "prefixes": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "prefixes"]},
            },
            "normalizer": {"sortable": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        },
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "long"},
            "record_type": {"type": "keyword"},
            "title": {
                **_text(),
                "fields": {
                    "exact": {"type": "text", "analyzer": "exact"},
                    "prefixes": {"type": "text", "analyzer": "prefixes", "search_analyzer": "folded"},
                },
            },
            "title_en": _text(exact=False),
            "group_names": _text(),
            # Record type, subjects, province in English, OCOP: the vocabularies' names.
            "labels": _text(),
            "place": _text(exact=False),
            "summary": _text(),
            "body": _text(),
            # What the record's recordings say (transcripts and captions).
            "transcripts": _text(exact=False),
            "groups": {"type": "keyword"},
            "province": {"type": "keyword"},
            "subjects": {"type": "keyword"},
            "licence": {"type": "keyword"},
            "media": {"type": "keyword"},
            "ocop_stars": {"type": "integer"},
            "period_start_year": {"type": "integer"},
            "access_level": {"type": "keyword"},
            "location": {"type": "geo_point"},
            "published_at": {"type": "date"},
            "title_sort": {"type": "keyword"},
        },
    },
}


# Records of other institutions: an index of their own (search.external).
EXTERNAL_FIELDS = {"title": 6, "title_en": 4, "subjects": 4, "place": 2, "summary": 2, "creators": 1}
EXTERNAL_INDEX_BODY = {
    "settings": INDEX_BODY["settings"],
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "long"},
            "source_id": {"type": "long"},
            **{name: _text(exact=name == "title") for name in EXTERNAL_FIELDS},
            "title_sort": {"type": "keyword"},
        },
    },
}


def word_queries(words, phrases, fields):
    """Every word must match somewhere (with typo tolerance from four letters, but never
    on the name of an ethnic group, which must not turn into another people's); every
    quoted phrase must match as a phrase."""
    protected = spelling.protected_words() if words else ()
    must = [
        Q(
            "multi_match",
            query=word,
            fields=fields,
            fuzziness=0 if spelling.fold(word) in protected else "AUTO:4,8",
            prefix_length=1,
        )
        for word in words
    ]
    return must + [Q("multi_match", query=phrase, fields=fields, type="phrase") for phrase in phrases]


def build_query(params, levels):
    """The query and filters for `params`, restricted to `levels` (no facets, sorting
    or highlights): what a count or a map layer needs."""
    search = Search().filter("terms", access_level=list(levels))
    if params.exclude_ids:
        search = search.exclude("ids", values=[str(pk) for pk in params.exclude_ids])
    words, phrases = params.terms()
    fields = [f"{name}^{boost}" for name, boost in TEXT_FIELDS.items()]
    # Matches that keep the accents score higher.
    must = word_queries(words, phrases, fields)
    if must:
        plain = params.text.replace('"', " ")
        exact = [f"{name}^{boost}" for name, boost in EXACT_FIELDS.items()]
        should = [
            Q("multi_match", query=plain, fields=exact),
            Q("match_phrase", title={"query": plain, "boost": 4}),
        ]
        search = search.query(Q("bool", must=must, should=should))
    for name, values in params.filters.items():
        if name == "period":
            ranges = [Q("range", period_start_year=_period_range(value)) for value in values]
            search = search.filter("bool", should=ranges, minimum_should_match=1)
        else:
            search = search.filter("terms", **{FILTER_FIELDS[name]: values})
    if params.bbox:
        west, south, east, north = params.bbox
        search = search.filter("geo_bounding_box", location={"top_left": [west, north], "bottom_right": [east, south]})
    if params.polygon:
        ring = [[lon, lat] for lon, lat in params.polygon]
        search = search.filter(
            "geo_shape", location={"shape": {"type": "polygon", "coordinates": [ring]}, "relation": "intersects"}
        )
    if params.near:
        lat, lon, km = params.near
        search = search.filter("geo_distance", distance=f"{km}km", location={"lat": lat, "lon": lon})
    return search


def build_search(params, levels):
    """The elasticsearch-dsl Search for `params`, restricted to `levels`."""
    search = build_query(params, levels)
    for name, (field, size) in KEYWORD_FACETS.items():
        search.aggs.bucket(name, A("terms", field=field, size=size))
    search.aggs.bucket(
        "period",
        A(
            "range",
            field="period_start_year",
            ranges=[{"key": key, **_period_range(key, exclusive=True)} for key in PERIODS],
        ),
    )
    if params.sort == "date" or (params.sort == "relevance" and not params.text):
        search = search.sort({"published_at": {"order": "desc"}}, {"id": "desc"})
    elif params.sort == "title":
        search = search.sort("title_sort", "id")
    else:
        search = search.sort("_score", {"published_at": {"order": "desc"}}, {"id": "desc"})
    if params.text:
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], number_of_fragments=2, fragment_size=160
        ).highlight("title", "summary", "body", "transcripts")
    search = search.extra(track_total_hits=True, _source=False)
    return search[params.offset : params.offset + params.size]


def _period_range(key, exclusive=False):
    start, end = PERIODS[key]
    bounds = {}
    if start is not None:
        bounds["from" if exclusive else "gte"] = start
    if end is not None:
        bounds["to" if exclusive else "lte"] = end + 1 if exclusive else end
    return bounds


class EngineBackend(SearchBackend):
    def __init__(self, client, alias="heritage-records"):
        self.client = client
        self.alias = alias
        self.name = client.product.lower()

    def _ensure_index(self):
        if not self.client.alias_targets(self.alias):
            index = f"{self.alias}-{time.time_ns()}"
            self.client.create_index(index, INDEX_BODY)
            self.client.point_alias(self.alias, index, [])

    def _actions(self, documents, index):
        for document in documents:
            yield {"_op_type": "index", "_index": index, "_id": document["id"], "_source": document}

    def index(self, documents, refresh=True):
        self._ensure_index()
        self.client.bulk(self._actions(documents, self.alias), refresh=refresh)

    def remove(self, ids):
        if not self.client.alias_targets(self.alias):
            return
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in ids)
        from contextlib import suppress

        with suppress(Exception):  # a document that was never indexed is already gone
            self.client.bulk(actions, refresh=True)

    def _send(self, search):
        try:
            self._ensure_index()
            return self.client.search(self.alias, search.to_dict())
        except Exception as error:  # transport errors differ between the two clients
            raise SearchUnavailable(str(error)) from error

    def count(self, params, levels):
        response = self._send(build_query(params, levels).extra(size=0, track_total_hits=True))
        return response["hits"]["total"]["value"]

    def matching_ids(self, params, levels, limit):
        search = build_query(params, levels).extra(_source=False)[:limit]
        return [int(hit["_id"]) for hit in self._send(search)["hits"]["hits"]]

    def search(self, params, levels):
        response = self._send(build_search(params, levels))
        hits = response["hits"]["hits"]
        aggregations = response.get("aggregations", {})
        facets = {
            name: [
                (str(bucket["key"]), bucket["doc_count"]) for bucket in aggregations.get(name, {}).get("buckets", [])
            ]
            for name in KEYWORD_FACETS
        }
        facets["period"] = [
            (bucket["key"], bucket["doc_count"])
            for bucket in aggregations.get("period", {}).get("buckets", [])
            if bucket["doc_count"]
        ]
        return SearchResults(
            ids=[int(hit["_id"]) for hit in hits],
            total=response["hits"]["total"]["value"],
            facets=facets,
            highlights={
                int(hit["_id"]): [fragment for fragments in hit.get("highlight", {}).values() for fragment in fragments]
                for hit in hits
            },
        )

    def suggest(self, prefix, levels, limit=8):
        search = (
            Search()
            .filter("terms", access_level=list(levels))
            .query("match", **{"title.prefixes": {"query": prefix, "operator": "and"}})
            .source(["title"])[:limit]
        )
        hits = self._send(search)["hits"]["hits"]
        return [(int(hit["_id"]), hit["_source"]["title"]) for hit in hits]

    def rebuild(self, documents, progress=None):
        previous = self.client.alias_targets(self.alias)
        index = f"{self.alias}-{time.time_ns()}"
        self.client.create_index(index, INDEX_BODY)
        count = 0

        def counted(batch):
            nonlocal count
            for document in batch:
                count += 1
                if progress:
                    progress(1)
                yield document

        self.client.bulk(self._actions(counted(documents), index))
        self.client.refresh(index)
        self.client.point_alias(self.alias, index, previous)
        for old in previous:
            self.client.delete_index(old)
        return count

    def indexed_ids(self):
        return self.client.ids(self.alias) if self.client.alias_targets(self.alias) else set()

    def health(self):
        health = self.client.health()
        targets = self.client.alias_targets(self.alias)
        return {
            "engine": self.client.product,
            "ok": health.get("status") in ("green", "yellow"),
            "status": health.get("status"),
            "index": ", ".join(targets) or "(none)",
            "documents": self.client.count(self.alias) if targets else 0,
        }

    # External records ------------------------------------------------------------------
    @property
    def external_alias(self):
        return f"{self.alias}-external"

    def _ensure_external_index(self):
        if not self.client.alias_targets(self.external_alias):
            index = f"{self.external_alias}-{time.time_ns()}"
            self.client.create_index(index, EXTERNAL_INDEX_BODY)
            self.client.point_alias(self.external_alias, index, [])

    def index_external(self, documents):
        self._ensure_external_index()
        self.client.bulk(self._actions(documents, self.external_alias), refresh=True)

    def remove_external(self, ids):
        if not self.client.alias_targets(self.external_alias):
            return
        actions = ({"_op_type": "delete", "_index": self.external_alias, "_id": pk} for pk in ids)
        from contextlib import suppress

        with suppress(Exception):  # a document that was never indexed is already gone
            self.client.bulk(actions, refresh=True)

    def rebuild_external(self, documents):
        previous = self.client.alias_targets(self.external_alias)
        index = f"{self.external_alias}-{time.time_ns()}"
        self.client.create_index(index, EXTERNAL_INDEX_BODY)
        self.client.bulk(self._actions(documents, index))
        self.client.refresh(index)
        self.client.point_alias(self.external_alias, index, previous)
        for old in previous:
            self.client.delete_index(old)
        return len(documents)

    def search_external(self, params, source_ids, limit):
        from .base import ExternalResults

        words, phrases = params.terms()
        if not (words or phrases) or not source_ids:
            return ExternalResults([], 0)
        fields = [f"{name}^{boost}" for name, boost in EXTERNAL_FIELDS.items()]
        search = (
            Search()
            .filter("terms", source_id=list(source_ids))
            .query(Q("bool", must=word_queries(words, phrases, fields)))
            .sort("_score", {"id": "desc"})
            .extra(track_total_hits=True, _source=False)[:limit]
        )
        try:
            self._ensure_external_index()
            response = self.client.search(self.external_alias, search.to_dict())
        except Exception as error:  # transport errors differ between the two clients
            raise SearchUnavailable(str(error)) from error
        return ExternalResults(
            [int(hit["_id"]) for hit in response["hits"]["hits"]], response["hits"]["total"]["value"]
        )

    def drop(self):
        """Delete the aliases and their indexes (used by tests)."""
        for alias in (self.alias, self.external_alias):
            for index in self.client.alias_targets(alias):
                self.client.delete_index(index)
