import pytest

from heritage.models import CustomPage, ProductPage, Subject
from tests.factories import make_record


@pytest.fixture
def mixed_records(record_index):
    weaving = Subject.objects.get(slug="det-tho-cam")
    return {
        "hre_festival": make_record(record_index, title="Lễ hội Hrê", groups=["hre"], province="51"),
        "cotu_custom": make_record(record_index, CustomPage, title="Phong tục Cơ Tu", groups=["co-tu"], province="49"),
        "raglai_product": make_record(
            record_index, ProductPage, title="Sản phẩm Raglai", groups=["raglai"], province="56", subjects=[weaving]
        ),
    }


def titles(response):
    return {record.title for record in response.context["records"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("type=custom", {"Phong tục Cơ Tu"}),
        ("group=raglai", {"Sản phẩm Raglai"}),
        ("province=51", {"Lễ hội Hrê"}),
        ("subject=det-tho-cam", {"Sản phẩm Raglai"}),
        ("type=festival&province=49", set()),
        ("", {"Lễ hội Hrê", "Phong tục Cơ Tu", "Sản phẩm Raglai"}),
    ],
)
def test_filters_narrow_the_library(client, mixed_records, query, expected):
    response = client.get(f"/ho-so/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["type=painting", "group=no-such-group", "province=999", "subject=%3Cscript%3E"])
def test_unknown_filter_value_explains_itself_instead_of_failing(client, mixed_records, query):
    response = client.get(f"/ho-so/?{query}")
    assert response.status_code == 200
    assert titles(response) == set()
    assert response.context["filter_problems"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "999999999", "-1", ""])
def test_bad_page_numbers_fall_back_to_a_real_page(client, mixed_records, page):
    response = client.get(f"/ho-so/?page={page}")
    assert response.status_code == 200
    assert len(titles(response)) == 3


@pytest.mark.django_db
def test_pagination_keeps_filters_in_links(client, record_index):
    for number in range(14):
        make_record(record_index, title=f"Lễ hội số {number}", groups=["co"])
    response = client.get("/ho-so/?group=co")
    assert response.context["records"].paginator.num_pages == 2
    assert "group=co&amp;page=2" in response.content.decode()
    second = client.get("/ho-so/?group=co&page=2")
    assert len(second.context["records"]) == 2


@pytest.mark.django_db
def test_home_page_counts_records_by_type(client, mixed_records, site_tree):
    response = client.get("/")
    counts = {item["key"]: item["count"] for item in response.context["type_counts"]}
    assert counts == {"festival": 1, "custom": 1, "product": 1}


@pytest.mark.django_db
def test_ethnic_group_page_lists_its_records_and_alternative_names(client, mixed_records):
    response = client.get("/dan-toc/hre/")
    html = response.content.decode()
    assert titles(response) == {"Lễ hội Hrê"}
    assert "Chăm Rê" in html


@pytest.mark.django_db
def test_unknown_ethnic_group_is_not_found(client, site_tree):
    assert client.get("/dan-toc/khong-co/").status_code == 404


def facet(response, name, key):
    return {getattr(row, key): row.record_count for row in response.context[f"facet_{name}"]}


@pytest.mark.django_db
def test_facets_count_what_the_other_filters_leave(client, mixed_records, record_index):
    make_record(record_index, CustomPage, title="Phong tục Hrê", groups=["hre"], province="51")
    response = client.get("/ho-so/?group=hre")
    # Provinces and types follow the chosen group...
    assert facet(response, "provinces", "code") == {"51": 2}
    assert {row["key"]: row["count"] for row in response.context["facet_types"]} == {
        "festival": 1,
        "custom": 1,
        "product": 0,
    }
    # ...while the group facet itself still offers the other groups.
    assert facet(response, "groups", "slug") == {"hre": 2, "co-tu": 1, "raglai": 1}
    narrower = client.get("/ho-so/?group=hre&type=custom")
    assert titles(narrower) == {"Phong tục Hrê"}
    assert facet(narrower, "provinces", "code") == {"51": 1}


@pytest.mark.django_db
def test_remembered_counts_change_when_a_record_is_published(client, mixed_records, record_index):
    assert client.get("/ho-so/").context["paginator"].count == 3
    newest = make_record(record_index, title="Lễ mới nhất", groups=["hre"], province="51")
    response = client.get("/ho-so/")
    assert response.context["paginator"].count == 4
    assert facet(response, "provinces", "code")["51"] == 2
    assert next(iter(response.context["records"])).pk == newest.pk  # newest first
    newest.refresh_from_db()
    assert newest.listed_at == newest.first_published_at


@pytest.mark.django_db
def test_a_community_record_is_in_no_anonymous_count_even_when_remembered(client, mixed_records, record_index):
    client.get("/ho-so/?group=hre")  # counts remembered for anonymous visitors
    make_record(record_index, title="Lễ kín", groups=["hre"], province="51", access_level="community")
    response = client.get("/ho-so/?group=hre")
    assert response.context["paginator"].count == 1
    assert facet(response, "provinces", "code") == {"51": 1}
    assert client.get("/").context["type_counts"][0]["count"] == 1


@pytest.mark.django_db
def test_the_library_page_costs_the_same_number_of_queries_at_any_size(
    client, record_index, django_assert_max_num_queries
):
    for number in range(30):
        make_record(record_index, title=f"Hồ sơ {number}", groups=["hre", "co-tu"], province="51")
    client.get("/ho-so/?group=hre&page=2")
    with django_assert_max_num_queries(30):
        response = client.get("/ho-so/?group=hre&province=51&page=2")
    assert len(response.context["records"]) == 12


def grouped_counts_made_by(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]


@pytest.mark.django_db
@pytest.mark.parametrize("warm", [True, False])
def test_counts_are_ready_before_the_first_visitor_after_a_publish(
    client, settings, mixed_records, record_index, django_capture_on_commit_callbacks, warm
):
    settings.HERITAGE_WARM_COUNTS = warm
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_record(record_index, title="Lễ vừa xuất bản", groups=["hre"], province="51")
    from heritage.access import _enqueue_warming

    assert callbacks.count(_enqueue_warming) == (1 if warm else 0)  # once, however many changes
    for url in ("/ho-so/", "/"):
        made = grouped_counts_made_by(client, url)
        assert (made == []) is warm, made
    assert client.get("/ho-so/").context["paginator"].count == 4
