"""A search hit in a recording's captions opens the record page with the player at that
moment, in Chromium (the page's own script, under the site's CSP)."""

import pytest
from django.core.files.base import ContentFile

from media.models import HeritageMedia
from tests.factories import make_record, make_site_tree, make_wav_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:01.000\nLời chào\n\n00:02.500 --> 00:03.500\nTiếng chiêng ba vang lên\n"


def test_a_caption_hit_opens_the_recording_at_that_moment(live_server, chromium, settings):
    settings.HERITAGE_SEARCH = {"URL": "", "INDEX": "unused"}
    _home, record_index, _collections = make_site_tree()
    media = HeritageMedia(title="Bài chiêng", type="audio", credit="Ghi âm: Nhóm điền dã")
    media.file.save("bai-chieng.wav", ContentFile(make_wav_bytes(seconds=5)), save=False)
    media.captions.save("bai-chieng.vtt", ContentFile(CAPTIONS.encode()), save=False)
    media.save()
    body = [{"type": "audio", "value": {"audio": media.pk, "title": "", "transcript": ""}}]
    make_record(record_index, title="Lễ mừng lúa mới", body=body)

    page = chromium.new_page()
    page.goto(f"{live_server.url}/search/?q=chieng+ba")
    moment = page.get_by_role("link", name="Nghe ở phút 0:02")
    assert moment.get_attribute("href").endswith(f"#media-{media.pk}&t=2.5")
    moment.click()
    page.wait_for_url(f"**#media-{media.pk}&t=2.5")
    # The recording loads, then the page's script seeks (slow on a busy machine).
    page.wait_for_function("() => document.querySelector('audio[data-media-id]').currentTime > 0", timeout=45_000)
    position = page.evaluate("() => document.querySelector('audio[data-media-id]').currentTime")
    assert position == pytest.approx(2.5)
    page.close()
