"""The admin's import: who may use it, the dry run, confirmation, the report, the example file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bulk.importing import plan_sheet
from bulk.models import ImportBatch
from bulk.sheets import read_sheet
from heritage.models import RecordPage
from tests.factories import make_user

from .conftest import csv_file, festival_row, media_zip, xlsx_file

pytestmark = pytest.mark.django_db


def upload(client, data, name="ho-so.csv", media=None, submit=False):
    form = {"spreadsheet": SimpleUploadedFile(name, data)}
    if media is not None:
        form["media"] = SimpleUploadedFile("anh.zip", media)
    if submit:
        form["submit_for_review"] = "on"
    return client.post(reverse("bulk_import"), form)


def test_a_curator_checks_confirms_and_reads_the_report(client, library, curator, django_capture_on_commit_callbacks):
    client.force_login(curator)
    image = {"main_image": "le-hoi.jpg", "image_description": "Cây nêu", "image_credit": "Ảnh: A"}
    rows = [festival_row(1), festival_row(2, licence=""), festival_row(3, **image), festival_row(4, main_image="x.jpg")]
    response = upload(client, xlsx_file(rows), name="ho-so.xlsx", media=media_zip(["le-hoi.jpg"]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("bulk_import_batch", args=[batch.pk])
    assert batch.preview["counts"] == {"create": 2, "update": 0, "unchanged": 0, "refused": 2}
    assert not RecordPage.objects.exists()  # the dry run wrote nothing
    preview = client.get(response.url).content.decode()
    assert "data-confirm-form" in preview
    assert "QNG-LH-002" in preview and "QNG-LH-004" in preview
    assert "Thiếu giấy phép" in preview  # the reasons, in the curator's Vietnamese
    assert "Không có tệp x.jpg trong thư mục hoặc tệp zip đã tải lên." in preview
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response.url)  # the task runs once the request's transaction commits
    assert confirmed.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "finished" and batch.done == batch.total == 4
    assert (batch.report["created"], batch.report["refused"]) == (2, 2)
    report = client.get(response.url).content.decode()
    assert 'data-created-count="2"' in report and 'data-refused-count="2"' in report
    assert RecordPage.objects.count() == 2 and not RecordPage.objects.live().exists()
    with_image = RecordPage.objects.get(title="Lễ hội thử số 3").get_latest_revision_as_object()
    assert with_image.main_image.description == "Cây nêu"
    assert client.post(response.url).status_code == 302  # a second confirmation changes nothing
    assert RecordPage.objects.count() == 2


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(client, library, curator):
    client.force_login(curator)
    response = upload(client, b"colour,size\nred,big\n")
    assert response.status_code == 400
    assert "colour" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert upload(client, b"identifier\nA\n", name="ho-so.pdf").status_code == 400
    assert upload(client, csv_file([festival_row(1)]), media=b"not a zip").status_code == 400


@pytest.mark.parametrize("groups", [(), ("Community member",)])
def test_who_may_not_add_records_may_not_import(client, library, groups):
    client.force_login(make_user(groups=groups, is_staff=not groups))
    for url in (reverse("bulk_import"), reverse("bulk_import_example", args=["csv"])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or not response.url.startswith(url)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, library):
    response = client.get(reverse("bulk_import"))
    assert response.status_code == 302 and "/login/" in response.url


def test_the_uploaded_files_are_never_served(client, library, curator):
    client.force_login(curator)
    upload(client, csv_file([festival_row(1)]))
    batch = ImportBatch.objects.get()
    client.logout()
    assert client.get(batch.spreadsheet.url).status_code == 404


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_example_file_lists_every_column_and_imports_cleanly(client, library, curator, extension):
    client.force_login(curator)
    assert "/admin/nhap-ho-so/mau.xlsx" in client.get(reverse("bulk_import")).content.decode()
    response = client.get(reverse("bulk_import_example", args=[extension]))
    assert response.status_code == 200
    sheet = read_sheet(response.content)
    from bulk.columns import COLUMN_NAMES

    assert sheet.columns == list(COLUMN_NAMES)
    plans = plan_sheet(sheet)
    assert [plan.action for plan in plans] == ["create", "create", "create"], [plan.problems for plan in plans]


def test_the_menu_shows_the_import_to_curators(client, library, curator):
    client.force_login(curator)
    assert reverse("bulk_import") in client.get("/admin/").content.decode()
