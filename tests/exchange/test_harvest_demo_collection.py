"""The "done when" of issue 10: on the demo collection (`manage.py load_demo`, as
`make demo` loads it), `sickle` pointed at a live `/oai/` harvests every public demo
record in both formats, and nothing else."""

import pytest
from django.core.management import call_command

from heritage.models import RecordPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sickle_harvests_every_public_demo_record_in_oai_dc_and_edm(live_server, clock):
    from sickle import Sickle

    call_command("load_demo", verbosity=0)
    clock.advance()  # lists leave out the current second
    public = {record.pk: record.title for record in RecordPage.objects.public()}
    restricted = set(RecordPage.objects.live().values_list("pk", flat=True)) - set(public)
    assert len(public) >= 40 and restricted  # the demo has both

    sickle = Sickle(f"{live_server.url}/oai/", max_retries=0)
    for prefix in ("oai_dc", "edm"):
        harvested = {}
        for record in sickle.ListRecords(metadataPrefix=prefix):
            assert not record.deleted
            harvested[int(record.header.identifier.rsplit(":", 1)[1])] = record
        assert set(harvested) == set(public), prefix
        for pk, record in harvested.items():
            assert public[pk] in record.raw, (prefix, pk)
    titles = {
        int(r.header.identifier.rsplit(":", 1)[1]): r.metadata["title"]
        for r in sickle.ListRecords(metadataPrefix="oai_dc")
    }
    for pk, title in public.items():
        assert title in titles[pk]
