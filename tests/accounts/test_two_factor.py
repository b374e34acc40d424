"""Two-factor sign-in, as staff and community members meet it with a real TOTP code."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.HERITAGE_TWO_FACTOR_REQUIRED = True


def code_for(device, offset=0):
    """The code an authenticator app shows now, `offset` steps on, on the clock the device
    has learned: django-otp moves `drift` when it accepts a code from a neighbouring step
    (a 30-second boundary crossed between reading the code and checking it)."""
    device.refresh_from_db()
    drift = device.drift + offset
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def next_code(device):
    """The code of the next 30-second step: the one used to set up may not be used again
    (django-otp refuses a step already used), and the app's tolerance of one step lets
    the next one in."""
    return code_for(device, offset=1)


def sign_in(client, username, path="/dang-nhap/"):
    return client.post(path, {"username": username, "password": "pass-for-tests"})


def set_up(client):
    """Turn two-step sign-in on; returns the device, the recovery codes and the code that
    confirmed the device (kept: a code read again later may belong to the next step)."""
    page = client.get("/xac-thuc/thiet-lap/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    confirming_code = code_for(device)
    done = client.post("/xac-thuc/thiet-lap/", {"code": confirming_code, "next": "/admin/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    return device, codes, confirming_code


def test_staff_must_set_up_two_step_sign_in_before_the_admin_opens(client, site_tree):
    make_user("bien-tap-vien", groups=["Curator"])
    sign_in(client, "bien-tap-vien")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/xac-thuc/thiet-lap/?next=%2Fadmin%2F")
    assert client.get("/").status_code == 302, "nothing else opens before the second step"

    page = client.get("/xac-thuc/thiet-lap/")
    body = page.content.decode()
    assert "<svg" in body and "Bật đăng nhập hai bước" in body
    device = TOTPDevice.objects.get(confirmed=False)
    assert client.get("/xac-thuc/thiet-lap/").content.decode().count(device.config_url.split("secret=")[1][:8]) == 0
    assert TOTPDevice.objects.count() == 1, "reloading keeps the same secret"

    wrong = client.post("/xac-thuc/thiet-lap/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.get().confirmed
    time.sleep(1.1)  # django-otp slows guessing: after a wrong code the next is refused for a second

    device, codes, _confirming_code = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200


def test_a_second_sign_in_asks_for_the_code_and_accepts_a_recovery_code_once(client, site_tree):
    make_user("duyet-vien", groups=["Reviewer"])
    sign_in(client, "duyet-vien")
    device, codes, confirming_code = set_up(client)
    client.post("/dang-xuat/")

    sign_in(client, "duyet-vien", "/admin/login/")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/xac-thuc/?next=")
    assert client.post("/xac-thuc/", {"code": "12345"}).status_code == 400
    time.sleep(1.1)
    assert client.post("/xac-thuc/", {"code": confirming_code}).status_code == 400, "a used code is refused"
    time.sleep(2.1)  # the wait doubles with each wrong code
    ok = client.post("/xac-thuc/", {"code": next_code(device), "next": "/admin/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    client.post("/dang-xuat/")

    sign_in(client, "duyet-vien")
    assert client.post("/xac-thuc/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0, "a recovery code works once"
    client.post("/dang-xuat/")
    sign_in(client, "duyet-vien")
    assert client.post("/xac-thuc/", {"code": codes[0]}).status_code == 400


def test_an_outside_next_address_is_ignored(client, site_tree):
    make_user("quan-tri-2", groups=["Administrator"])
    sign_in(client, "quan-tri-2")
    device, _codes, _confirming_code = set_up(client)
    client.post("/dang-xuat/")
    sign_in(client, "quan-tri-2")
    response = client.post("/xac-thuc/", {"code": next_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_community_members_are_not_asked_unless_they_turn_it_on(client, site_tree, community_member):
    sign_in(client, community_member.username)
    assert client.get("/").status_code == 200
    device, _codes, _confirming_code = set_up(client)
    client.post("/dang-xuat/")
    sign_in(client, community_member.username)
    assert client.get("/").status_code == 302, "once on, the code is asked of them too"
    assert client.post("/xac-thuc/", {"code": next_code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_the_code_pages_need_a_password_sign_in_first(client, site_tree):
    for path in ("/xac-thuc/", "/xac-thuc/thiet-lap/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert not TOTPDevice.objects.exists()
