import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from media.models import HeritageMedia
from media.webvtt import WebVTTError, parse_webvtt
from tests.factories import make_record
from tests.factories import make_wav_bytes as wav_bytes

CAPTIONS = (
    "WEBVTT\n\n00:00.000 --> 00:01.200\nTiếng chiêng mở đầu lễ\n\n00:01.200 --> 00:02.500\nLời khấn của già làng\n"
)


def upload_audio(client, media_type="audio", **fields):
    data = {
        "title": "Chiêng ba",
        "collection": Collection.get_first_root_node().pk,
        "credit": "Ghi âm: Nhóm điền dã",
        "captions_language": "vi",
        "file": SimpleUploadedFile("chieng-ba.wav", wav_bytes(), content_type="audio/wav"),
        "captions": SimpleUploadedFile("chieng-ba.vtt", CAPTIONS.encode(), content_type="text/vtt"),
        **fields,
    }
    return client.post(f"/admin/media/{media_type}/add/", {key: value for key, value in data.items() if value})


@pytest.mark.django_db
def test_duration_format_and_size_are_read_on_upload(client, curator):
    client.force_login(curator)
    response = upload_audio(client)
    assert response.status_code == 302, response.context["form"].errors
    recording = HeritageMedia.objects.get()
    assert recording.duration == pytest.approx(2.5, abs=0.01)
    assert recording.duration_label == "0:03"
    assert recording.mime_type.startswith("audio/")
    assert recording.file_size == len(wav_bytes())


@pytest.mark.django_db
def test_broken_captions_are_refused_with_the_line_and_nothing_is_saved(client, curator):
    client.force_login(curator)
    bad = "WEBVTT\n\n00:00.000 --> 00:01.200\nMột\n\n00:05.000 -> 00:06.000\nHai\n"
    response = upload_audio(client, captions=SimpleUploadedFile("x.vtt", bad.encode()))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["captions"][0].code == "invalid_webvtt"
    assert "line 6" in str(response.context["form"].errors["captions"])
    assert HeritageMedia.objects.count() == 0


@pytest.mark.django_db
def test_a_file_that_only_pretends_to_be_audio_is_refused(client, curator):
    client.force_login(curator)
    response = upload_audio(client, file=SimpleUploadedFile("bai-hat.mp3", b"not really an mp3 " * 100))
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "corrupt_media"
    assert HeritageMedia.objects.count() == 0


@pytest.mark.parametrize(
    "text, line",
    [
        ("00:00.000 --> 00:01.000\nx\n", 1),
        ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", 3),
        ("WEBVTT\n\n", 3),
    ],
)
def test_webvtt_problems_name_their_line(text, line):
    with pytest.raises(WebVTTError) as problem:
        parse_webvtt(text)
    assert problem.value.line == line


def test_webvtt_with_hours_settings_and_bom_is_read():
    cues = parse_webvtt("\ufeffWEBVTT - lễ hội\n\n1\n01:00:00.000 --> 01:00:02.500 align:start\nCâu một\ndòng hai\n")
    assert cues == [(3600.0, 3602.5, "Câu một\ndòng hai")]


@pytest.mark.django_db
def test_record_plays_the_recording_with_captions_transcript_and_credit(client, curator, record_index):
    client.force_login(curator)
    upload_audio(client, transcript="Già làng khấn mời thần linh về dự lễ.")
    client.logout()
    recording = HeritageMedia.objects.get()
    body = [{"type": "audio", "value": {"audio": recording.pk, "title": "", "transcript": ""}}]
    html = client.get(make_record(record_index, body=body).url).content.decode()
    assert f'<source src="{recording.url}" type="{recording.mime_type}">' in html
    assert f'<track kind="captions" src="{recording.captions.url}" srclang="vi"' in html
    assert "Già làng khấn mời thần linh về dự lễ." in html
    assert "Ghi âm: Nhóm điền dã" in html and "(0:03)" in html


def silent_mp4(seconds=12.5):
    """The smallest MP4 a player would list: ftyp, and a moov with mvhd and a video track."""
    import struct

    def box(kind, payload):
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    timescale = 1000
    mvhd = bytes(4) + bytes(8) + struct.pack(">II", timescale, int(seconds * timescale)) + bytes(80)
    hdlr = bytes(4) + bytes(4) + b"vide" + bytes(12) + b"Video\x00"
    track = box(b"trak", box(b"mdia", box(b"hdlr", hdlr)))
    return box(b"ftyp", b"isom" + bytes(4) + b"isommp41") + box(b"moov", box(b"mvhd", mvhd) + track)


@pytest.mark.django_db
def test_a_video_gets_its_length_and_a_video_type(client, curator):
    client.force_login(curator)
    response = upload_audio(
        client,
        media_type="video",
        title="Múa cồng chiêng",
        credit="Quay phim: Nhóm điền dã",
        file=SimpleUploadedFile("mua.mp4", silent_mp4(), content_type="video/mp4"),
        captions=None,
    )
    assert response.status_code == 302, response.context["form"].errors
    video = HeritageMedia.objects.get()
    assert (video.type, video.mime_type, video.duration) == ("video", "video/mp4", 12.5)
