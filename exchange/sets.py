"""OAI-PMH sets: by record type, by ethnic group and by province.

A record is in every set that applies: `type:<festival|custom|product>`, one
`group:<slug>` per ethnic group, and `province:<official code>`. The three roots
(`type`, `group`, `province`) are sets too: asking for one gives every record in any
of its subsets, as the protocol's set hierarchy says.
"""

from django.utils.text import capfirst
from django.utils.translation import override

ROOTS = {
    "type": ("Loại hồ sơ", "Record type"),
    "group": ("Dân tộc", "Ethnic group"),
    "province": ("Tỉnh, thành phố", "Province"),
}


def record_type_keys():
    """Content type id → record type key (festival, custom, product)."""
    from django.contrib.contenttypes.models import ContentType

    from heritage.models import RecordPage

    return {ContentType.objects.get_for_model(model).pk: key for key, model in RecordPage.record_types().items()}


def specs_of(record_type, group_slugs, province_code):
    """The (leaf) sets a record with these facts is in, sorted."""
    specs = {f"type:{record_type}"} | {f"group:{slug}" for slug in group_slugs}
    if province_code:
        specs.add(f"province:{province_code}")
    return sorted(specs)


def catalogue():
    """Every set, as (spec, Vietnamese name, English name), roots first."""
    from heritage.models import EthnicGroup, Province, RecordPage

    sets = [(spec, *names) for spec, names in ROOTS.items()]
    for key, model in RecordPage.record_types().items():
        names = []
        for language in ("vi", "en"):
            with override(language):
                names.append(capfirst(str(model._meta.verbose_name_plural)))
        sets.append((f"type:{key}", *names))
    for slug, name, name_en in EthnicGroup.objects.order_by("slug").values_list("slug", "name", "name_en"):
        sets.append((f"group:{slug}", f"Dân tộc {name}", f"{name_en or name} people"))
    for code, name, name_en in Province.objects.order_by("code").values_list("code", "name", "name_en"):
        sets.append((f"province:{code}", name, name_en or name))
    return sets


def exists(spec):
    return any(known == spec for known, _vi, _en in catalogue())
