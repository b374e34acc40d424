"""Curators get a clear message for each bad field, and nothing is saved."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from heritage.models import EthnicGroup, FestivalPage, Licence, Province


def festival_form(**overrides):
    data = {
        "title": "Lễ hội kiểm thử",
        "slug": "le-hoi-kiem-thu",
        "summary": "Tóm tắt",
        "body": streamfield([]),
        "sources": streamfield([]),
        "contributors": streamfield([]),
        "dictionary_terms": inline_formset([]),
        "ethnic_groups": [EthnicGroup.objects.get(slug="hre").pk],
        "province": Province.objects.get(code="51").pk,
        "licence": Licence.objects.get(code="cc-by-4.0").pk,
        "access_level": "public",
        "location_access": "public",
        "calendar": "lunar",
        "frequency": "annual",
        "latitude": "15.04",
        "longitude": "108.47",
    }
    data.update(overrides)
    ethnic_groups = data.pop("ethnic_groups")
    # A multiple choice field posts one value per chosen group.
    return {**nested_form_data(data), "ethnic_groups": ethnic_groups}


def add_url(index):
    return f"/admin/pages/add/heritage/festivalpage/{index.pk}/"


@pytest.mark.django_db
def test_valid_festival_is_saved_as_draft(client, curator, record_index):
    client.force_login(curator)
    response = client.post(add_url(record_index), festival_form())
    assert response.status_code == 302
    festival = FestivalPage.objects.get(slug="le-hoi-kiem-thu")
    assert not festival.live


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"latitude": "99"}, "latitude"),
        ({"longitude": "140"}, "longitude"),
        ({"latitude": "15.0", "longitude": ""}, "longitude"),
        ({"day": "12"}, "month"),
        ({"month": "2", "day": "31"}, "day"),
        ({"frequency": "every_n_years"}, "frequency_years"),
        ({"ethnic_groups": []}, "ethnic_groups"),
    ],
)
def test_bad_field_is_reported_and_nothing_is_saved(client, curator, record_index, overrides, field):
    client.force_login(curator)
    response = client.post(add_url(record_index), festival_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FestivalPage.objects.filter(slug="le-hoi-kiem-thu").exists()


@pytest.mark.django_db
def test_submitting_for_review_requires_the_summary(client, curator, record_index):
    """Wagtail lets a draft be saved incomplete; submitting it for review does not."""
    client.force_login(curator)
    response = client.post(add_url(record_index), {**festival_form(summary=""), "action-submit": "1"})
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not FestivalPage.objects.filter(slug="le-hoi-kiem-thu").exists()


@pytest.mark.django_db
def test_vietnamese_slug_is_folded_to_ascii(client, curator, record_index):
    client.force_login(curator)
    client.post(add_url(record_index), festival_form(slug="lễ-hội-đâm-trâu"))
    assert FestivalPage.objects.filter(slug="le-hoi-dam-trau").exists()


@pytest.mark.django_db
def test_a_record_never_saved_can_be_previewed(client, curator, record_index):
    """The admin's live preview draws the page from the form before anything is saved."""
    client.force_login(curator)
    preview_url = add_url(record_index) + "preview/"
    posted = client.post(preview_url, festival_form(title="Lễ hội chưa lưu"))
    assert posted.status_code == 200 and posted.json()["is_valid"]
    shown = client.get(preview_url)
    assert shown.status_code == 200
    assert "Lễ hội chưa lưu" in shown.content.decode()
    assert not FestivalPage.objects.filter(slug="le-hoi-kiem-thu").exists()
