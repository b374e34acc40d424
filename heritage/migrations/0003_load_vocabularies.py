from django.db import migrations

from heritage.data.vocabularies import ETHNIC_GROUPS, LICENCES, PROVINCES, SUBJECTS
from heritage.text import ascii_slug


def load(apps, schema_editor):
    Province = apps.get_model("heritage", "Province")
    EthnicGroup = apps.get_model("heritage", "EthnicGroup")
    EthnicGroupName = apps.get_model("heritage", "EthnicGroupName")
    Subject = apps.get_model("heritage", "Subject")
    Licence = apps.get_model("heritage", "Licence")

    provinces = {}
    for code, name, name_en in PROVINCES:
        provinces[code], _ = Province.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "slug": ascii_slug(name)}
        )
    for name, name_en, slug, family, branch, population, province_codes, other_names in ETHNIC_GROUPS:
        group, _ = EthnicGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "is_minority": slug != "kinh",
                "language_family": family,
                "language_branch": branch,
                "population_2019": population,
            },
        )
        group.main_provinces.set([provinces[code] for code in province_codes])
        for order, (other_name, kind) in enumerate(other_names):
            EthnicGroupName.objects.update_or_create(
                group=group, name=other_name, defaults={"kind": kind, "sort_order": order}
            )
    for slug, name, name_en in SUBJECTS:
        Subject.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en})
    for code, name, name_en, url, allows_reuse in LICENCES:
        Licence.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "url": url, "allows_reuse": allows_reuse},
        )


class Migration(migrations.Migration):
    dependencies = [("heritage", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
