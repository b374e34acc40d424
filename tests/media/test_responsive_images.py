import re

import pytest

from media.renditions import WIDTHS, filter_specs, formats
from media.tasks import make_responsive_renditions
from tests.factories import make_image, make_jpeg_bytes, make_record


@pytest.mark.django_db
def test_record_page_serves_modern_formats_at_several_widths_without_layout_shift(client, record_index):
    image = make_image(file_bytes=make_jpeg_bytes((1600, 1200)), description="Cây nêu giữa làng")
    body = [{"type": "image", "value": {"image": make_image().pk, "caption": "Chiêng"}}]
    record = make_record(record_index, main_image=image, body=body)
    html = client.get(record.url).content.decode()
    main = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    if "avif" in formats():
        assert '<source type="image/avif"' in main
    srcset = re.search(r'<img[^>]* srcset="([^"]+)"', main).group(1)
    assert [int(width) for width in re.findall(r" (\d+)w", srcset)] == list(WIDTHS)
    assert all(url.endswith(".webp") for url in re.findall(r"(\S+) \d+w", srcset))
    assert 'width="800" height="600"' in main and 'alt="Cây nêu giữa làng"' in main
    assert 'loading="lazy"' not in main  # the first image is above the fold
    body_image = re.findall(r"<picture>.*?</picture>", html, re.S)[1]
    assert 'loading="lazy"' in body_image
    assert f'href="/iiif/manifest/{record.pk}"' in html


@pytest.mark.django_db
def test_a_small_original_is_not_listed_at_widths_it_does_not_have(client, record_index):
    record = make_record(record_index, main_image=make_image(file_bytes=make_jpeg_bytes((500, 300))))
    html = client.get(record.url).content.decode()
    srcset = re.search(r'<img[^>]* srcset="([^"]+)"', html).group(1)
    assert re.findall(r" (\d+)w", srcset) == ["480", "500"]


@pytest.mark.django_db(transaction=False)
def test_new_uploads_get_their_renditions_in_the_background(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(file_bytes=make_jpeg_bytes((1300, 900)))
    assert image.renditions.count() == len(filter_specs())
    make_responsive_renditions.call(image.pk)  # running it again makes nothing new
    assert image.renditions.count() == len(filter_specs())


@pytest.mark.django_db
def test_reduced_decoding_keeps_size_and_rotation_of_a_large_phone_photo():
    from PIL import Image

    from media.renditions import renditions_by_format
    from tests.factories import make_phone_photo

    image = make_image(file_bytes=make_phone_photo(size=(3000, 2000), orientation=6))
    webp = renditions_by_format(image)["webp"]
    assert [(rendition.width, rendition.height) for rendition in webp] == [(480, 720), (800, 1200), (1200, 1800)]
    with webp[0].file.open() as stored:
        picture = Image.open(stored)
        picture.load()
        # The red corner drawn top-left on the sensor is top-right once turned upright.
        assert picture.getpixel((470, 5))[0] > 150 and picture.getpixel((5, 5))[0] < 150


@pytest.mark.django_db
def test_a_page_view_does_not_write_back_renditions_it_read_from_the_cache(client, record_index, monkeypatch):
    """With the database cache of production every write is a committed transaction."""
    image = make_image(file_bytes=make_jpeg_bytes((1600, 1200)))
    record = make_record(record_index, main_image=image)
    cache = image.get_rendition_model().cache_backend
    written = []
    original = cache.set_many
    monkeypatch.setattr(cache, "set_many", lambda data, *args, **kwargs: written.append(set(data)) or original(data))
    client.get(record.url)  # the renditions are made or read from the database, then cached
    assert written and len(written[0]) == len(filter_specs())
    written.clear()
    html = client.get(record.url).content.decode()
    assert written == []
    assert html.count("<picture>") == 1
