"""Documents follow the records that link to them, like images and recordings."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from heritage.access import bump_access_version
from tests.factories import make_record

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_document(title, filename):
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(PDF), save=False)
    document.save()
    return document


def linking_to(document):
    html = f'<p>Xem <a linktype="document" id="{document.pk}">biên bản</a>.</p>'
    return [{"type": "paragraph", "value": html}]


@pytest.fixture
def documents(record_index):
    public = make_document("Biên bản lễ hội", "bien-ban.pdf")
    community = make_document("Bài khấn tang lễ", "bai-khan.pdf")
    public_record = make_record(record_index, body=linking_to(public))
    community_record = make_record(record_index, body=linking_to(community), access_level="community")
    return {
        "public": public,
        "community": community,
        "unused": make_document("Bản nháp", "ban-nhap.pdf"),
        "public_record": public_record,
        "community_record": community_record,
    }


def fetch(client, document, **headers):
    response = client.get(document.url, **headers)
    if response.status_code == 200:
        b"".join(response.streaming_content)
    return response


@pytest.mark.django_db
def test_a_document_linked_from_a_public_record_is_served_to_anyone(client, documents):
    response = fetch(client, documents["public"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_open_a_community_records_document(client, documents):
    assert fetch(client, documents["community"]).status_code == 404


@pytest.mark.django_db
def test_a_community_member_opens_a_community_records_document_privately(client, community_member, documents):
    client.force_login(community_member)
    response = fetch(client, documents["community"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_a_document_no_page_uses_is_for_staff_only(client, community_member, curator, documents):
    assert fetch(client, documents["unused"]).status_code == 404
    client.force_login(community_member)
    assert fetch(client, documents["unused"]).status_code == 404
    client.force_login(curator)
    assert fetch(client, documents["unused"]).status_code == 200


@pytest.mark.django_db
def test_a_document_becomes_404_as_soon_as_its_record_is_restricted(client, documents):
    document, record = documents["public"], documents["public_record"]
    first = fetch(client, document)
    assert first.status_code == 200
    record.access_level = "community"
    record.save_revision().publish()
    bump_access_version()  # done by heritage.signals on publish once that lands; harmless twice
    # Neither a fresh request nor a revalidation of the copy the visitor kept gets it.
    assert fetch(client, document).status_code == 404
    assert fetch(client, document, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404


@pytest.mark.django_db
def test_a_visitor_revalidating_a_public_document_gets_304(client, documents):
    first = fetch(client, documents["public"])
    again = client.get(documents["public"].url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/documents/1234567890123456789/x.pdf",  # 19 digits: beyond a 64-bit key
        "/documents/99999999999999999999999999/x.pdf",
        "/documents/١٢/x.pdf",  # Arabic-Indic digits
        "/documents/１/x.pdf",  # full-width digit
        "/documents/0/x.pdf",
        "/documents/authenticate_with_password/99999999999999999999999/",
    ],
)
def test_malformed_document_ids_are_404_not_500(client, documents, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_document_under_the_wrong_filename_is_404(client, documents):
    document = documents["public"]
    assert client.get(f"/documents/{document.pk}/khac.pdf").status_code == 404
