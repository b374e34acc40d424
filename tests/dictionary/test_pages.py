"""The dictionaries' pages as a visitor uses them, and what each audience may see."""

import json

import pytest

from tests.factories import make_record

from .conftest import make_entry

pytestmark = pytest.mark.django_db


def test_dictionary_list_counts_what_the_visitor_may_see(client, hre):
    make_entry(headword="kapô")
    make_entry(headword="kađông", access_level="community")
    page = client.get("/tu-dien/").content.decode()
    assert "Từ điển Việt–Hrê" in page
    assert "1 mục từ" in page


def test_dictionary_home_browses_by_the_languages_alphabet(client, hre):
    make_entry(headword="chơ", glosses=[("đi", "")])
    make_entry(headword="ca", glosses=[("cá", "")])
    make_entry(headword="đăk", glosses=[("nước", "")])
    response = client.get("/tu-dien/hre/", {"chu": "ch"})
    assert response.status_code == 200
    assert [e.headword for e in response.context["browse"]] == ["chơ"]
    assert [item["count"] for item in response.context["letters"] if item["letter"] in ("c", "ch", "đ")] == [1, 1, 1]
    assert response.context["word_of_the_day"].headword in ("chơ", "ca", "đăk")


def test_a_letter_outside_the_alphabet_is_a_clear_400(client, hre):
    response = client.get("/tu-dien/hre/", {"chu": "<z>"})
    assert response.status_code == 400
    assert "không phải là một chữ cái" in response.content.decode()


def test_lookup_on_the_home_page_shows_exact_then_prefix_and_did_you_mean(client, hre):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    make_entry(headword="kapôl", glosses=[("sample", "")])
    page = client.get("/tu-dien/hre/", {"q": "kapo"}).content.decode()
    assert page.index("data-exact-matches") < page.index("data-prefix-matches")
    page = client.get("/tu-dien/hre/", {"q": "kapox"}).content.decode()
    assert "data-no-match" in page and "data-did-you-mean" in page and "kapô" in page


def test_autocomplete_answers_json_and_hides_community_entries(client, hre, community_member):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    make_entry(headword="kađông", glosses=[("cái gùi", "")], access_level="community")
    answer = client.get("/tu-dien/hre/goi-y.json", {"q": "ka"}).json()
    assert [item["headword"] for item in answer["suggestions"]] == ["kapô"]
    assert answer["suggestions"][0]["url"].startswith("/tu-dien/hre/")
    client.force_login(community_member)
    answer = client.get("/tu-dien/hre/goi-y.json", {"q": "ka"}).json()
    assert [item["headword"] for item in answer["suggestions"]] == ["kađông", "kapô"]


def test_word_page_shows_senses_sample_mark_citation_and_public_records_only(client, hre, record_index):
    from dictionary.models import RecordTerm

    entry = make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    public = make_record(record_index, title="Lễ đâm trâu công khai")
    hidden = make_record(record_index, title="Lễ cộng đồng kín", access_level="community")
    for record in (public, hidden):
        RecordTerm.objects.create(record=record, entry=entry)
    response = client.get(entry.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "con trâu" in page and "Mục mẫu — không phải dữ liệu thật" in page
    assert f"http://testserver/tu-dien/hre/{entry.pk}/" in page  # the stable address, cited
    assert "Lễ đâm trâu công khai" in page
    assert "Lễ cộng đồng kín" not in page


def test_word_pages_of_community_staff_and_draft_entries_are_not_found_anonymously(client, hre, community_member):
    community = make_entry(headword="kapô", access_level="community")
    staff = make_entry(headword="kađông", access_level="staff")
    draft = make_entry(headword="lơ", publish=False)
    for entry in (community, staff, draft):
        assert client.get(f"/tu-dien/hre/{entry.pk}/").status_code == 404
    client.force_login(community_member)
    assert client.get(community.get_absolute_url()).status_code == 200
    assert client.get(staff.get_absolute_url()).status_code == 404


def test_word_page_under_another_languages_address_redirects_to_its_own(client, hre, co):
    entry = make_entry(headword="kapô")
    response = client.get(f"/tu-dien/cua/{entry.pk}/")
    assert response.status_code == 301 and response["Location"] == entry.get_absolute_url()


def test_related_words_hide_entries_the_visitor_may_not_see(client, hre):
    from dictionary.models import RelatedWord

    entry = make_entry(headword="kapô")
    shown = make_entry(headword="kapô ba", glosses=[("trâu đực", "")])
    hidden = make_entry(headword="kapô mí", glosses=[("trâu cái", "")], access_level="community")
    entry.relations = [RelatedWord(target=shown, sort_order=0), RelatedWord(target=hidden, sort_order=1)]
    entry.save_revision().publish()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "kapô ba" in page and "kapô mí" not in page


def test_record_page_shows_its_visible_terms_with_glosses(client, hre, record_index):
    from dictionary.models import RecordTerm

    record = make_record(record_index, title="Lễ cúng bến nước")
    public = make_entry(headword="kapô", glosses=[("con trâu", "")])
    hidden = make_entry(headword="kađông", glosses=[("cái gùi", "")], access_level="community")
    record.dictionary_terms = [RecordTerm(entry=public, sort_order=0), RecordTerm(entry=hidden, sort_order=1)]
    record.save_revision().publish()
    page = client.get(record.url).content.decode()
    assert "data-record-terms" in page and "kapô" in page and "con trâu" in page
    assert "kađông" not in page


def test_site_search_finds_a_record_through_a_tagged_words_meaning_and_says_why(client, hre, record_index):
    from dictionary.models import RecordTerm

    record = make_record(record_index, title="Lễ hội làng", summary="Một lễ hội của làng.")
    hidden = make_record(record_index, title="Lễ kín", access_level="staff")
    entry = make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    record.dictionary_terms = [RecordTerm(entry=entry, sort_order=0)]
    record.save_revision().publish()
    RecordTerm.objects.create(record=hidden, entry=entry)
    page = client.get("/search/", {"q": "trau"}).content.decode()
    assert "data-through-words" in page
    section = page[page.index("data-through-words") :]
    assert "Lễ hội làng" in section and "kapô" in section and "con trâu" in section
    assert "Lễ kín" not in page


def test_recording_is_heard_only_where_its_entry_may_be_seen(client, hre, settings, tmp_path):
    from django.core.files.base import ContentFile

    from dictionary.models import Recording
    from tests.factories import make_wav_bytes

    settings.MEDIA_ROOT = tmp_path
    public = make_entry(headword="kapô")
    hidden = make_entry(headword="kađông", access_level="community")
    recordings = []
    for entry in (public, hidden):
        recording = Recording(entry=entry, speaker="Đinh Văn A", consent="given", sort_order=0)
        recording.audio.save("kapo.wav", ContentFile(make_wav_bytes()), save=False)
        recording.save()
        recordings.append(recording)
    response = client.get(f"/tu-dien/ghi-am/{recordings[0].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "audio/x-wav"
    assert b"".join(response.streaming_content).startswith(b"RIFF")
    assert client.get(f"/tu-dien/ghi-am/{recordings[1].pk}/").status_code == 404
    assert client.get(f"/uploads/{recordings[1].audio.name}").status_code == 404
    page = client.get(public.get_absolute_url()).content.decode()
    assert f"/tu-dien/ghi-am/{recordings[0].pk}/" in page and "Đinh Văn A" in page


def test_exports_carry_only_what_the_visitor_may_see(client, hre):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo")])
    make_entry(headword="kađông", access_level="community")
    make_entry(headword="lơ", publish=False)
    csv_text = client.get("/tu-dien/hre/xuat.csv").content.decode("utf-8-sig")
    assert "kapô" in csv_text and "kađông" not in csv_text and "lơ," not in csv_text
    lift = client.get("/tu-dien/hre/xuat.lift").content.decode()
    assert "kapô" in lift and "kađông" not in lift


def test_unknown_dictionary_is_not_found(client, db):
    assert client.get("/tu-dien/xyz/").status_code == 404
    assert client.get("/tu-dien/xyz/goi-y.json", {"q": "a"}).status_code == 404


@pytest.mark.parametrize("query", ["", " ", "\x00", "a" * 5000, "'; DROP TABLE x; --", "%_%", "\u0301"])
def test_odd_lookups_never_fail(client, hre, query):
    make_entry(headword="kapô")
    assert client.get("/tu-dien/hre/", {"q": query}).status_code == 200
    answer = client.get("/tu-dien/hre/goi-y.json", {"q": query})
    assert answer.status_code == 200 and isinstance(json.loads(answer.content)["suggestions"], list)
