"""Builders for test data: small functions with sensible defaults, overridable per test."""

import io
import itertools
import wave

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image

from heritage.models import (
    CollectionIndexPage,
    CollectionItem,
    CollectionPage,
    CustomPage,
    EthnicGroup,
    FestivalPage,
    HomePage,
    Licence,
    ProductPage,
    Province,
    RecordIndexPage,
)
from media.models import HeritageImage

_sequence = itertools.count(1)


def make_jpeg_bytes(size=(640, 480), colour=(150, 60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def _dms(decimal):
    from PIL.TiffImagePlugin import IFDRational

    degrees = int(decimal)
    minutes = int((decimal - degrees) * 60)
    seconds = round(((decimal - degrees) * 60 - minutes) * 60 * 100)
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100))


def make_phone_photo(
    size=(900, 600),
    artist="Đinh Văn Lành",
    copyright="Sở Dân tộc và Tôn giáo Quảng Ngãi",
    latitude=15.0442,
    longitude=108.4681,
    orientation=6,
    taken="2025:11:08 07:45:12",
):
    """A JPEG as a phone writes it: EXIF creator, copyright, date, GPS and rotation."""
    exif = Image.Exif()
    exif[0x013B] = artist.encode()  # phones write UTF-8 bytes where EXIF says ASCII
    exif[0x8298] = copyright.encode()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = taken
    if latitude is not None:
        exif.get_ifd(0x8825).update({1: "N", 2: _dms(latitude), 3: "E", 4: _dms(longitude)})
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (120, 90, 40))
    image.paste((200, 40, 40), (0, 0, size[0] // 3, size[1] // 3))  # a corner to see the rotation by
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def make_wav_bytes(seconds=2.5, rate=8000):
    """A mono 16-bit WAV recording of `seconds`, for audio uploads."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"\x00\x01" * int(seconds * rate))
    return buffer.getvalue()


def make_image(title="Ảnh thử", file_bytes=None, **fields):
    image = HeritageImage(
        title=title,
        description=fields.pop("description", "Ảnh thử nghiệm"),
        credit=fields.pop("credit", "Ảnh: Nhóm kiểm thử"),
        creator=fields.pop("creator", "Nhóm kiểm thử"),
        source=fields.pop("source", "Ảnh chụp thử nghiệm"),
        licence=fields.pop("licence", None) or Licence.objects.get(code="cc-by-4.0"),
        **fields,
    )
    image.file = ImageFile(io.BytesIO(file_bytes or make_jpeg_bytes()), name=f"test-{next(_sequence)}.jpg")
    image.save()
    return image


def make_user(username=None, groups=(), password="pass-for-tests", **fields):
    username = username or f"user{next(_sequence)}"
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


RECORD_DEFAULTS = {
    FestivalPage: {"calendar": "lunar", "month": 1, "day": 15, "frequency": "annual"},
    CustomPage: {"category": "belief"},
    ProductPage: {"kind": "craft"},
}


def make_record(
    index,
    model=FestivalPage,
    title=None,
    groups=("hre",),
    province="51",
    access_level="public",
    publish=True,
    subjects=(),
    **fields,
):
    number = next(_sequence)
    values = {
        "title": title or f"Hồ sơ thử {number}",
        "slug": f"ho-so-thu-{number}",
        "summary": fields.pop("summary", "Tóm tắt hồ sơ thử nghiệm."),
        "licence": Licence.objects.get(code="cc-by-4.0"),
        "province": Province.objects.get(code=province) if province else None,
        "access_level": access_level,
        "live": False,
        **RECORD_DEFAULTS[model],
        **fields,
    }
    page = index.add_child(instance=model(**values))
    page.ethnic_groups.set(EthnicGroup.objects.filter(slug__in=groups))
    page.subjects.set(subjects)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_site_tree():
    """Home → record library + collection index, as the default site root."""
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Thư viện điện tử di sản các dân tộc", slug="trang-chu-thu"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    record_index = home.add_child(instance=RecordIndexPage(title="Kho hồ sơ", slug="ho-so", title_en="Records"))
    collection_index = home.add_child(instance=CollectionIndexPage(title="Bộ sưu tập", slug="bo-suu-tap"))
    return home, record_index, collection_index


def make_collection(collection_index, records, title="Bộ sưu tập thử"):
    page = CollectionPage(title=title, slug=f"bst-{next(_sequence)}", summary="Tóm tắt bộ sưu tập.")
    page.items = [CollectionItem(record=record, sort_order=order) for order, record in enumerate(records)]
    collection_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_area(ring, level="district", code=None, name="Huyện thử", **fields):
    """An administrative area whose boundary is the polygon `ring` ([[lon, lat], ...],
    closed), with its bounding box worked out."""
    from gis.models import Area

    geometry = {"type": "Polygon", "coordinates": [ring]}
    longitudes, latitudes = [point[0] for point in ring], [point[1] for point in ring]
    return Area.objects.create(
        level=level,
        code=code or f"thu-{next(_sequence)}",
        name=name,
        geometry=geometry,
        simplified=geometry,
        min_lon=min(longitudes),
        min_lat=min(latitudes),
        max_lon=max(longitudes),
        max_lat=max(latitudes),
        **fields,
    )
