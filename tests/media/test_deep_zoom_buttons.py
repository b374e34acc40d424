"""The record page prints a hidden "Zoom" button per image it shows and includes the
viewer's loader only when the IIIF endpoints can serve the images; never OpenSeadragon."""

import pytest

from tests.factories import make_image, make_record


@pytest.mark.django_db
def test_each_image_has_a_zoom_button_on_its_iiif_info(client, site_tree):
    main = make_image(title="Cây nêu")
    in_body = make_image(title="Chiêng")
    body = [{"type": "image", "value": {"image": in_body.pk, "caption": "", "credit": ""}}]
    record = make_record(site_tree["records"], main_image=main, body=body)
    html = client.get(record.url).content.decode()
    assert f'data-deep-zoom="/iiif/3/{main.pk}/info.json"' in html
    assert f'data-deep-zoom="/iiif/3/{in_body.pk}/info.json"' in html
    assert html.count('class="deep-zoom-open"') == 2
    assert 'id="deep-zoom"' in html and "heritage_media/deep_zoom.js" in html
    assert '<script src="/static/vendor/openseadragon' not in html  # fetched only when opened


@pytest.mark.django_db
def test_a_record_without_images_carries_no_viewer(client, site_tree):
    html = client.get(make_record(site_tree["records"]).url).content.decode()
    assert "deep-zoom" not in html


@pytest.mark.django_db
def test_a_community_record_shows_no_zoom_button_to_an_anonymous_visitor(client, site_tree):
    record = make_record(site_tree["records"], main_image=make_image(), access_level="community")
    response = client.get(record.url)
    assert "deep-zoom" not in response.content.decode()
    assert client.get(f"/iiif/3/{record.main_image_id}/info.json").status_code == 404


@pytest.mark.django_db
def test_the_button_speaks_vietnamese_and_english(client, site_tree):
    record = make_record(site_tree["records"], main_image=make_image(title="Cây nêu"))
    assert "Phóng to" in client.get(record.url).content.decode()
    assert "Zoom" in client.get(f"/en{record.url}").content.decode()
