"""Who may harvest: curators and administrators add sources and press "Harvest now";
reviewers look. External records and runs are read-only for everyone in the admin."""

from django.db import migrations

PERMISSIONS = {
    "Curator": ["add_harvestsource", "change_harvestsource", "view_harvestsource"],
    "Reviewer": ["view_harvestsource"],
    "Administrator": ["add_harvestsource", "change_harvestsource", "delete_harvestsource", "view_harvestsource"],
}
READ_ONLY = ["view_externalrecord", "view_harvestrun"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("heritage_exchange")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="heritage_exchange", codename__in=codenames + READ_ONLY)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="heritage_exchange",
        codename__in={codename for codenames in PERMISSIONS.values() for codename in codenames} | set(READ_ONLY),
    )
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("heritage", "0004_roles_and_workflow"),
        ("heritage_exchange", "0002_harvesting"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
