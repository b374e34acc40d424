"""No value a visitor can put in the festival calendar's URLs makes a server error
(property-based, in the style of tests/test_public_inputs.py): a bad value is a 400 with
a sentence, an unknown ethnic group or province a 404 for a feed."""

from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.factories import make_record
from tests.test_public_inputs import assert_no_server_error, fuzz, junk, query_string, segment

CALENDAR_PARAMETERS = ["view", "period", "year", "month", "group", "province", "subject"]
GOOD_VALUES = {
    "view": ["month", "list"],
    "period": ["month", "next30", "year"],
    "year": ["2026", "1801", "2199", "1800", "2200", "1985"],
    "month": ["1", "2", "12", "13", "0"],
    "group": ["hre", "co-tu"],
    "province": ["51", "49"],
    "subject": ["le-hoi-cong-dong"],
}


@st.composite
def calendar_queries(draw):
    names = draw(st.lists(st.sampled_from(CALENDAR_PARAMETERS), max_size=5))
    return [(name, draw(st.one_of(st.sampled_from(GOOD_VALUES[name]), junk))) for name in names]


@pytest.fixture
def festivals(record_index):
    make_record(record_index, title="Tết Nguyên đán", calendar="lunar", month=1, day=1, duration_days=3)
    make_record(record_index, title="Lễ tháng nhuận", calendar="lunar", month=6, day=30, leap_month=True)
    make_record(record_index, title="Lễ theo tháng", calendar="solar", month=2, day=29)
    make_record(record_index, title="Lễ ăn trâu", calendar="seasonal", month=None, day=None, timing_note="Mùa khô")
    make_record(record_index, title="Lễ kín", calendar="lunar", month=3, day=10, access_level="community")


@pytest.mark.django_db
@fuzz(max_examples=400)
@given(pairs=calendar_queries())
@example(pairs=[("year", "9" * 5000)])
@example(pairs=[("year", "١٩٨٥")])
@example(pairs=[("year", "2199"), ("month", "12")])
@example(pairs=[("year", "1801"), ("month", "1"), ("view", "list")])
@example(pairs=[("period", "year"), ("year", "2199")])
@example(pairs=[("period", "next30"), ("year", "abc")])
@example(pairs=[("group", "\x00"), ("province", "a\x00b")])
def test_calendar_parameters_never_cause_a_server_error(client, festivals, pairs):
    response = assert_no_server_error(client, f"/lich-le-hoi/?{query_string(pairs)}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
@fuzz(max_examples=200)
@given(
    kind=st.sampled_from(["dan-toc", "tinh", "all"]),
    name=st.one_of(st.sampled_from(["hre", "51", "co-tu", "HRE", "051"]), junk),
)
@example(kind="dan-toc", name="hre")
@example(kind="tinh", name="9" * 400)
def test_feed_paths_never_cause_a_server_error(client, festivals, kind, name):
    if kind == "all":
        url = "/lich-le-hoi/le-hoi.ics?" + query_string([("year", name)])
    else:
        url = f"/lich-le-hoi/{kind}/{quote(name, safe='')}.ics"
    response = assert_no_server_error(client, url)
    assert response.status_code in (200, 404)


@pytest.mark.django_db
@fuzz(max_examples=50)
@given(part=segment(junk))
def test_paths_under_the_calendar_never_cause_a_server_error(client, festivals, part):
    assert_no_server_error(client, f"/lich-le-hoi/{part}")
