import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from media.models import HeritageImage
from tests.factories import make_jpeg_bytes


def upload(client, **fields):
    data = {
        "title": "Nhà gươl",
        "collection": Collection.get_first_root_node().pk,
        "description": "Nhà gươl giữa làng",
        "credit": "Ảnh: Nhóm kiểm thử",
        "file": SimpleUploadedFile("guol.jpg", make_jpeg_bytes(), content_type="image/jpeg"),
        **fields,
    }
    return client.post("/admin/images/add/", data)


@pytest.mark.django_db
@pytest.mark.parametrize("missing", ["description", "credit"])
def test_image_without_alt_text_or_credit_is_refused_and_not_saved(client, curator, missing):
    client.force_login(curator)
    response = upload(client, **{missing: ""})
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert HeritageImage.objects.count() == 0


@pytest.mark.django_db
def test_curator_uploads_image_with_alt_text_and_credit(client, curator):
    client.force_login(curator)
    response = upload(client)
    assert response.status_code == 302
    image = HeritageImage.objects.get()
    assert image.credit == "Ảnh: Nhóm kiểm thử"
    assert image.default_alt_text == "Nhà gươl giữa làng"


@pytest.mark.django_db
def test_file_that_is_not_an_image_is_refused(client, curator):
    client.force_login(curator)
    fake = SimpleUploadedFile("anh.jpg", b"this is not a jpeg", content_type="image/jpeg")
    response = upload(client, file=fake)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert HeritageImage.objects.count() == 0
