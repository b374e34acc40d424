"""Typo tolerance and "did you mean", on every engine: suggestions in the records' own
spelling, accents included, and never one people's name turned into another's."""

import pytest

from heritage.models import Subject
from search.spelling import edit_distance, suggestion
from tests.factories import make_record


@pytest.fixture
def belief(search_backend, record_index):
    worship = Subject.objects.get(slug="tin-nguong")
    return [
        make_record(record_index, title="Lễ cúng bến nước", groups=["e-de"], province="56", subjects=[worship]),
        make_record(record_index, title="Lễ hội của người Hoa", groups=["hoa"], province="51"),
        make_record(record_index, title="Thổ cẩm làng Teng", groups=["hre"], province="51"),
    ]


def test_a_misspelt_subject_is_suggested_with_its_accents(client, belief):
    data = client.get("/api/search", {"q": "tin nguongg"}).json()
    assert data["suggestion"] == "tín ngưỡng"
    assert [result["title"] for result in data["results"]] == ["Lễ cúng bến nước"]


def test_a_misspelt_title_word_is_suggested_as_the_title_writes_it(client, belief):
    data = client.get("/api/search", {"q": "tho cẩmm"}).json()
    assert data["suggestion"] == "tho cẩm"
    html = client.get("/search/", {"q": "tho cẩmm"}).content.decode()
    assert "cẩm</a>" in html


def test_a_correct_query_gets_no_suggestion(client, belief):
    assert client.get("/api/search", {"q": "tín ngưỡng"}).json()["suggestion"] == ""
    assert client.get("/api/search", {"q": "le hoi"}).json()["suggestion"] == ""


def test_an_ethnic_group_name_is_never_corrected_into_another(client, belief):
    # No record of the Hrê says "Hre" in its title, and "Hoa" is a word away: still no
    # suggestion, and no record of the Hoa is offered for the Hrê.
    belief[2].ethnic_groups.clear()
    belief[2].save_revision().publish()
    data = client.get("/api/search", {"q": "Hre"}).json()
    assert data["suggestion"] == ""
    assert data["total"] == 0
    assert suggestion("Hree") != "hoa"


@pytest.mark.parametrize(
    "first, second, limit, distance",
    [
        ("raglia", "raglai", 1, 1),  # a swap is one edit
        ("cinamon", "cinnamon", 1, 1),
        ("hre", "hoa", 2, 2),
        ("nguongg", "nguong", 1, 1),
        ("khanh", "thanh", 2, 1),
        ("abcdef", "uvwxyz", 1, 2),  # beyond the limit: limit + 1
    ],
)
def test_edit_distance(first, second, limit, distance):
    assert edit_distance(first, second, limit) == distance


def test_a_correction_is_never_written_as_a_peoples_name(client, search_backend, record_index):
    # "Trầu" is another name of the Co; "trâu" (buffalo) folds to the same letters.
    make_record(record_index, title="Lễ hội đâm trâu", groups=["co"], province="49")
    assert client.get("/api/search", {"q": "dam trauu"}).json()["suggestion"] == "dam trâu"
