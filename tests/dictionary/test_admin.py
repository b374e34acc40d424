"""Curating entries: the admin forms, the records' review workflow, the import page,
and the record editor's words."""

import io

import pytest

from dictionary.models import Entry
from tests.factories import make_record

from .conftest import make_entry

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/heritage_dictionary/entry/"


def formset(prefix, rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


def entry_form(hre, headword="kapô", gloss="con trâu"):
    return {
        "language": str(hre.pk),
        "headword": headword,
        "homograph": "1",
        "part_of_speech": "noun",
        "pronunciation": "",
        "dialect": "",
        "note": "",
        "source_kind": "sample",
        "source": "Mục mẫu",
        "source_url": "",
        "contributor": "",
        "access_level": "public",
        **formset("senses", [{"gloss_vi": gloss, "gloss_en": "buffalo", "definition": ""}]),
        **formset("examples"),
        **formset("variants"),
        **formset("recordings"),
        **formset("relations"),
    }


def test_a_contributor_drafts_an_entry_that_stays_private_until_a_reviewer_approves(client, hre, contributor, reviewer):
    client.force_login(contributor)
    response = client.post(ADMIN + "add/", {**entry_form(hre), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get()
    assert not entry.live and entry.senses.get().gloss_vi == "con trâu"
    state = entry.current_workflow_state
    assert state is not None and state.workflow.name == "Duyệt và xuất bản"
    client.logout()
    assert client.get(f"/tu-dien/hre/{entry.pk}/").status_code == 404
    task_state = state.current_task_state
    task = task_state.task.specific
    assert not any(action[0] == "approve" for action in task.get_actions(entry, contributor))
    task.on_action(task_state, reviewer, "approve")
    entry.refresh_from_db()
    assert entry.live
    assert client.get(f"/tu-dien/hre/{entry.pk}/").status_code == 200


def test_a_decomposed_headword_typed_in_the_admin_is_stored_composed(client, hre, reviewer):
    import unicodedata

    client.force_login(reviewer)
    form = entry_form(
        hre, headword=unicodedata.normalize("NFD", "kađông"), gloss=unicodedata.normalize("NFD", "cái gùi")
    )
    response = client.post(ADMIN + "add/", {**form, "action-publish": "1"})
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.live and entry.headword == "kađông" and entry.senses.get().gloss_vi == "cái gùi"


def test_edits_keep_revision_history(hre):
    entry = make_entry(headword="kapô", glosses=[("con trâu", "")])
    entry.headword = "kapô ba"
    entry.save_revision().publish()
    assert entry.revisions.count() == 2
    assert entry.revisions.order_by("created_at").first().as_object().headword == "kapô"


def test_an_audio_file_that_is_not_audio_is_refused_in_the_admin(client, hre, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reviewer)
    form = entry_form(hre)
    form.update(formset("recordings", [{"speaker": "Đinh Văn A", "consent": "given", "speaker_place": ""}]))
    form["recordings-0-audio"] = SimpleUploadedFile("kapo.mp3", b"<html>a web page</html>", "audio/mpeg")
    response = client.post(ADMIN + "add/", {**form, "action-publish": "1"})
    assert response.status_code == 200
    assert "không phải" in response.content.decode()
    assert Entry.objects.count() == 0


def test_the_import_page_previews_then_imports_drafts_for_a_curator(client, hre, curator):
    client.force_login(curator)
    assert client.get(ADMIN).status_code == 200
    editor = client.get(ADMIN + "add/").content.decode()
    assert 'name="headword"' in editor and 'data-keyboard=""' in editor  # the on-screen keyboard
    page = client.get(ADMIN + "import/")
    assert page.status_code == 200
    data = io.BytesIO(
        "language,headword,gloss_vi,source_kind,source\nhre,kapô,con trâu,sample,Mục mẫu\nhre,,lửa,sample,x\n".encode()
    )
    data.name = "tu.csv"
    preview = client.post(ADMIN + "import/", {"file": data, "publish": "1"})
    text = preview.content.decode()
    assert "data-rejected" in text and "Thiếu mục từ." in text
    assert Entry.objects.count() == 0
    token = preview.context["token"]
    done = client.post(ADMIN + "import/", {"token": token})
    assert "data-import-summary" in done.content.decode()
    entry = Entry.objects.get()
    assert not entry.live  # a curator may not publish: drafts wait for review
    assert client.post(ADMIN + "import/", {"token": token}).context["error"]


def test_a_wrong_column_is_explained_on_the_import_page(client, hre, curator):
    client.force_login(curator)
    data = io.BytesIO(b"language,headword,glos_vi,source_kind,source\nhre,kap,x,sample,x\n")
    data.name = "tu.csv"
    response = client.post(ADMIN + "import/", {"file": data})
    assert response.status_code == 200 and "gloss_vi" in response.content.decode()


def test_community_members_and_visitors_cannot_reach_the_import_page(client, hre, community_member):
    assert client.get(ADMIN + "import/").status_code == 302
    client.force_login(community_member)
    assert client.get(ADMIN + "import/").status_code == 302


def test_the_record_editor_offers_dictionary_words(client, record_index, curator):
    record = make_record(record_index)
    client.force_login(curator)
    response = client.get(f"/admin/pages/{record.pk}/edit/")
    assert response.status_code == 200
    assert "dictionary_terms-TOTAL_FORMS" in response.content.decode()
