"""What recordings say is searchable on every engine, and a hit in the captions links to
the moment it is said; the record page's player starts there."""

import pytest
from django.core.files.base import ContentFile

from media.models import HeritageMedia
from tests.factories import make_record, make_wav_bytes

CAPTIONS = """WEBVTT

00:00.000 --> 00:04.000
Già làng mời mọi người vào nhà rông.

01:05.500 --> 01:09.000
Tiếng chiêng ba vang lên khi trâu được dắt ra cột nêu.
"""


def recording(title="Bài khấn", captions=CAPTIONS, transcript=""):
    media = HeritageMedia(title=title, type="audio", credit="Ghi âm: Nhóm điền dã", transcript=transcript)
    media.file.save("bai-khan.wav", ContentFile(make_wav_bytes(seconds=0.5)), save=False)
    if captions:
        media.captions.save("bai-khan.vtt", ContentFile(captions.encode()), save=False)
    media.save()
    return media


@pytest.fixture
def recorded(search_backend, record_index):
    media = recording(transcript="Bài khấn cầu mưa của thầy cúng.")
    body = [{"type": "audio", "value": {"audio": media.pk, "title": "", "transcript": ""}}]
    record = make_record(record_index, title="Lễ cầu mưa", body=body)
    hidden = recording(title="Bài khấn kín", captions="WEBVTT\n\n00:02.000 --> 00:03.000\nLời khấn kín xơmơlang\n")
    hidden_body = [{"type": "audio", "value": {"audio": hidden.pk, "title": "", "transcript": ""}}]
    make_record(record_index, title="Lễ kín", body=hidden_body, access_level="community")
    make_record(record_index, title="Lễ không có ghi âm", summary="Không nhắc tới chiêng.")
    return {"record": record, "media": media}


def test_a_word_said_in_the_captions_finds_the_record(client, recorded):
    data = client.get("/api/search", {"q": "cot neu"}).json()
    assert [result["title"] for result in data["results"]] == ["Lễ cầu mưa"]


def test_a_word_of_the_transcript_finds_the_record(client, recorded):
    data = client.get("/api/search", {"q": "thầy cúng"}).json()
    assert [result["title"] for result in data["results"]] == ["Lễ cầu mưa"]


def test_a_caption_hit_links_to_the_moment(client, recorded):
    data = client.get("/api/search", {"q": "trâu cột nêu"}).json()
    (moment,) = data["results"][0]["moments"]
    media = recorded["media"]
    assert moment["url"].endswith(f"{recorded['record'].url}#media-{media.pk}&t=65.5")
    assert moment["start"] == 65.5
    assert "cột nêu" in moment["text"]
    html = client.get("/search/", {"q": "trâu cột nêu"}).content.decode()
    assert f"#media-{media.pk}&amp;t=65.5" in html
    assert "1:05" in html


def test_moments_only_for_the_words_searched(client, recorded):
    data = client.get("/api/search", {"q": "cầu mưa"}).json()
    assert data["results"][0]["moments"] == []


def test_restricted_recordings_are_not_found_by_what_they_say(client, recorded):
    assert client.get("/api/search", {"q": "xomolang"}).json()["total"] == 0


def test_the_record_page_player_knows_its_recording(client, recorded):
    html = client.get(recorded["record"].url).content.decode()
    assert f'data-media-id="{recorded["media"].pk}"' in html
    assert "search/moment.js" in html


def test_recordings_are_served_in_byte_ranges_so_the_player_can_seek(client, recorded):
    url = recorded["media"].file.url
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    size = int(whole["Content-Length"])
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == b"".join(whole.streaming_content)[100:200]
    assert client.get(url, HTTP_RANGE="bytes=-10")["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert client.get(url, HTTP_RANGE=f"bytes={size + 5}-").status_code == 416
