"""Dictionary lookup benchmark (not a test): lookup and autocomplete latency on the
database at 50 000 entries, beside the target (p95 ≤ 50 ms).

    .venv/bin/python bench/dictionary.py [--entries 50000] [--queries 300] [--database-url postgres://…]

It works on its own SQLite database under var/bench/ (made afresh each run), or on an
empty PostgreSQL database given by --database-url. It fills one language's dictionary
with synthetic entries (made-up syllables, never shown anywhere: the database is the
benchmark's own), each with one or two Vietnamese senses, 9 in 10 public, and calls the
lookup functions directly (no HTTP) as an anonymous visitor, for five kinds of query:

- an exact headword, typed without its marks;
- a Vietnamese word (finding entries by their meaning);
- a prefix of one to three letters, as autocomplete sees while the visitor types;
- a misspelt word that matches nothing (the "did you mean" path);
- autocomplete of two to four letters (`suggest`, 8 answers).

Prints p50, p95 and p99 wall-clock and p95 CPU time of this process per kind and for all
lookups together, with the target beside, and writes JSON to var/bench/.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
TARGET_P95_MS = 50.0

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "h", "k", "kh", "l", "m", "n", "ng", "nh", "p", "r", "s", "t", "tr", "v"]
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "ia", "ua", "ươ"]
CODAS = ["", "", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t", "l", "r", "h"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
GLOSS_WORDS = (
    "trâu lúa gạo nước lửa nhà sàn rừng núi suối làng già chiêng trống gùi ché rượu cần cơm lam đá cây "
    "hoa quả chim cá gà lợn chó mèo mẹ cha con anh chị em ông bà ngày đêm trăng sao mưa gió đất trời "
    "đi đến ăn uống ngủ hát múa cúng dệt vải đan rổ nấu bếp dao rìu nỏ tên giáo khiên lễ hội mùa rẫy "
    "xanh đỏ trắng đen vàng to nhỏ dài ngắn cao thấp xa gần mới cũ tốt đẹp"
).split()


def syllable(rng):
    import unicodedata

    vowel = rng.choice(VOWELS)
    marked = unicodedata.normalize("NFC", vowel[0] + rng.choice(TONES) + vowel[1:])
    return rng.choice(ONSETS) + marked + rng.choice(CODAS)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def fill(language, count, rng):
    """Bulk-insert `count` entries with their senses and lookup keys."""
    from django.db import transaction

    from dictionary.models import Entry, LookupKey, Sense
    from dictionary.text import exact_form, fold, word_starts

    letters = language.letters
    headwords, seen = [], set()
    while len(headwords) < count:
        word = " ".join(syllable(rng) for _ in range(rng.choice([1, 1, 2, 2, 2, 3])))
        if word not in seen:
            seen.add(word)
            headwords.append(word)
    started = time.perf_counter()
    batch = 5000
    for start in range(0, count, batch):
        with transaction.atomic():
            entries = [
                Entry(
                    language=language,
                    headword=word,
                    source_kind="sample",
                    source="bench",
                    access_level="public" if rng.random() < 0.9 else "community",
                    live=True,
                    headword_folded=fold(word),
                    sort_key=letters.sort_key(word),
                    initial=letters.initial(word),
                )
                for word in headwords[start : start + batch]
            ]
            Entry.objects.bulk_create(entries)
            senses, keys = [], []
            for entry in entries:
                glosses = [
                    " ".join(rng.sample(GLOSS_WORDS, rng.choice([1, 2, 2, 3]))) for _ in range(rng.choice([1, 2]))
                ]
                senses += [Sense(entry=entry, gloss_vi=gloss, sort_order=order) for order, gloss in enumerate(glosses)]
                forms = [("headword", entry.headword)] + [("gloss_vi", gloss) for gloss in glosses]
                for kind, text in forms:
                    for position, key in word_starts(fold(text)):
                        keys.append(
                            LookupKey(
                                entry=entry,
                                language=language,
                                kind=kind,
                                key=key,
                                position=position,
                                form=exact_form(text),
                            )
                        )
            Sense.objects.bulk_create(senses)
            LookupKey.objects.bulk_create(keys, batch_size=5000)
    return headwords, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database instead of SQLite")
    parser.add_argument("--reuse", action="store_true", help="keep the SQLite database of the last run")
    args = parser.parse_args()

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = BENCH_DIR / "dictionary.sqlite3"
    if not args.database_url and not args.reuse:
        database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "heritage.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dictionary.lookup import lookup, suggest
    from dictionary.models import Entry, Language
    from dictionary.text import fold

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    language = Language.objects.get(code="hre")
    have = Entry.objects.filter(language=language).count()
    headwords, seconds = fill(language, max(0, args.entries - have), rng) if have < args.entries else ([], 0.0)
    if not headwords:
        headwords = list(Entry.objects.filter(language=language).values_list("headword", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{Entry.objects.filter(language=language).count()} entries ({connection.vendor}); filled in {seconds:.1f} s")

    def exact():
        return fold(rng.choice(headwords))

    def meaning():
        return rng.choice(GLOSS_WORDS)

    def prefix():
        return fold(rng.choice(headwords))[: rng.choice([1, 2, 3])]

    def misspelt():
        word = fold(rng.choice(headwords)).replace(" ", "")
        return word + "qz"

    kinds = {"exact headword": exact, "Vietnamese word": meaning, "prefix (1-3 letters)": prefix, "no match": misspelt}
    report = {
        "entries": args.entries,
        "database": connection.vendor,
        "target_p95_ms": TARGET_P95_MS,
        "machine": {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()},
        "kinds": {},
    }
    everything = []
    for name, make in kinds.items():
        walls, cpus = [], []
        for _ in range(args.queries):
            query = make()
            wall, cpu = time.perf_counter(), time.process_time()
            result = lookup(None, language, query)
            list(result.matches)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        everything += walls
        report["kinds"][name] = {
            "p50": statistics.median(walls),
            "p95": percentile(walls, 0.95),
            "p99": percentile(walls, 0.99),
            "cpu_p95": percentile(cpus, 0.95),
        }
    walls, cpus = [], []
    for _ in range(args.queries):
        text = fold(rng.choice(headwords)).replace(" ", "")[: rng.choice([2, 3, 4])]
        wall, cpu = time.perf_counter(), time.process_time()
        suggest(None, language, text)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    report["kinds"]["autocomplete (2-4 letters)"] = {
        "p50": statistics.median(walls),
        "p95": percentile(walls, 0.95),
        "p99": percentile(walls, 0.99),
        "cpu_p95": percentile(cpus, 0.95),
    }
    everything += walls
    report["all"] = {"p50": statistics.median(everything), "p95": percentile(everything, 0.95)}

    report["machine"]["load_average_after"] = os.getloadavg()
    print(f"\nLookup at {args.entries} entries, {args.queries} queries per kind (ms);")
    load = report["machine"]["load_average_after"][0]
    print(f"{os.cpu_count()} cores, load average {load:.1f} (wall time includes waiting for a core):")
    print(f"{'kind':28} {'p50':>7} {'p95':>7} {'p99':>7} {'cpu p95':>8}   target p95")
    for name, figures in report["kinds"].items():
        cpu = f"{figures['cpu_p95']:8.1f}"
        verdict = "ok" if figures["p95"] <= TARGET_P95_MS else "MISSED"
        print(
            f"{name:28} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['p99']:7.1f} {cpu}"
            f"   ≤ {TARGET_P95_MS:.0f} {verdict}"
        )
    verdict = "ok" if report["all"]["p95"] <= TARGET_P95_MS else "MISSED"
    print(f"{'all lookups':28} {report['all']['p50']:7.1f} {report['all']['p95']:7.1f}{'':17}   ≤ 50 {verdict}")
    (BENCH_DIR / f"dictionary-{connection.vendor}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
