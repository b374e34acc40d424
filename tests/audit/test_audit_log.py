"""The audit log: who created, edited, published, unpublished or deleted a record,
changed its access, imported something, signed in or failed to; kept for good and shown
only to administrators."""

import csv
import io

import pytest

from audit.models import AuditAction, AuditEvent
from heritage.models import FestivalPage
from tests.factories import make_record, make_user
from tests.heritage.test_admin_validation import add_url, festival_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return make_user("quan-tri", groups=["Administrator"], is_superuser=True, is_staff=True)


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_a_record_published_then_made_community_only_then_unpublished_and_deleted_is_all_logged(
    client, administrator, record_index
):
    client.force_login(administrator)
    response = client.post(add_url(record_index), {**festival_form(), "action-publish": "1"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    record = FestivalPage.objects.get(slug="le-hoi-kiem-thu")
    assert record.live

    created, published = events(AuditAction.RECORD_CREATED), events(AuditAction.RECORD_PUBLISHED)
    assert [(e.object_id, e.actor, e.actor_name, e.address) for e in created + published] == [
        (str(record.pk), administrator, "quan-tri", "203.0.113.9")
    ] * 2
    assert published[0].object_title == "Lễ hội kiểm thử"

    client.post(
        f"/admin/pages/{record.pk}/edit/",
        {**festival_form(access_level="community"), "action-publish": "1"},
        REMOTE_ADDR="203.0.113.10",
    )
    (change,) = events(AuditAction.ACCESS_CHANGED)
    assert change.detail == {"from": "public", "to": "community"}
    assert (change.actor, change.address, change.object_id) == (administrator, "203.0.113.10", str(record.pk))

    client.post(f"/admin/pages/{record.pk}/unpublish/", {})
    assert [e.object_id for e in events(AuditAction.RECORD_UNPUBLISHED)] == [str(record.pk)]
    client.post(f"/admin/pages/{record.pk}/delete/", {})
    assert not FestivalPage.objects.filter(pk=record.pk).exists()
    (deleted,) = events(AuditAction.RECORD_DELETED)
    assert (deleted.object_id, deleted.object_title, deleted.actor_name) == (
        str(record.pk),
        "Lễ hội kiểm thử",
        "quan-tri",
    )


def test_an_access_change_made_outside_a_request_names_the_command_line(record_index):
    record = make_record(record_index)
    record.access_level = "staff"
    record.save()
    (change,) = events(AuditAction.ACCESS_CHANGED)
    assert change.detail == {"from": "public", "to": "staff"}
    assert change.actor is None and change.actor_name.endswith("(command line)")
    assert change.address is None


def test_saving_a_record_without_changing_its_access_logs_no_access_change(record_index):
    record = make_record(record_index)
    record.summary = "Tóm tắt mới."
    record.save()
    assert not events(AuditAction.ACCESS_CHANGED)


def test_sign_in_failure_and_sign_out_on_the_site_are_logged_with_the_address(client, community_member):
    client.post("/dang-nhap/", {"username": "thanh-vien", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    (failed,) = events(AuditAction.SIGN_IN_FAILED)
    assert (failed.actor, failed.actor_name, failed.address) == (None, "thanh-vien", "198.51.100.7")
    assert "wrong" not in str(failed.detail)

    client.post("/dang-nhap/", {"username": "thanh-vien", "password": "pass-for-tests"}, REMOTE_ADDR="198.51.100.7")
    (signed_in,) = events(AuditAction.SIGNED_IN)
    assert (signed_in.actor, signed_in.address) == (community_member, "198.51.100.7")
    client.post("/dang-xuat/", REMOTE_ADDR="198.51.100.8")
    (signed_out,) = events(AuditAction.SIGNED_OUT)
    assert (signed_out.actor, signed_out.address) == (community_member, "198.51.100.8")


def test_the_address_behind_a_trusted_proxy_is_the_client_s(client, settings, community_member):
    settings.HERITAGE_TRUSTED_PROXIES = ["10.0.0.2"]
    client.post(
        "/dang-nhap/",
        {"username": "thanh-vien", "password": "pass-for-tests"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.20",
    )
    assert events(AuditAction.SIGNED_IN)[0].address == "198.51.100.20"
    client.logout()
    client.post(
        "/dang-nhap/",
        {"username": "thanh-vien", "password": "x"},
        REMOTE_ADDR="10.0.0.3",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert events(AuditAction.SIGN_IN_FAILED)[0].address == "10.0.0.3", "an untrusted proxy's header is ignored"


def test_events_cannot_be_changed_or_deleted(record_index):
    record = make_record(record_index)
    record.access_level = "community"
    record.save()
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_CHANGED)
    event.detail = {"from": "staff", "to": "public"}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="someone else")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == {"from": "public", "to": "community"}


def test_administrators_browse_filter_and_export_the_log(client, administrator, record_index):
    record = make_record(record_index, title="Lễ cúng bến nước")
    record.access_level = "community"
    record.save()
    make_user("ai-do").check_password("x")
    client.post("/dang-nhap/", {"username": "ai-do", "password": "sai"})
    client.force_login(administrator)

    page = client.get("/admin/audit-log/")
    assert page.status_code == 200
    assert "Lễ cúng bến nước" in page.content.decode()
    filtered = client.get("/admin/audit-log/", {"action": AuditAction.SIGN_IN_FAILED})
    assert "ai-do" in filtered.content.decode()
    assert "Lễ cúng bến nước" not in filtered.content.decode()

    export = client.get("/admin/audit-log/", {"export": "csv", "action": AuditAction.ACCESS_CHANGED})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert "Lễ cúng bến nước" in rows[1]
    assert any("community" in cell for cell in rows[1])


@pytest.mark.parametrize("path", ["/admin/audit-log/", "/admin/audit-log/new/", "/admin/audit-log/edit/1/"])
def test_curators_and_anonymous_visitors_cannot_open_the_log(client, curator, path):
    assert client.get(path).status_code == 302  # anonymous: to the sign-in page
    client.force_login(curator)
    response = client.get(path)
    assert response.status_code in (302, 403, 404)
    assert "Lễ" not in response.content.decode() or response.status_code != 200


def test_nobody_can_add_or_edit_an_event_in_the_admin(client, administrator, record_index):
    record = make_record(record_index)
    record.access_level = "staff"
    record.save()
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_CHANGED)
    client.force_login(administrator)
    assert client.get(f"/admin/audit-log/inspect/{event.pk}/").status_code == 200
    before = AuditEvent.objects.count()
    for path in ("/admin/audit-log/new/", f"/admin/audit-log/edit/{event.pk}/", f"/admin/audit-log/delete/{event.pk}/"):
        assert client.get(path).status_code in (302, 403, 404), path
        client.post(path, {"action": AuditAction.SIGNED_IN})
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.ACCESS_CHANGED
