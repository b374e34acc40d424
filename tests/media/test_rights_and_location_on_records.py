"""A record's images carry complete rights before it goes out; their GPS can place it."""

import pytest

from heritage.models import FestivalPage
from tests.factories import make_image, make_phone_photo
from tests.heritage.test_admin_validation import add_url, festival_form


@pytest.mark.django_db
def test_submitting_needs_complete_rights_on_the_records_images(client, curator, record_index):
    client.force_login(curator)
    unsourced = make_image(title="Ảnh chưa rõ nguồn", source="", shows_people=True, consent="")
    form = festival_form(main_image=unsourced.pk)
    response = client.post(add_url(record_index), {**form, "action-submit": "1"})
    assert response.status_code == 200
    message = str(response.context["form"].errors["main_image"])
    assert "Ảnh chưa rõ nguồn" in message
    assert "nguồn" in message and "sự đồng ý của người trong ảnh" in message  # source, consent
    assert not FestivalPage.objects.exists()
    # A draft may wait for the rights.
    assert client.post(add_url(record_index), form).status_code == 302
    assert FestivalPage.objects.get().main_image == unsourced


@pytest.mark.django_db
def test_images_in_the_body_are_checked_too(client, curator, record_index):
    from wagtail.test.utils.form_data import streamfield

    client.force_login(curator)
    body_image = make_image(title="Ảnh trong bài", creator="")
    body = streamfield([("image", {"image": body_image.pk, "caption": ""})])
    response = client.post(add_url(record_index), {**festival_form(body=body), "action-submit": "1"})
    assert "Ảnh trong bài" in str(response.context["form"].errors)


@pytest.mark.django_db
def test_complete_rights_let_the_record_be_submitted(client, curator, record_index):
    client.force_login(curator)
    image = make_image(shows_people=True, consent="given")
    response = client.post(add_url(record_index), {**festival_form(main_image=image.pk), "action-submit": "1"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_curator_confirms_the_photos_gps_as_the_records_location(client, curator, record_index):
    client.force_login(curator)
    photo = make_image(file_bytes=make_phone_photo(), gps_latitude=15.0442, gps_longitude=108.4681)
    form = festival_form(main_image=photo.pk, latitude="", longitude="")
    client.post(add_url(record_index), form)
    festival = FestivalPage.objects.get()
    assert festival.latitude is None  # never copied without the curator's say-so
    edit = f"/admin/pages/{festival.pk}/edit/"
    assert "15.04420, 108.46810" in client.get(edit).content.decode()
    client.post(edit, {**form, "use_image_location": "on"})
    festival.refresh_from_db()
    assert festival.get_latest_revision_as_object().latitude == pytest.approx(15.0442)
    assert festival.get_latest_revision_as_object().longitude == pytest.approx(108.4681)


@pytest.mark.django_db
def test_asking_for_the_photos_location_when_it_has_none_is_an_error(client, curator, record_index):
    client.force_login(curator)
    response = client.post(
        add_url(record_index), {**festival_form(main_image=make_image().pk), "use_image_location": "on"}
    )
    assert "use_image_location" in response.context["form"].errors
    assert not FestivalPage.objects.exists()
