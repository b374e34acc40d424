"""A curator's preview of a draft draws the page as ever; structured data is for the
published pages crawlers read, so a preview carries none."""

import pytest

from heritage.models import FestivalPage
from tests.heritage.test_admin_validation import add_url, festival_form

pytestmark = pytest.mark.django_db


def test_preview_of_a_draft_renders_without_json_ld(client, curator, record_index):
    client.force_login(curator)
    assert client.post(add_url(record_index), festival_form(title="Lễ hội nháp")).status_code == 302
    draft = FestivalPage.objects.get(slug="le-hoi-kiem-thu")
    preview_url = f"/admin/pages/{draft.pk}/edit/preview/"
    assert client.post(preview_url, festival_form(title="Lễ hội xem trước")).json()["is_valid"]
    response = client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lễ hội xem trước" in html
    assert "application/ld+json" not in html
    # Published, the same page carries it.
    draft.save_revision().publish()
    client.logout()
    assert "application/ld+json" in client.get(draft.url).content.decode()
