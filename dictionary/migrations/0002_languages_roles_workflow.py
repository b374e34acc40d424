"""The first two dictionaries (Hrê, Co), the roles' permissions on entries, and the
records' review workflow ("Duyệt và xuất bản") for entries too."""

from django.db import migrations

# A provisional order: the Vietnamese Latin alphabet that the Hrê and Co scripts build
# on, with its digraphs. Curators correct it in the admin against the orthography the
# province publishes (adding a letter re-sorts the dictionary).
LATIN_ORDER = "a ă â b c ch d đ e ê g h i k kh l m n ng nh o ô ơ p ph r s t th tr u ư v x y"
PROVISIONAL = (
    "Thứ tự chữ cái tạm thời theo bảng chữ Latinh tiếng Việt mà chữ viết {name} dựa vào; "
    "cần đối chiếu với bộ chữ {name} được tỉnh ban hành."
)
LANGUAGES = [
    # code (ISO 639-3), name, English name, ethnic group slug, order
    ("hre", "Hrê", "Hre", "hre", 1),
    ("cua", "Co", "Co (Cor)", "co", 2),
]
ENTRY_PERMISSIONS = {
    "Contributor": ["add", "change", "view"],
    "Curator": ["add", "change", "view"],
    "Reviewer": ["add", "change", "view", "publish", "lock", "unlock"],
    "Administrator": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
}
LANGUAGE_PERMISSIONS = {
    "Curator": ["view"],
    "Reviewer": ["view"],
    "Administrator": ["add", "change", "view"],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("heritage_dictionary")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Language = apps.get_model("heritage_dictionary", "Language")
    EthnicGroup = apps.get_model("heritage", "EthnicGroup")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    for code, name, name_en, group_slug, order in LANGUAGES:
        Language.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "ethnic_group": EthnicGroup.objects.filter(slug=group_slug).first(),
                "alphabet": LATIN_ORDER,
                "orthography_note": PROVISIONAL.format(name=name),
                "sort_order": order,
            },
        )

    entry_type, _ = ContentType.objects.get_or_create(app_label="heritage_dictionary", model="entry")
    language_type, _ = ContentType.objects.get_or_create(app_label="heritage_dictionary", model="language")

    def permission(content_type, action, model, verbose):
        found, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {verbose}"}
        )
        return found

    for group_name, actions in ENTRY_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for action in actions:
            group.permissions.add(permission(entry_type, action, "entry", "dictionary entry"))
        for action in LANGUAGE_PERMISSIONS.get(group_name, []):
            group.permissions.add(permission(language_type, action, "language", "dictionary language"))

    workflow = Workflow.objects.filter(name="Duyệt và xuất bản").first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(content_type=entry_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("heritage_dictionary", "0001_initial"),
        ("heritage", "0004_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
