"""The responsive set is made from one decoding of the original, and is what Wagtail's own
filters would have made: the same sizes, formats and names, upright, without location."""

import io
import re

import pytest
from PIL import Image, JpegImagePlugin
from wagtail.images.models import Filter

from media.location_metadata import carries_location
from media.renditions import filter_specs, formats, get_renditions, renditions_by_format, widths
from tests.factories import make_image, make_phone_photo


def jpeg(size, mode="RGB", **options):
    buffer = io.BytesIO()
    picture = Image.new(mode, size, (40, 90, 160) if mode == "RGB" else 120)
    picture.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png_with_alpha(size):
    buffer = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def what_wagtail_makes(image, spec):
    """(width, height, format) of Wagtail's own rendition for `spec`: full decoding, its filters."""
    with image.open_file() as original:
        source = io.BytesIO(original.read())
    made = Filter(spec=spec).run(image, io.BytesIO(), source=source)
    made.f.seek(0)
    with Image.open(made.f) as picture:
        return (*picture.size, picture.format.lower())


def stored(rendition):
    with rendition.file.open() as file:
        return file.read()


SOURCES = {
    "landscape JPEG": lambda: jpeg((3000, 2000)),
    "odd-sized JPEG": lambda: jpeg((2001, 1333)),
    "portrait phone photo, EXIF 6": lambda: make_phone_photo(size=(2400, 1800), orientation=6),
    "phone photo, EXIF 8": lambda: make_phone_photo(size=(1700, 1300), orientation=8),
    "phone photo, EXIF 3": lambda: make_phone_photo(size=(1400, 1000), orientation=3),
    "small JPEG": lambda: jpeg((500, 300)),
    "grey JPEG": lambda: jpeg((1300, 900), mode="L"),
    "CMYK JPEG": lambda: jpeg((1300, 900), mode="CMYK"),
    "PNG with alpha": lambda: png_with_alpha((1000, 800)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES)
def test_the_set_has_the_sizes_and_formats_wagtail_would_make(source):
    image = make_image(file_bytes=SOURCES[source]())
    made = get_renditions(image, filter_specs())
    assert list(made) == filter_specs()
    for spec, rendition in made.items():
        with Image.open(io.BytesIO(stored(rendition))) as picture:
            actual = (*picture.size, picture.format.lower())
        assert actual == what_wagtail_makes(image, spec), spec
        assert (rendition.width, rendition.height) == picture.size
        assert rendition.file.name.endswith(spec.replace("|", ".") + "." + spec.rsplit("-", 1)[1])


@pytest.mark.django_db
def test_file_names_are_wagtails():
    image = make_image(file_bytes=jpeg((900, 600)))
    rendition = get_renditions(image, ["width-480|format-webp"])["width-480|format-webp"]
    assert re.fullmatch(r"images/test-\d+\.width-480\.format-webp\.webp", rendition.file.name)


@pytest.mark.django_db
def test_a_large_jpeg_is_decoded_once_at_reduced_scale_for_the_whole_set(monkeypatch):
    image = make_image(file_bytes=jpeg((4000, 3000), quality=90))
    decoded = []
    load = JpegImagePlugin.JpegImageFile.load

    def counting_load(picture):
        if picture.tile:  # not yet decoded
            decoded.append(picture.size)
        return load(picture)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", counting_load)
    renditions_by_format(image)
    assert decoded == [(2000, 1500)]  # half size still covers 1200 wide; once for the whole set


@pytest.mark.django_db
def test_avif_only_at_the_widths_browsers_pick_webp_at_every_width():
    assert filter_specs() == [
        *(f"width-{width}|format-avif" for width in (800, 1200) if "avif" in formats()),
        "width-480|format-webp",
        "width-800|format-webp",
        "width-1200|format-webp",
    ]


@pytest.mark.django_db
def test_renditions_are_upright():
    image = make_image(file_bytes=make_phone_photo(size=(1800, 1200), orientation=6))
    for fmt, renditions in renditions_by_format(image).items():
        assert [(rendition.width, rendition.height) for rendition in renditions] == [
            (width, width * 3 // 2) for width in widths(fmt)
        ], fmt
        with Image.open(io.BytesIO(stored(renditions[0]))) as picture:
            picture = picture.convert("RGB")
            # The red corner drawn top-left on the sensor is top-right once turned upright.
            right = picture.width - 10
            assert picture.getpixel((right, 5))[0] > 150 and picture.getpixel((5, 5))[0] < 150, fmt


@pytest.mark.django_db
def test_renditions_of_a_geotagged_photo_carry_no_location():
    image = make_image(file_bytes=make_phone_photo(size=(1600, 1200)))
    for renditions in renditions_by_format(image).values():
        for rendition in renditions:
            data = stored(rendition)
            assert not carries_location(data)
            with Image.open(io.BytesIO(data)) as picture:
                assert not picture.getexif() and "xmp" not in picture.info


@pytest.mark.django_db
def test_making_the_set_again_makes_nothing_new_and_reuses_what_exists():
    image = make_image(file_bytes=jpeg((1300, 900)))
    first = get_renditions(image, ["width-480|format-webp"])["width-480|format-webp"]
    made = renditions_by_format(image)
    assert made["webp"][0].file.name == first.file.name
    assert image.renditions.count() == len(filter_specs())
    renditions_by_format(type(image).objects.get(pk=image.pk))
    assert image.renditions.count() == len(filter_specs())


@pytest.mark.django_db
def test_other_filters_are_left_to_wagtail():
    image = make_image(file_bytes=jpeg((1300, 900)))
    made = get_renditions(image, ["fill-480x320|format-webp", "width-300"])
    assert (made["fill-480x320|format-webp"].width, made["fill-480x320|format-webp"].height) == (480, 320)
    assert made["width-300"].file.name.endswith(".jpg")


@pytest.mark.django_db
def test_the_picture_offers_avif_at_800_and_1200_and_webp_at_every_width():
    from media.templatetags.heritage_media import responsive_image

    html = responsive_image(make_image(file_bytes=jpeg((1600, 1200))))
    webp = re.search(r'<img[^>]* srcset="([^"]+)"', html).group(1)
    assert re.findall(r"\.webp (\d+)w", webp) == ["480", "800", "1200"]
    if "avif" in formats():
        avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', html).group(1)
        assert re.findall(r"\.avif (\d+)w", avif) == ["800", "1200"]
