"""Word lists in and out: CSV and Excel imports with a dry run and a report per row,
re-runs that update, nothing half-saved; CSV and LIFT exports; the LIFT round trip."""

import io
import unicodedata

import pytest
from django.core.management import call_command

from dictionary.exporting import export_csv, for_export
from dictionary.importing import BadWordList, import_word_list, run_import
from dictionary.lift import export_lift, read_lift
from dictionary.models import Entry, Recording

from .conftest import make_entry

pytestmark = pytest.mark.django_db

HEADER = (
    "language,headword,homograph,part_of_speech,gloss_vi,gloss_en,example,example_vi,source_kind,source,access_level"
)


def csv_file(*rows, header=HEADER):
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode("utf-8"))


def run(data, name="tu.csv", **options):
    options.setdefault("dry_run", False)
    options.setdefault("publish", True)
    return import_word_list(data, name, **options)


def test_a_dry_run_reports_every_row_and_saves_nothing(hre):
    report = run(
        csv_file(
            "hre,kapô,,noun,con trâu,buffalo,,,sample,Mục mẫu,public",
            "hre,,,,con gì,,,,sample,Mục mẫu,public",
            "xyz,lơ,,,lửa,,,,sample,Mục mẫu,public",
        ),
        dry_run=True,
    )
    assert [row.action for row in report.accepted] == ["create"]
    assert {row.line: row.errors for row in report.rejected} == {
        3: ["Thiếu mục từ."],
        4: ["Ngôn ngữ “xyz” chưa có từ điển ở đây (dùng một trong: cua, hre)."],
    }
    assert not report.saved
    assert Entry.objects.count() == 0


def test_import_publishes_accepted_rows_and_a_rerun_updates_instead_of_duplicating(hre, client):
    rows = ("hre,kapô,,noun,con trâu | trâu nói chung,buffalo,,,sample,Mục mẫu,public",)
    first = run(csv_file(*rows))
    assert first.count("create") == 1 and first.saved
    again = run(csv_file(*rows))
    assert again.count("unchanged") == 1
    changed = run(csv_file("hre,kapô,,noun,con trâu,water buffalo,,,sample,Mục mẫu,public"))
    assert changed.count("update") == 1
    entry = Entry.objects.get()
    assert [(s.gloss_vi, s.gloss_en) for s in entry.senses.all()] == [("con trâu", "water buffalo")]
    assert entry.live and entry.revisions.count() == 2
    assert client.get(entry.get_absolute_url()).status_code == 200


def test_import_without_publishing_leaves_drafts_for_review(hre, client):
    run(csv_file("hre,kapô,,noun,con trâu,,,,sample,Mục mẫu,public"), publish=False)
    entry = Entry.objects.get()
    assert not entry.live
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_a_wrong_column_refuses_the_file_with_the_closest_name():
    with pytest.raises(BadWordList, match="glos_vi.*gloss_vi"):
        run(csv_file("hre,kapô,con trâu,sample,x", header="language,headword,glos_vi,source_kind,source"))


def test_a_missing_required_column_is_named():
    with pytest.raises(BadWordList, match="source_kind"):
        run(csv_file("hre,kapô,con trâu,x", header="language,headword,gloss_vi,source"))


def test_a_file_that_is_not_utf8_or_not_a_table_is_refused(db):
    with pytest.raises(BadWordList, match="UTF-8"):
        run(io.BytesIO("language,headword\nhre,kapô\n".encode("cp1258")))
    with pytest.raises(BadWordList, match="CSV"):
        run(io.BytesIO(b"%PDF-1.4"), name="tu.pdf")
    with pytest.raises(BadWordList, match="Excel"):
        run(io.BytesIO(b"not a zip"), name="tu.xlsx")


def test_mixed_normalisation_is_stored_composed_and_reported(hre):
    decomposed = unicodedata.normalize("NFD", "kađông")
    report = run(csv_file(f"hre,{decomposed},,,cái gùi,,,,sample,Mục mẫu,public"))
    assert report.accepted[0].warnings and "NFC" in report.accepted[0].warnings[0]
    assert Entry.objects.get().headword == unicodedata.normalize("NFC", "kađông")
    # the same word typed composed is the same entry on the next run
    assert run(csv_file("hre,kađông,,,cái gùi,,,,sample,Mục mẫu,public")).count("unchanged") == 1


def test_two_rows_that_are_the_same_word_once_normalised_are_caught(hre):
    report = run(
        csv_file(
            "hre,kađông,,,cái gùi,,,,sample,Mục mẫu,public",
            f"hre,{unicodedata.normalize('NFD', 'kađông')},,,cái gùi khác,,,,sample,Mục mẫu,public",
        )
    )
    assert [row.line for row in report.rejected] == [3]
    assert "Dòng 2" in report.rejected[0].errors[0]


def test_bad_values_are_explained_per_row(hre):
    report = run(
        csv_file(
            "hre,kapô,zero,verbish,con trâu,,,,sample,Mục mẫu,secret",
            "hre,lơ,,,lửa,,một ví dụ,,sample,Mục mẫu,public",
            "hre,dak,,,nước,,,,,,public",
        )
    )
    errors = {row.line: " ".join(row.errors) for row in report.rejected}
    assert "zero" in errors[2] and "verbish" in errors[2] and "secret" in errors[2]
    assert "example_vi" in errors[3]
    assert "nguồn" in errors[4]
    assert Entry.objects.count() == 0


def test_an_audio_file_that_is_not_audio_is_rejected_with_its_row(hre, tmp_path, settings):
    from tests.factories import make_wav_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    recordings = tmp_path / "audio"
    recordings.mkdir()
    (recordings / "kapo.wav").write_bytes(make_wav_bytes())
    (recordings / "lo.mp3").write_text("<html>not a recording</html>")
    header = HEADER + ",audio,speaker,consent"
    report = run(
        csv_file(
            "hre,kapô,,,con trâu,,,,sample,Mục mẫu,public,kapo.wav,Đinh Văn A,given",
            "hre,lơ,,,lửa,,,,sample,Mục mẫu,public,lo.mp3,Đinh Văn A,given",
            "hre,dak,,,nước,,,,sample,Mục mẫu,public,../../etc/passwd,Đinh Văn A,given",
            "hre,pơ,,,nhà,,,,sample,Mục mẫu,public,kapo.wav,,",
            header=header,
        ),
        audio_dir=str(recordings),
    )
    errors = {row.line: " ".join(row.errors) for row in report.rejected}
    assert "lo.mp3" in errors[3]
    assert "thư mục" in errors[4]
    assert "speaker" in errors[5] and "consent" in errors[5]
    assert [row.headword for row in report.accepted] == ["kapô"]
    recording = Recording.objects.get()
    assert recording.speaker == "Đinh Văn A" and recording.original_name == "kapo.wav"
    # a re-run does not add the same recording twice
    run(
        csv_file("hre,kapô,,,con trâu,,,,sample,Mục mẫu,public,kapo.wav,Đinh Văn A,given", header=header),
        audio_dir=str(recordings),
    )
    assert Recording.objects.count() == 1


def test_nothing_is_half_saved_when_saving_fails_midway(hre, monkeypatch):
    from dictionary import importing

    calls = {"count": 0}
    original = importing.save_entry

    def failing(data, **options):
        calls["count"] += 1
        if calls["count"] == 2:
            raise RuntimeError("disk full")
        return original(data, **options)

    monkeypatch.setattr(importing, "save_entry", failing)
    with pytest.raises(RuntimeError):
        run(csv_file("hre,kapô,,,con trâu,,,,sample,Mục mẫu,public", "hre,lơ,,,lửa,,,,sample,Mục mẫu,public"))
    assert Entry.objects.count() == 0


def test_strict_import_saves_nothing_when_a_row_is_rejected(hre):
    report = run(
        csv_file("hre,kapô,,,con trâu,,,,sample,Mục mẫu,public", "hre,,,,lửa,,,,sample,Mục mẫu,public"), strict=True
    )
    assert len(report.rejected) == 1 and not report.saved
    assert Entry.objects.count() == 0


def test_excel_word_list_imports_like_csv(hre):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["hre", "kapô", 2, "noun", "con trâu", "buffalo", None, None, "sample", "Mục mẫu", "public"])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    report = run(data, name="tu.xlsx")
    assert report.count("create") == 1
    assert Entry.objects.get().homograph == 2


def test_csv_export_imports_back_unchanged(hre):
    make_entry(headword="kapô", glosses=[("con trâu", "buffalo"), ("trâu nói chung", "")], part_of_speech="noun")
    exported = export_csv(for_export(Entry.objects.public()))
    report = run(io.BytesIO(exported.encode("utf-8")))
    assert report.count("unchanged") == 1 and not report.rejected


def test_lift_export_imports_back_as_the_same_dictionary(hre, co):
    from dictionary.models import Example, RelatedWord, Variant

    buffalo = make_entry(
        headword="kapô",
        glosses=[("con trâu", "buffalo"), ("vật hiến tế", "")],
        part_of_speech="noun",
        pronunciation="/ka.po/",
        dialect="Sơn Hà",
        contributor="Nhóm biên soạn",
        note="Ghi chú thử.",
    )
    fire = make_entry(headword="lơ", glosses=[("lửa", "fire")], access_level="community", homograph=2)
    buffalo.variants = [Variant(form="kapo", dialect="Ba Tơ", sort_order=0)]
    buffalo.examples = [
        Example(text="kapô ...", translation_vi="con trâu ...", translation_en="the buffalo", sort_order=0)
    ]
    buffalo.relations = [RelatedWord(target=fire, relation="see-also", sort_order=0)]
    buffalo.save_revision().publish()
    make_entry(code="cua", headword="kapô", glosses=[("con trâu", "")])
    everything = Entry.objects.all()
    before = export_lift(for_export(everything))

    Entry.objects.all().delete()
    report = run_import(read_lift(io.BytesIO(before)), publish=True, dry_run=False)
    assert not report.rejected and report.count("create") == 3
    after = export_lift(for_export(Entry.objects.all()))
    strip = lambda xml: "\n".join(line for line in xml.decode().splitlines() if "dateModified" not in line)  # noqa: E731
    assert strip(after) == strip(before)
    assert Entry.objects.get(headword="lơ").access_level == "community"


def test_lift_that_is_not_lift_or_lacks_what_an_entry_needs_is_reported(hre):
    with pytest.raises(BadWordList):
        read_lift(io.BytesIO(b"<html><body>no</body></html>"))
    with pytest.raises(BadWordList):
        read_lift(io.BytesIO(b"<lift><entry"))
    document = b"""<?xml version="1.0"?><lift version="0.13">
      <entry id="a"><lexical-unit><form lang="hre"><text>kap\xc3\xb4</text></form></lexical-unit>
        <sense><gloss lang="vi"><text>con tr\xc3\xa2u</text></gloss></sense></entry>
      <entry id="b"><lexical-unit><form lang="zzz"><text>x</text></form></lexical-unit></entry>
    </lift>"""
    reports = read_lift(io.BytesIO(document))
    assert "nguồn" in " ".join(reports[0].errors)
    assert any("zzz" in error for error in reports[1].errors) and any("nghĩa" in error for error in reports[1].errors)


def test_lift_never_resolves_external_entities(hre, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    document = f"""<?xml version="1.0"?><!DOCTYPE lift [<!ENTITY x SYSTEM "file://{secret}">]>
    <lift><entry id="a"><lexical-unit><form lang="hre"><text>&x;</text></form></lexical-unit>
    <sense><gloss lang="vi"><text>g</text></gloss></sense>
    <field type="source"><form lang="vi"><text>s</text></form></field></entry></lift>"""
    reports = read_lift(io.BytesIO(document.encode()))
    assert "TOP SECRET" not in reports[0].headword


def test_management_commands_dry_run_then_apply_then_export(hre, tmp_path, capsys):
    path = tmp_path / "tu.csv"
    path.write_bytes(csv_file("hre,kapô,,noun,con trâu,buffalo,,,sample,Mục mẫu,public").getvalue())
    call_command("import_dictionary", str(path))
    assert "dry run" in capsys.readouterr().out and Entry.objects.count() == 0
    call_command("import_dictionary", str(path), "--apply", "--publish")
    assert Entry.objects.public().count() == 1
    from audit.models import AuditEvent

    event = AuditEvent.objects.get(object_type="heritage_dictionary.import")  # the dry run left none
    assert event.detail["created"] == 1 and event.object_title == str(path)
    out = tmp_path / "hre.lift"
    call_command("export_dictionary", "hre", "--format", "lift", "--output", str(out))
    assert "kapô" in out.read_text()
