"""The demo's word lists, called by `demo.loader` (manage.py load_demo).

No Hrê or Co word is given here: we found no published word list whose forms we could
check and cite entry by entry, and a word must never be invented and shown as real.
So every demo entry is a *sample* (source kind "sample", shown with "Mục mẫu — không
phải dữ liệu thật"), and its headword says so itself: the Vietnamese word followed by
"(mẫu)". They exercise lookup, browsing, the word pages and the links to records until
curators import a real word list (docs/dictionary.md explains how).
"""

from django.db import transaction

from heritage.models import RecordPage

from .importing import EntryData, save_entry
from .models import Language, RecordTerm

SOURCE = "Mục mẫu — không phải dữ liệu thật (dữ liệu trình diễn của thư viện)"
# (Vietnamese word, part of speech, English gloss, slugs of demo records tagged with it)
SAMPLE_WORDS = {
    "hre": [
        ("trâu", "noun", "buffalo", ["le-an-trau-nguoi-hre-son-ha"]),
        ("lúa", "noun", "rice (the plant)", ["le-mung-lua-moi-nguoi-hre", "canh-tac-lua-ray-nguoi-hre"]),
        ("chiêng", "noun", "gong", ["le-an-trau-nguoi-hre-son-ha"]),
        ("gùi", "noun", "carrying basket", []),
        ("nhà sàn", "noun", "house on stilts", ["nha-san-nguoi-hre"]),
        ("rẫy", "noun", "hillside field", ["canh-tac-lua-ray-nguoi-hre"]),
        ("cây nêu", "noun", "ceremonial pole", ["le-an-trau-nguoi-hre-son-ha"]),
        ("già làng", "noun", "village elder", ["luat-tuc-nguoi-hre"]),
        ("hát", "verb", "to sing", ["hat-ka-leu-nguoi-hre"]),
        ("ché", "noun", "jar", []),
    ],
    "cua": [
        ("trâu", "noun", "buffalo", ["le-an-trau-nguoi-co-tra-bong"]),
        ("quế", "noun", "cinnamon", ["trong-que-nguoi-co"]),
        ("lúa", "noun", "rice (the plant)", []),
        ("chiêng", "noun", "gong", ["le-an-trau-nguoi-co-tra-bong"]),
        ("gùi", "noun", "carrying basket", []),
        ("làng", "noun", "village", []),
        ("rượu cần", "noun", "rice wine drunk through straws", []),
        ("rừng", "noun", "forest", []),
    ],
}


def sample_entry(language, word, part_of_speech, gloss_en):
    return EntryData(
        language=language,
        headword=f"{word} (mẫu)",
        part_of_speech=part_of_speech,
        source_kind="sample",
        source=SOURCE,
        senses=[(word, gloss_en, "")],
    )


@transaction.atomic
def load_demo_dictionary():
    """Create the sample entries (again: unchanged ones are left alone) and tag the demo
    records that have no dictionary words yet. Returns how many entries were created."""
    created = 0
    tags = {}
    for code, words in SAMPLE_WORDS.items():
        language = Language.objects.filter(code=code).first()
        if language is None:
            continue
        for word, part_of_speech, gloss_en, record_slugs in words:
            action, entry = save_entry(sample_entry(language, word, part_of_speech, gloss_en), publish=True)
            created += action == "create"
            for slug in record_slugs:
                tags.setdefault(slug, []).append(entry)
    for record in RecordPage.objects.live().filter(slug__in=list(tags)).specific():
        if record.dictionary_terms.exists():
            continue  # a curator's choice of words is kept
        record.dictionary_terms = [
            RecordTerm(entry=entry, sort_order=order) for order, entry in enumerate(tags[record.slug])
        ]
        record.save_revision().publish()
    return created
