import pytest

from tests.factories import make_record


@pytest.mark.django_db
def test_vietnamese_is_the_default_even_for_english_browsers(client, site_tree):
    response = client.get("/ho-so/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Trang chủ" in html and "Bộ lọc" in html


@pytest.mark.django_db
def test_english_address_translates_the_interface_and_titles(client, record_index):
    record = make_record(record_index, title="Lễ ăn trâu", title_en="Buffalo-offering rite", summary_en="In English.")
    vietnamese_url = record.url
    html = client.get(f"/en{vietnamese_url}").content.decode()
    assert '<html lang="en">' in html
    assert "Cite this record" in html
    assert "<h1>Buffalo-offering rite</h1>" in html
    assert "In English." in html

    html = client.get(vietnamese_url).content.decode()
    assert "Trích dẫn hồ sơ này" in html
    assert "<h1>Lễ ăn trâu</h1>" in html


@pytest.mark.django_db
def test_record_page_offers_a_citation_with_stable_url(client, record_index):
    record = make_record(record_index, title="Quế Trà Bồng")
    html = client.get(record.url).content.decode()
    assert f"http://testserver/r/{record.pk}/" in html
    assert "truy cập ngày" in html
