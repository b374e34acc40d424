"""Roles and the submit → review → publish workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from heritage.models import FestivalPage
from tests.factories import make_record


@pytest.mark.django_db
def test_roles_exist_after_migration():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Contributor", "Curator", "Reviewer", "Administrator", "Community member"} <= names
    assert not names & {"Moderators", "Editors"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, can_edit, can_publish",
    [("Contributor", False, False), ("Curator", True, False), ("Reviewer", True, True), ("Administrator", True, True)],
)
def test_page_permissions_follow_roles(record_index, role, can_edit, can_publish):
    from tests.factories import make_user

    user = make_user(groups=[role])
    page = make_record(record_index)
    permissions = page.permissions_for_user(user)
    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish
    assert record_index.permissions_for_user(user).can_add_subpage()


@pytest.mark.django_db
def test_community_member_has_no_admin_access(client, community_member):
    client.force_login(community_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/"  # back to the site, never the admin (tests/heritage/test_sign_in.py)


@pytest.mark.django_db
def test_submitted_record_stays_private_until_a_reviewer_approves(client, record_index, contributor, reviewer):
    page = make_record(record_index, title="Lễ hội chờ duyệt", publish=False)
    page.owner = contributor
    page.save()
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Duyệt và xuất bản"

    workflow_state = workflow.start(page, contributor)
    assert client.get("/ho-so/").content.decode().count("Lễ hội chờ duyệt") == 0

    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    assert not any(action[0] == "approve" for action in task.get_actions(page, contributor))
    assert any(action[0] == "approve" for action in task.get_actions(page, reviewer))
    task.on_action(task_state, reviewer, "approve")

    page = FestivalPage.objects.get(pk=page.pk)
    assert page.live
    assert "Lễ hội chờ duyệt" in client.get("/ho-so/").content.decode()


@pytest.mark.django_db
def test_rejected_record_is_not_published(record_index, contributor, reviewer):
    page = make_record(record_index, publish=False)
    workflow_state = page.get_workflow().start(page, contributor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject")
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_revisions_keep_history(record_index):
    page = make_record(record_index, title="Bản đầu")
    page.title = "Bản sửa"
    page.save_revision().publish()
    assert page.revisions.count() == 2
    assert page.revisions.order_by("created_at").first().as_object().title == "Bản đầu"
