"""Sign-in lock-out and per-client rate limits, as an anonymous client would meet them."""

import pytest
from axes.models import AccessAttempt

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_account(db):
    return make_user("duyet-vien", groups=["Reviewer"], is_staff=True)


def fail(client, path, username, address="198.51.100.30"):
    return client.post(path, {"username": username, "password": "sai-mat-khau"}, REMOTE_ADDR=address)


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_repeated_failures_lock_the_name_out_from_that_address(client, settings, reviewer_account, path):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert fail(client, path, "duyet-vien").status_code == 200
    locked = fail(client, path, "duyet-vien")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # Even the right password is refused while the lock holds...
    right = client.post(path, {"username": "duyet-vien", "password": "pass-for-tests"}, REMOTE_ADDR="198.51.100.30")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but only for that name from that address: the same person elsewhere signs in.
    elsewhere = client.post(path, {"username": "duyet-vien", "password": "pass-for-tests"}, REMOTE_ADDR="198.51.100.31")
    assert elsewhere.status_code == 302
    assert client.session["_auth_user_id"] == str(reviewer_account.pk)


def test_the_lock_ends_after_the_cool_off(client, settings, reviewer_account):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        fail(client, "/dang-nhap/", "duyet-vien")
    assert fail(client, "/dang-nhap/", "duyet-vien").status_code == 429
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    right = client.post(
        "/dang-nhap/", {"username": "duyet-vien", "password": "pass-for-tests"}, REMOTE_ADDR="198.51.100.30"
    )
    assert right.status_code == 302


@pytest.mark.parametrize(
    "path, group_budget",
    [
        ("/search/?q=chiêng", 3),
        ("/api/search?q=chiêng", 3),
        ("/api/v1/search?q=chiêng", 3),
        ("/api/search/suggest?q=chi", 5),
        ("/api/v1/search/suggest?q=chi", 5),
        ("/api/areas", 3),
        ("/api/v1/records", 3),
    ],
)
def test_a_client_beyond_its_budget_gets_429_with_retry_after(client, site_tree, small_rate_limits, path, group_budget):
    for _request in range(group_budget):
        assert client.get(path, REMOTE_ADDR="192.0.2.50").status_code != 429
    limited = client.get(path, REMOTE_ADDR="192.0.2.50")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    if path.startswith("/api/"):
        assert limited.json()["retry_after"] == int(limited["Retry-After"])
    # Another client is not starved by the first.
    assert client.get(path, REMOTE_ADDR="192.0.2.51").status_code != 429


def test_budgets_are_per_group(client, site_tree, small_rate_limits):
    for _request in range(3):
        client.get("/search/?q=a", REMOTE_ADDR="192.0.2.60")
    assert client.get("/search/?q=a", REMOTE_ADDR="192.0.2.60").status_code == 429
    assert client.get("/api/search/suggest?q=ab", REMOTE_ADDR="192.0.2.60").status_code == 200
    assert client.get("/", REMOTE_ADDR="192.0.2.60").status_code == 200, "pages are not rate limited"


def test_iiif_is_rate_limited(client, site_tree, small_rate_limits):
    answers = [client.get("/iiif/3/none/info.json", REMOTE_ADDR="192.0.2.70").status_code for _ in range(4)]
    assert answers[:3] != [429] * 3 and answers[3] == 429
