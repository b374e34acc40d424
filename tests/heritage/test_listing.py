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
