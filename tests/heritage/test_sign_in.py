"""Community members sign in and out on the site and never land in the admin; staff still
reach the admin."""

import pytest

from tests.factories import make_record, make_user

PASSWORD = "pass-for-tests"


def sign_in(client, username, next_url=None):
    data = {"username": username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/dang-nhap/", data)


@pytest.mark.django_db
def test_anonymous_visitor_is_offered_the_public_sign_in_page(client, site_tree):
    html = client.get("/ho-so/").content.decode()
    assert 'href="/dang-nhap/?next=/ho-so/"' in html
    assert "/admin/login/" not in html
    page = client.get("/dang-nhap/?next=/ho-so/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<h1 id="sign-in-heading">Đăng nhập</h1>' in text
    assert "Tên đăng nhập" in text and "Mật khẩu" in text
    assert 'name="next" value="/ho-so/"' in text
    assert '<meta name="robots" content="noindex">' in text


@pytest.mark.django_db
def test_community_member_signs_in_sees_community_records_and_signs_out(client, records_by_level, community_member):
    community_record = records_by_level["community"]
    assert client.get(community_record.url).status_code == 404

    response = sign_in(client, community_member.username, next_url=community_record.url)
    assert response.status_code == 302 and response["Location"] == community_record.url
    page = client.get(community_record.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bạn đã đăng nhập với tên thanh-vien." in html
    assert "Đăng xuất" in html
    assert "Quản trị" not in html and "/admin/" not in html  # no way into the admin for a member
    assert client.get(records_by_level["staff"].url).status_code == 404

    # Signing out on a community record returns to the home page, not to a 404.
    response = client.post("/dang-xuat/", {"next": community_record.url})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Bạn đã đăng xuất." in client.get("/").content.decode()
    assert client.get(community_record.url).status_code == 404


@pytest.mark.django_db
def test_signing_out_on_a_public_page_stays_there(client, records_by_level, community_member):
    client.force_login(community_member)
    public = records_by_level["public"]
    response = client.post("/dang-xuat/", {"next": public.url})
    assert response["Location"] == public.url


@pytest.mark.django_db
def test_sign_out_needs_a_post(client, community_member, site_tree):
    client.force_login(community_member)
    assert client.get("/dang-xuat/").status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_wrong_password_is_explained_in_vietnamese_and_keeps_the_username(client, community_member, site_tree):
    response = client.post("/dang-nhap/", {"username": community_member.username, "password": "sai"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert f'value="{community_member.username}"' in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_member_asked_to_go_to_the_admin_goes_home_instead(client, community_member, site_tree):
    response = sign_in(client, community_member.username, next_url="/admin/pages/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_an_address_elsewhere_is_never_followed(client, community_member, site_tree):
    response = sign_in(client, community_member.username, next_url="https://example.org/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_signed_in_member_who_opens_the_admin_is_sent_back_to_the_site(client, community_member, site_tree):
    client.force_login(community_member)
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "Trang quản trị chỉ dành cho cán bộ thư viện" in html
    assert "You do not have permission" not in html and "không có quyền" not in html


@pytest.mark.django_db
def test_a_member_who_signs_in_on_the_admins_form_lands_on_the_site(client, community_member, site_tree):
    response = client.post("/admin/login/", {"username": community_member.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1] == ("/", 302)
    assert response.status_code == 200
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_staff_still_reach_the_admin_from_either_sign_in(client, curator, site_tree):
    response = sign_in(client, curator.username)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert 'href="/admin/"' in client.get("/ho-so/").content.decode()  # the "Quản trị" link

    client.logout()
    response = sign_in(client, curator.username, next_url="/admin/pages/")
    assert response["Location"] == "/admin/pages/"
    client.logout()
    response = client.post("/admin/login/", {"username": curator.username, "password": PASSWORD})
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_signed_in_visitor_on_the_sign_in_page_is_sent_on(client, community_member, site_tree):
    client.force_login(community_member)
    assert client.get("/dang-nhap/?next=/ho-so/")["Location"] == "/ho-so/"


@pytest.mark.django_db
def test_a_restricted_record_not_found_offers_to_sign_in(client, records_by_level):
    record = records_by_level["community"]
    response = client.get(record.url)
    assert response.status_code == 404
    assert f'href="/dang-nhap/?next={record.url}"' in response.content.decode()


@pytest.mark.django_db
def test_an_inactive_account_cannot_sign_in(client, site_tree):
    make_user("nghi", groups=["Community member"], is_active=False)
    response = client.post("/dang-nhap/", {"username": "nghi", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_in_page_stays_light(client, record_index):
    make_record(record_index, latitude=15.04, longitude=108.47)
    html = client.get("/dang-nhap/").content.decode()
    assert "<script" not in html and "leaflet" not in html.lower()
