"""A small library for the statistics: records of every type and access level, in two
districts (one abolished by the 2025 reform, one in force) and published in different
months, with images, audio and video."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from heritage.models import CustomPage, ProductPage, RecordPage, Subject
from tests.factories import make_area, make_image, make_record, make_wav_bytes

SON_HA = [[108.40, 15.00], [108.70, 15.00], [108.70, 15.25], [108.40, 15.25], [108.40, 15.00]]
BA_TO = [[108.60, 14.60], [108.90, 14.60], [108.90, 14.90], [108.60, 14.90], [108.60, 14.60]]
QUANG_NGAI = [[108.30, 14.50], [109.00, 14.50], [109.00, 15.30], [108.30, 15.30], [108.30, 14.50]]
IN_SON_HA = {"latitude": 15.10, "longitude": 108.50}
IN_BA_TO = {"latitude": 14.75, "longitude": 108.75}


def published_on(record, day):
    """Move a record's first publication to `day` (noon in Vietnam)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    RecordPage.objects.filter(pk=record.pk).update(first_published_at=moment, listed_at=moment)


def make_recording(kind="audio", seconds=90.0, title="Chiêng"):
    from wagtail.models import Collection

    from media.models import HeritageMedia

    recording = HeritageMedia.objects.create(
        title=title,
        type=kind,
        collection=Collection.get_first_root_node(),
        credit="Ghi âm: Nhóm điền dã",
        file=SimpleUploadedFile(f"{title}.wav", make_wav_bytes(0.1), content_type="audio/wav"),
    )
    HeritageMedia.objects.filter(pk=recording.pk).update(duration=seconds)
    return recording


@pytest.fixture
def library(record_index):
    from gis.models import Area

    province = make_area(QUANG_NGAI, level="province", code="51", name="Tỉnh Quảng Ngãi")
    son_ha = make_area(
        SON_HA, level="district", code="435", name="Huyện Sơn Hà", parent=province, valid_to=datetime.date(2025, 6, 30)
    )
    ba_to = make_area(BA_TO, level="district", code="443", name="Huyện Ba Tơ", parent=province)
    commune = make_area(SON_HA, level="commune", code="23000", name="Xã Sơn Hà", valid_from=datetime.date(2025, 7, 1))
    son_ha.successors.set([commune])
    music = Subject.objects.first()
    photo, second_photo = make_image(title="Ảnh lễ"), make_image(title="Ảnh chợ")
    audio, video = make_recording("audio", 90.0, "Chiêng ba"), make_recording("video", 150.0, "Múa")
    hidden_audio = make_recording("audio", 600.0, "Lời khấn kín")
    records = {
        "festival": make_record(
            record_index,
            title="Lễ ăn trâu",
            main_image=photo,
            subjects=[music],
            body=[{"type": "audio", "value": {"audio": audio.pk, "title": "", "transcript": ""}}],
            **IN_SON_HA,
        ),
        "custom": make_record(
            record_index,
            CustomPage,
            title="Tục cúng bến nước",
            groups=("hre", "co"),
            body=[{"type": "video", "value": {"video": video.pk, "title": "", "transcript": ""}}],
            **IN_BA_TO,
        ),
        "product": make_record(
            record_index, ProductPage, title="Thổ cẩm Raglai", groups=("raglai",), province="56", main_image=photo
        ),
        "community": make_record(
            record_index,
            title="Lễ cúng rừng",
            access_level="community",
            main_image=second_photo,
            body=[{"type": "audio", "value": {"audio": hidden_audio.pk, "title": "", "transcript": ""}}],
            **IN_SON_HA,
        ),
        "staff": make_record(record_index, CustomPage, title="Tục kiêng kín", access_level="staff", **IN_BA_TO),
        "draft": make_record(record_index, title="Bản nháp", publish=False, **IN_SON_HA),
    }
    published_on(records["festival"], datetime.date(2024, 3, 8))
    published_on(records["custom"], datetime.date(2025, 1, 20))
    published_on(records["product"], datetime.date(2025, 5, 2))
    published_on(records["community"], datetime.date(2025, 5, 3))
    published_on(records["staff"], datetime.date(2025, 11, 30))
    return {
        "records": records,
        "areas": {"province": province, "son_ha": son_ha, "ba_to": ba_to, "commune": commune},
        "subject": music,
        "Area": Area,
    }
