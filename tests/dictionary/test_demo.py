"""The demo's word lists: samples that say so, never a word presented as real."""

import pytest

from dictionary.demo import SAMPLE_WORDS, load_demo_dictionary
from dictionary.models import Entry
from tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_demo_entries_are_all_marked_samples_and_tag_demo_records(client, record_index):
    record = make_record(record_index, title="Lễ ăn trâu của người Hrê", slug="le-an-trau-nguoi-hre-son-ha")
    created = load_demo_dictionary()
    assert created == sum(len(words) for words in SAMPLE_WORDS.values())
    assert set(Entry.objects.values_list("source_kind", flat=True)) == {"sample"}
    assert all(headword.endswith("(mẫu)") for headword in Entry.objects.values_list("headword", flat=True))
    page = client.get(record.url).content.decode()
    assert "trâu (mẫu)" in page and "Mục mẫu" in page
    word = Entry.objects.get(language__code="hre", headword="trâu (mẫu)")
    word_page = client.get(word.get_absolute_url()).content.decode()
    assert "Mục mẫu — không phải dữ liệu thật" in word_page and "Lễ ăn trâu của người Hrê" in word_page
    assert load_demo_dictionary() == 0  # a second run changes nothing
    assert Entry.objects.count() == created
