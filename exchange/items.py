"""Keeping `OaiItem` in step with the records (see `exchange.models`).

`record_changed` is called by the signals on every publish, unpublish and save of a
record, `record_deleted` when one is deleted; both compare the record with
`RecordPage.objects.public()`, the one access rule, and never read its access level.
A change gives the item a new datestamp, and again once the transaction commits, so
its datestamp is never earlier than the moment a harvester could first see it (the
resumption guarantee in `exchange.protocol` rests on that).
"""

from functools import partial

from django.db import transaction

from . import clock
from .models import OaiItem, OaiItemSet
from .sets import record_type_keys, specs_of


def _public_facts(record_ids):
    """record id → (record type, [group slugs], province code, last published) for the
    public records among `record_ids` (None: all public records)."""
    from heritage.models import RecordPage

    records = RecordPage.objects.public()
    if record_ids is not None:
        records = records.filter(pk__in=record_ids)
    types = record_type_keys()
    facts = {
        pk: [types.get(content_type_id, "record"), [], province_code, published]
        for pk, content_type_id, province_code, published in records.values_list(
            "pk", "content_type_id", "province__code", "last_published_at"
        ).iterator(chunk_size=2000)
    }
    links = RecordPage.ethnic_groups.through.objects.filter(recordpage_id__in=records.values("pk"))
    for record_id, slug in links.values_list("recordpage_id", "ethnicgroup__slug").iterator(chunk_size=2000):
        if record_id in facts:
            facts[record_id][1].append(slug)
    return facts


def _set_specs(item, specs):
    current = set(item.sets.values_list("spec", flat=True)) if item.pk else set()
    if current == set(specs):
        return False
    item.sets.exclude(spec__in=specs).delete()
    OaiItemSet.objects.bulk_create([OaiItemSet(item=item, spec=spec) for spec in sorted(set(specs) - current)])
    return True


def record_changed(record_id, republished=False):
    """Bring the item of one record up to date; returns whether it changed."""
    facts = _public_facts([record_id]).get(record_id)
    item = OaiItem.objects.filter(pk=record_id).first()
    now = clock.now()
    if facts is None:
        # Not public (unpublished, community or staff only, in the bin): a deleted item,
        # if it was ever disseminated; nothing at all if it never was.
        if item is None or item.deleted:
            return False
        item.deleted, item.datestamp = True, max(item.datestamp, now)
        item.save()
        _stamp_after_commit(record_id)
        return True
    record_type, groups, province_code, published = facts
    specs = specs_of(record_type, groups, province_code)
    if item is None:
        item = OaiItem.objects.create(pk=record_id, datestamp=now)
        _set_specs(item, specs)
        _stamp_after_commit(record_id)
        return True
    newly_published = published is not None and published.replace(microsecond=0) > item.datestamp
    sets_changed = _set_specs(item, specs)
    if item.deleted or republished or newly_published or sets_changed:
        item.deleted, item.datestamp = False, max(item.datestamp, now)
        item.save()
        _stamp_after_commit(record_id)
        return True
    return False


def record_deleted(record_id):
    """A record removed from the database: its item, if any, becomes a deleted one."""
    now = clock.now()
    for item in OaiItem.objects.filter(pk=record_id, deleted=False):
        item.deleted, item.datestamp = True, max(item.datestamp, now)
        item.save()
        _stamp_after_commit(record_id)


def _stamp_after_commit(record_id):
    transaction.on_commit(partial(_restamp, record_id))


def _restamp(record_id):
    """A change becomes visible when its transaction commits, possibly seconds after it
    was stamped: stamp it again then, so no harvest cursor can already be past it."""
    OaiItem.objects.filter(pk=record_id, datestamp__lt=clock.now()).update(datestamp=clock.now())


@transaction.atomic
def synchronise():
    """Rebuild every item from the public records (after a bulk load that sent no
    signals, or to repair drift). Returns counts of what changed.

    On a first run (no items yet) a record's datestamp is its last publication; later,
    a record found new or changed gets the current time, so incremental harvesters see it.
    """
    now = clock.now()
    first_run = not OaiItem.objects.exists()
    facts = _public_facts(None)
    items = {item.pk: item for item in OaiItem.objects.iterator(chunk_size=5000)}
    specs = {}
    for item_id, spec in OaiItemSet.objects.values_list("item_id", "spec").iterator(chunk_size=5000):
        specs.setdefault(item_id, set()).add(spec)
    created, updated, deleted = [], [], []
    new_sets, stale_sets = [], []
    for record_id, (record_type, groups, province_code, published) in facts.items():
        wanted = set(specs_of(record_type, groups, province_code))
        item = items.get(record_id)
        if item is None:
            stamp = published.replace(microsecond=0) if first_run and published else now
            created.append(OaiItem(pk=record_id, datestamp=min(stamp, now)))
            new_sets.extend(OaiItemSet(item_id=record_id, spec=spec) for spec in wanted)
            continue
        have = specs.get(record_id, set())
        newly_published = published is not None and published.replace(microsecond=0) > item.datestamp
        if item.deleted or have != wanted or newly_published:
            item.deleted, item.datestamp = False, max(item.datestamp, now)
            updated.append(item)
            new_sets.extend(OaiItemSet(item_id=record_id, spec=spec) for spec in wanted - have)
            stale_sets.extend((record_id, spec) for spec in have - wanted)
    for record_id, item in items.items():
        if not item.deleted and record_id not in facts:
            item.deleted, item.datestamp = True, max(item.datestamp, now)
            deleted.append(item)
    OaiItem.objects.bulk_create(created, batch_size=2000)
    OaiItem.objects.bulk_update(updated + deleted, ["deleted", "datestamp"], batch_size=2000)
    OaiItemSet.objects.bulk_create(new_sets, batch_size=5000)
    for record_id, spec in stale_sets:
        OaiItemSet.objects.filter(item_id=record_id, spec=spec).delete()
    return {"created": len(created), "updated": len(updated), "deleted": len(deleted)}
