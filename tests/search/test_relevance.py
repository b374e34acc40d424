"""The relevance set (tests/search/relevance/queries.yaml) scored on every engine.

The demo collection is loaded (without images), every query is searched as an anonymous
visitor, and the first five results are scored against what a person expects:
precision@5 (relevant results among the first five, out of five or of the number of
relevant records when fewer) and nDCG@5 (binary gains). The suite fails when an engine's
mean falls below its floor, so a change that makes search find less is seen in CI.
The scores are printed (run with -s, or read them in the failure message).
"""

import math
from pathlib import Path

import pytest
import yaml
from django.http import QueryDict

from heritage.models import CustomPage, FestivalPage, ProductPage, RecordPage
from search.params import parse

QUERIES = Path(__file__).parent / "relevance" / "queries.yaml"
CUTOFF = 5
# Set just below what each engine reaches (see docs/search-relevance.md); raise them
# when search improves, never lower them to let a change through.
FLOORS = {
    "database": {"precision": 0.97, "ndcg": 0.97},
    "opensearch": {"precision": 0.97, "ndcg": 0.97},
}


def relevance_set():
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def precision_at(ranked, relevant, cutoff=CUTOFF):
    found = sum(1 for slug in ranked[:cutoff] if slug in relevant)
    return found / min(cutoff, len(relevant))


def ndcg_at(ranked, relevant, cutoff=CUTOFF):
    gains = sum(1 / math.log2(rank + 2) for rank, slug in enumerate(ranked[:cutoff]) if slug in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(cutoff, len(relevant))))
    return gains / ideal


def load_demo_collection(record_index):
    """The demo's records under `record_index`, as `load_demo` writes them (no images)."""
    from demo import records
    from demo.loader import DemoLoader

    loader = DemoLoader(log=lambda *args: None)
    for model, items in (
        (FestivalPage, records.FESTIVALS),
        (CustomPage, records.CUSTOMS),
        (ProductPage, records.PRODUCTS),
    ):
        for item in items:
            loader.record(record_index, model, {key: value for key, value in item.items() if key != "image"})


def scores(backend):
    slugs = dict(RecordPage.objects.values_list("pk", "slug"))
    rows = []
    for entry in relevance_set():
        results = backend.search(parse(QueryDict(f"q={entry['q']}".replace("&", "%26"))), ("public",))
        ranked = [slugs.get(pk) for pk in results.ids]
        relevant = set(entry["relevant"])
        rows.append((entry["q"], precision_at(ranked, relevant), ndcg_at(ranked, relevant), ranked[:CUTOFF]))
    return rows


def report(engine, rows):
    lines = [f"Relevance on {engine} ({len(rows)} queries):"]
    for query, precision, ndcg, top in rows:
        mark = "" if precision == 1 else f"   top: {', '.join(str(slug) for slug in top)}"
        lines.append(f"  P@5 {precision:.2f}  nDCG@5 {ndcg:.2f}  {query}{mark}")
    mean_precision = sum(row[1] for row in rows) / len(rows)
    mean_ndcg = sum(row[2] for row in rows) / len(rows)
    lines.append(f"  mean P@5 {mean_precision:.3f}  mean nDCG@5 {mean_ndcg:.3f}")
    return mean_precision, mean_ndcg, "\n".join(lines)


def test_the_relevance_set_is_well_formed(db):
    from demo import records

    public = {
        item["slug"]
        for items in (records.FESTIVALS, records.CUSTOMS, records.PRODUCTS)
        for item in items
        if item.get("access", "public") == "public"
    }
    entries = relevance_set()
    assert len(entries) >= 30
    for entry in entries:
        assert entry["relevant"], entry["q"]
        assert set(entry["relevant"]) <= public, entry["q"]


@pytest.mark.parametrize(
    "ranked, relevant, precision, ndcg",
    [
        (["a", "b", "c", "d", "e"], {"a", "b", "c", "d", "e", "f"}, 1.0, 1.0),
        (["x", "a"], {"a"}, 1.0, 1 / math.log2(3)),
        (["x", "y", "z", "w", "v"], {"a"}, 0.0, 0.0),
        (["a", "x", "b"], {"a", "b"}, 1.0, (1 + 1 / 2) / (1 + 1 / math.log2(3))),
    ],
)
def test_the_measures(ranked, relevant, precision, ndcg):
    assert precision_at(ranked, relevant) == pytest.approx(precision)
    assert ndcg_at(ranked, relevant) == pytest.approx(ndcg)


def test_relevance_set_scores_above_the_floor(search_backend, record_index, capsys):
    load_demo_collection(record_index)
    engine = "database" if search_backend.name == "database" else "opensearch"
    from django.db import connection

    mean_precision, mean_ndcg, text = report(f"{engine} on {connection.vendor}", scores(search_backend))
    with capsys.disabled():
        print("\n" + text)
    floor = FLOORS[engine]
    assert mean_precision >= floor["precision"] and mean_ndcg >= floor["ndcg"], text
