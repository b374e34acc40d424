"""What a curator meets while editing: image rights asked for at upload and listed in the
record editor, slugs that abandoned drafts cannot block, and a submit button that says it
sends the record for review."""

import re

import pytest

from heritage.models import FestivalPage
from tests.factories import make_image, make_record, make_user
from tests.heritage.test_admin_validation import add_url
from tests.heritage.test_admin_validation import festival_form as admin_festival_form


def festival_form(**overrides):
    """The admin form of a festival without coordinates (see test_admin_validation)."""
    defaults = {"title": "Lễ mừng lúa mới", "slug": "le-mung-lua-moi", "latitude": "", "longitude": ""}
    return admin_festival_form(**{**defaults, **overrides})


# Image rights


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/images/add/", "/admin/images/chooser/"])
def test_upload_forms_mark_the_rights_a_published_record_needs(client, curator, path):
    client.force_login(curator)
    html = client.get(path).content.decode()
    if path.endswith("chooser/"):
        html = client.get(path).json()["html"]
    for field in ("creator", "licence", "source"):
        assert re.search(rf'<[^>]+name="(image-chooser-upload-)?{field}"[^>]*data-required-for-publishing', html)
    assert html.count("Cần có trước khi hồ sơ dùng ảnh này được xuất bản.") == 3
    assert "Cần có trước khi xuất bản nếu ảnh có người nhận ra được." in html


@pytest.mark.django_db
def test_the_record_editor_lists_each_image_lacking_rights_with_a_way_back(client, curator, record_index):
    lacking = make_image(title="Nhà rông", creator="", source="")
    complete = make_image(title="Cồng chiêng")
    body = [{"type": "image", "value": {"image": complete.pk, "caption": "", "credit": ""}}]
    record = make_record(record_index, main_image=lacking, body=body, publish=False)
    client.force_login(curator)

    html = client.get(f"/admin/pages/{record.pk}/edit/").content.decode()
    panel = html[html.index("data-image-rights") :]
    panel = re.sub(r"\s+", " ", panel[: panel.index("</div>")])
    assert "Nhà rông</strong>: thiếu tác giả, nguồn." in panel
    assert "Cồng chiêng" not in panel
    edit_image = f"/admin/images/{lacking.pk}/?next=%2Fadmin%2Fpages%2F{record.pk}%2Fedit%2F"
    assert f'href="{edit_image}"' in panel

    # Saving the image returns to the record, whose panel is then gone.
    form = {
        "title": lacking.title,
        "description": lacking.description,
        "credit": lacking.credit,
        "creator": "Đinh Văn Lành",
        "source": "Tư liệu điền dã 2025",
        "licence": lacking.licence_id,
        "consent": "",
        "tags": "",
        "collection": lacking.collection_id,
    }
    response = client.post(edit_image, form)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{record.pk}/edit/"
    assert "data-image-rights" not in client.get(f"/admin/pages/{record.pk}/edit/").content.decode()


@pytest.mark.django_db
def test_submitting_with_an_image_lacking_rights_says_which_and_keeps_the_draft(client, curator, record_index):
    lacking = make_image(title="Nhà rông", creator="", source="")
    client.force_login(curator)
    response = client.post(add_url(record_index), {**festival_form(main_image=lacking.pk), "action-submit": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Để gửi duyệt được, ảnh “Nhà rông” cần có: tác giả, nguồn." in html
    # Not saved yet, so the link opens the image in a new tab and the form stays as typed.
    assert f'href="/admin/images/{lacking.pk}/" target="_blank"' in html
    assert not FestivalPage.objects.filter(slug="le-mung-lua-moi").exists()

    response = client.post(add_url(record_index), festival_form(main_image=lacking.pk))  # a draft may wait
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_contributor_who_may_not_edit_the_image_is_told_whom_to_ask(client, record_index):
    lacking = make_image(title="Nhà rông", creator="", source="")
    record = make_record(record_index, main_image=lacking, publish=False)
    contributor = make_user("cong-tac-vien", groups=["Contributor"])
    record.owner = contributor
    record.save()
    client.force_login(contributor)
    html = client.get(f"/admin/pages/{record.pk}/edit/").content.decode()
    assert "Hãy nhờ quản trị viên hoặc người đã tải ảnh lên bổ sung." in html
    assert f"/admin/images/{lacking.pk}/?next=" not in html


# Slugs


@pytest.mark.django_db
def test_an_abandoned_autosaved_draft_does_not_block_a_new_record(client, curator, record_index):
    client.force_login(curator)
    # Wagtail autosaves a new page as soon as the curator types; then they leave.
    autosave = client.post(add_url(record_index), festival_form(), HTTP_ACCEPT="application/json")
    assert autosave.json()["success"] is True
    abandoned = FestivalPage.objects.get(slug="le-mung-lua-moi")

    # A second attempt with the same title, autosaved too: the editor is told the new slug.
    autosave = client.post(add_url(record_index), festival_form(), HTTP_ACCEPT="application/json")
    assert autosave.json()["success"] is True
    assert autosave.json()["field_updates"]["slug"] == "le-mung-lua-moi-2"

    # A third, saved with the button: it gets the next free slug and a sentence saying why.
    response = client.post(add_url(record_index), festival_form(), follow=True)
    assert response.status_code == 200
    assert FestivalPage.objects.filter(slug="le-mung-lua-moi-3").exists()
    html = response.content.decode()
    assert (
        "Đường dẫn “le-mung-lua-moi” đã được trang “Lễ mừng lúa mới” (bản nháp chưa từng xuất bản, có thể là một "
        "lần tạo bỏ dở) dùng, nên trang này nhận đường dẫn “le-mung-lua-moi-3”."
    ) in html
    abandoned.refresh_from_db()
    assert abandoned.slug == "le-mung-lua-moi"


@pytest.mark.django_db
def test_a_published_record_cannot_take_a_slug_in_use_and_is_told_why(client, curator, record_index):
    make_record(record_index, title="Lễ cúng bến nước", slug="le-cung-ben-nuoc", publish=False)
    published = make_record(record_index, title="Lễ cúng rừng", slug="le-cung-rung")
    client.force_login(curator)
    form = festival_form(title="Lễ cúng rừng", slug="le-cung-ben-nuoc")
    response = client.post(f"/admin/pages/{published.pk}/edit/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đường dẫn “le-cung-ben-nuoc” đã được trang “Lễ cúng bến nước”" in html
    assert "ví dụ “le-cung-ben-nuoc-2”" in html
    assert "Nếu bản nháp đó là một lần tạo bỏ dở, hãy xoá nó trong danh sách trang." in html
    assert "already in use" not in html
    published.refresh_from_db()
    assert published.slug == "le-cung-rung"


@pytest.mark.django_db
def test_a_typed_vietnamese_slug_is_folded_before_it_is_made_unique(client, curator, record_index):
    make_record(record_index, title="Lễ mừng lúa mới", slug="le-mung-lua-moi")
    client.force_login(curator)
    client.post(add_url(record_index), festival_form(slug="lễ-mừng-lúa-mới"))
    assert FestivalPage.objects.filter(slug="le-mung-lua-moi-2").exists()


# The workflow's wording


@pytest.mark.django_db
def test_the_action_that_sends_a_record_to_review_says_so(client, curator, record_index):
    record = make_record(record_index, publish=False)
    client.force_login(curator)
    for url in (add_url(record_index), f"/admin/pages/{record.pk}/edit/"):
        html = client.get(url).content.decode()
        button = re.search(r'<button[^>]*name="action-submit"[^>]*>(.*?)</button>', html, re.S).group(1)
        assert re.sub(r"<[^>]+>|\s+", " ", button).strip() == "Gửi duyệt"
        assert "Submit" not in html


@pytest.mark.django_db
def test_resubmitting_after_changes_were_requested_says_so(client, curator, reviewer, record_index):
    record = make_record(record_index, publish=False)
    workflow_state = record.get_workflow().start(record, curator)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject")
    client.force_login(curator)
    html = client.get(f"/admin/pages/{record.pk}/edit/").content.decode()
    button = re.search(r'<button[^>]*name="action-submit"[^>]*>(.*?)</button>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", button).strip() == "Gửi duyệt lại"
