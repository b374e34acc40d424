"""Saved searches and lists of records: private to their owner, changed only by a POST
with a CSRF token, and a shared list shows each viewer only what that viewer may see."""

import json

import pytest
from django.test import Client

from research.models import RecordList, RecordListEntry, SavedSearch
from tests.factories import make_user


def add(client, record, record_list="new", name="Trâu", next_url=""):
    return client.post(
        "/nghien-cuu/danh-sach/them/",
        {"record": record.pk, "record_list": record_list, "new_list_name": name, "next": next_url},
    )


@pytest.mark.django_db
def test_research_pages_ask_anonymous_visitors_to_sign_in(client, site_tree):
    response = client.get("/nghien-cuu/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=/nghien-cuu/")
    response = client.post("/nghien-cuu/tim-kiem/luu/", {"query": "q=trâu"})
    assert response.status_code == 302 and SavedSearch.objects.count() == 0


@pytest.mark.django_db
def test_a_saved_search_runs_again_from_its_link(client, researcher, collection):
    client.force_login(researcher)
    html = client.get("/search/?q=tr%C3%A2u&group=hre&page=1").content.decode()
    assert 'action="/nghien-cuu/tim-kiem/luu/"' in html
    response = client.post(
        "/nghien-cuu/tim-kiem/luu/",
        {"name": "  Lễ tra\u0302\u0300u ", "query": "q=tr%C3%A2u&group=hre&page=1", "next": "/search/?q=tr%C3%A2u"},
    )
    assert response.status_code == 302 and response["Location"] == "/search/?q=tr%C3%A2u"
    saved = SavedSearch.objects.get()
    assert saved.name == "Lễ trầu"  # NFC: the combining grave joined to its letter
    assert saved.query == "q=tr%C3%A2u&group=hre"  # a saved search starts at page 1
    dashboard = client.get("/nghien-cuu/").content.decode()
    assert 'href="/search/?q=tr%C3%A2u&amp;group=hre"' in dashboard
    assert "Lễ ăn trâu" in client.get(saved.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sort=sideways", "ocop=9", "bbox=1,2", "q=" + "a" * 501])
def test_a_search_that_cannot_run_is_not_saved(client, researcher, site_tree, query):
    client.force_login(researcher)
    response = client.post("/nghien-cuu/tim-kiem/luu/", {"name": "x", "query": query})
    assert response.status_code == 400
    assert SavedSearch.objects.count() == 0


@pytest.mark.django_db
def test_another_account_cannot_see_or_delete_a_saved_search(client, researcher, other_researcher, site_tree):
    saved = SavedSearch.objects.create(owner=researcher, name="Riêng tư", query="q=tr%C3%A2u")
    client.force_login(other_researcher)
    assert "Riêng tư" not in client.get("/nghien-cuu/").content.decode()
    assert client.post(f"/nghien-cuu/tim-kiem/{saved.pk}/xoa/").status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


@pytest.mark.django_db
def test_records_are_kept_on_a_list_from_the_record_page(client, researcher, collection):
    record = collection["public"]
    client.force_login(researcher)
    html = client.get(record.url).content.decode()
    assert 'action="/nghien-cuu/danh-sach/them/"' in html
    response = add(client, record, next_url=record.url)
    assert response.status_code == 302 and response["Location"] == record.url
    record_list = RecordList.objects.get(owner=researcher)
    assert record_list.name == "Trâu"
    # Adding it again keeps one entry; another record joins the same list.
    add(client, record, record_list=str(record_list.pk))
    add(client, collection["sacred"], record_list=str(record_list.pk))
    assert record_list.record_ids() == [record.pk, collection["sacred"].pk]
    page = client.get(f"/nghien-cuu/danh-sach/{record_list.pk}/").content.decode()
    assert "Lễ ăn trâu của người Hrê" in page and "Lễ cúng rừng thiêng ăn trâu" in page

    client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/bo/", {"record": record.pk})
    assert record_list.record_ids() == [collection["sacred"].pk]


@pytest.mark.django_db
def test_search_results_offer_the_list_form_to_signed_in_users(client, researcher, collection):
    client.force_login(researcher)
    html = client.get("/search/?q=tr%C3%A2u").content.decode()
    assert html.count('action="/nghien-cuu/danh-sach/them/"') == 2  # one per visible result


@pytest.mark.django_db
def test_a_record_the_user_may_not_see_cannot_be_kept(client, researcher, collection):
    client.force_login(researcher)
    assert add(client, collection["community"]).status_code == 404
    assert add(client, collection["staff"]).status_code == 404
    assert RecordList.objects.count() == 0 and RecordListEntry.objects.count() == 0


@pytest.mark.django_db
def test_lists_are_private_another_account_gets_404(client, researcher, other_researcher, collection):
    record_list = RecordList.objects.create(owner=researcher, name="Của tôi")
    RecordListEntry.objects.create(record_list=record_list, record=collection["public"])
    client.force_login(other_researcher)
    base = f"/nghien-cuu/danh-sach/{record_list.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/xuat/json/").status_code == 404
    assert add(client, collection["sacred"], record_list=str(record_list.pk)).status_code == 404
    for action in ("bo", "doi-ten", "xoa", "chia-se", "thu-hoi"):
        response = client.post(f"{base}/{action}/", {"record": collection["public"].pk, "name": "Của người khác"})
        assert response.status_code == 404, action
    record_list.refresh_from_db()
    assert record_list.name == "Của tôi" and record_list.share_token is None
    assert record_list.record_ids() == [collection["public"].pk]
    assert "Của tôi" not in client.get("/nghien-cuu/").content.decode()


@pytest.mark.django_db
def test_changes_need_the_csrf_token(researcher, collection):
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    record_list = RecordList.objects.create(owner=researcher, name="Danh sách")
    posts = [
        ("/nghien-cuu/tim-kiem/luu/", {"name": "x", "query": "q=a"}),
        ("/nghien-cuu/danh-sach/tao/", {"name": "Mới"}),
        ("/nghien-cuu/danh-sach/them/", {"record": collection["public"].pk, "record_list": str(record_list.pk)}),
        (f"/nghien-cuu/danh-sach/{record_list.pk}/chia-se/", {}),
        (f"/nghien-cuu/danh-sach/{record_list.pk}/xoa/", {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 403, path
    assert SavedSearch.objects.count() == 0
    assert list(RecordList.objects.values_list("name", "share_token")) == [("Danh sách", None)]
    assert RecordListEntry.objects.count() == 0
    # Reading never changes anything: a GET to a change's address is refused.
    assert client.get(f"/nghien-cuu/danh-sach/{record_list.pk}/xoa/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [{"record": "abc"}, {"record": "99999999999999999999"}, {"record": "1", "record_list": "x"}, {}]
)
def test_bad_values_are_a_400_not_a_server_error(client, researcher, collection, data):
    client.force_login(researcher)
    assert client.post("/nghien-cuu/danh-sach/them/", data).status_code == 400
    assert client.post("/nghien-cuu/danh-sach/tao/", {"name": ""}).status_code == 400
    assert RecordList.objects.count() == 0


@pytest.mark.django_db
def test_a_shared_list_shows_each_viewer_only_what_they_may_see(client, community_member, collection):
    client.force_login(community_member)
    add(client, collection["public"], name="Lễ trâu")
    record_list = RecordList.objects.get()
    add(client, collection["community"], record_list=str(record_list.pk))
    add(client, collection["sacred"], record_list=str(record_list.pk))
    client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/chia-se/")
    record_list.refresh_from_db()
    assert len(record_list.share_token) == 32
    owner_page = client.get(record_list.get_absolute_url()).content.decode()
    assert f"http://testserver/danh-sach-chia-se/{record_list.share_token}/" in owner_page

    anonymous = Client()
    shared_url = record_list.shared_url()
    response = anonymous.get(shared_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lễ ăn trâu của người Hrê" in html and "Lễ cúng rừng thiêng ăn trâu" in html
    assert "Lễ trâu kín của cộng đồng" not in html
    assert collection["community"].url not in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "private" in response["Cache-Control"]
    exported = json.loads(b"".join(anonymous.get(f"{shared_url}xuat/json/").streaming_content))
    assert [row["id"] for row in exported] == [collection["public"].pk, collection["sacred"].pk]
    sacred = exported[1]
    assert sacred["location_exact"] is False and sacred["latitude"] != 15.1234567
    ris = b"".join(anonymous.get(f"{shared_url}xuat/ris/").streaming_content).decode()
    assert "kín của cộng đồng" not in ris

    # Another community member sees the community record through the same link.
    member = Client()
    member.force_login(make_user("thanh-vien-2", groups=["Community member"]))
    assert "Lễ trâu kín của cộng đồng" in member.get(shared_url).content.decode()


@pytest.mark.django_db
def test_a_revoked_or_replaced_link_no_longer_opens_the_list(client, researcher, collection):
    client.force_login(researcher)
    add(client, collection["public"])
    record_list = RecordList.objects.get()
    client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/chia-se/")
    record_list.refresh_from_db()
    first = record_list.shared_url()
    client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/chia-se/")
    record_list.refresh_from_db()
    second = record_list.shared_url()
    assert first != second
    anonymous = Client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/thu-hoi/")
    assert anonymous.get(second).status_code == 404
    assert anonymous.get(f"{second}xuat/json/").status_code == 404


@pytest.mark.django_db
def test_a_record_made_restricted_leaves_the_lists_of_those_who_may_not_see_it(client, researcher, collection):
    client.force_login(researcher)
    add(client, collection["public"])
    record_list = RecordList.objects.get()
    record = collection["public"]
    record.access_level = "community"
    record.save_revision().publish()
    client.get("/")  # the "added" message is shown there
    html = client.get(record_list.get_absolute_url()).content.decode()
    assert "Lễ ăn trâu của người Hrê" not in html
    assert "0 hồ sơ" in client.get("/nghien-cuu/").content.decode()


@pytest.mark.django_db
def test_deleting_a_list_deletes_its_entries_not_the_records(client, researcher, collection):
    client.force_login(researcher)
    add(client, collection["public"])
    record_list = RecordList.objects.get()
    response = client.post(f"/nghien-cuu/danh-sach/{record_list.pk}/xoa/")
    assert response.status_code == 302
    assert RecordList.objects.count() == 0 and RecordListEntry.objects.count() == 0
    assert client.get(collection["public"].url).status_code == 200


@pytest.mark.django_db
def test_an_offsite_next_address_is_ignored(client, researcher, collection):
    client.force_login(researcher)
    response = add(client, collection["public"], next_url="https://evil.example/")
    assert response["Location"] == RecordList.objects.get().get_absolute_url()
