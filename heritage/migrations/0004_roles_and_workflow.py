"""Curator roles and the review workflow.

Contributor: drafts records and submits them. Curator: edits any record and the
vocabularies, submits. Reviewer: approves (publishes) or rejects submissions.
Administrator: everything, including users. Community member: no admin access; may
see community-level records on the public site.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Contributor": ["add_page"],
    "Curator": ["add_page", "change_page"],
    "Reviewer": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrator": [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    "Contributor": ["add", "choose"],
    "Curator": ["add", "change", "choose"],
    "Reviewer": ["add", "change", "choose"],
    "Administrator": ["add", "change", "delete", "choose"],
}
VOCABULARY_MODELS = ["ethnicgroup", "province", "subject", "licence"]
MODEL_PERMISSIONS = {
    "Contributor": [],
    "Curator": [f"heritage.{action}_{model}" for model in VOCABULARY_MODELS for action in ("add", "change", "view")],
    "Reviewer": [f"heritage.view_{model}" for model in VOCABULARY_MODELS],
    "Administrator": [
        f"heritage.{action}_{model}" for model in VOCABULARY_MODELS for action in ("add", "change", "delete", "view")
    ]
    + ["auth.add_user", "auth.change_user", "auth.view_user"],
}
ALL_GROUPS = ["Contributor", "Curator", "Reviewer", "Administrator", "Community member"]
REVIEWER_GROUPS = ["Reviewer", "Administrator"]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = permission("wagtailadmin.access_admin")
    # Wagtail checks image permissions against its base Image model, even for a
    # custom image model; documents and audio/video use their own models.
    media_types = [("wagtailimages", "image"), ("wagtaildocs", "document"), ("wagtailmedia", "media")]

    groups = {}
    for name in ALL_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
    for name, codenames in PAGE_PERMISSIONS.items():
        group = groups[name]
        group.permissions.add(access_admin)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(f"wagtailcore.{codename}")
            )
        for action in COLLECTION_PERMISSIONS[name]:
            for app_label, model in media_types:
                if (app_label, action) == ("wagtailmedia", "choose"):
                    continue  # wagtailmedia has no separate "choose" permission
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(f"{app_label}.{action}_{model}"),
                )
        for dotted in MODEL_PERMISSIONS[name]:
            group.permissions.add(permission(dotted))

    # Wagtail's initial data makes "Moderators" and "Editors"; our roles replace them.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()
    Workflow.objects.exclude(name="Duyệt và xuất bản").update(active=False)
    GroupApprovalTask.objects.exclude(name="Duyệt nội dung").update(active=False)
    WorkflowPage.objects.all().delete()

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Duyệt nội dung", defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[name] for name in REVIEWER_GROUPS])
    workflow, _ = Workflow.objects.get_or_create(name="Duyệt và xuất bản", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("heritage", "0003_load_vocabularies"),
        ("heritage_media", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
