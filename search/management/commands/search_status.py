from django.core.management.base import BaseCommand
from django.utils import timezone

from heritage.models import RecordPage
from search import indexing
from search.backends import get_backend
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "Report the search engine's health, document counts, queued updates and drift from the database."

    def handle(self, *args, **options):
        backend = get_backend()
        health = backend.health()
        for key, value in health.items():
            self.stdout.write(f"{key:>10}: {value}")
        live = RecordPage.objects.live().count()
        self.stdout.write(f"{'database':>10}: {live} live records")
        in_step = self._report_queue()
        targets = indexing.index_targets(backend)
        for target in targets:
            if len(targets) > 1:
                label = getattr(target, "label", None) or target.name
                self.stdout.write(f"{label}:")
            try:
                missing, stale = indexing.drift(target)
            except Exception as error:  # noqa: BLE001 - an unreachable engine is a finding, not a crash
                self.stdout.write(self.style.ERROR(f"{'drift':>10}: unknown, the index cannot be read ({error})"))
                in_step = False
                continue
            self.stdout.write(f"{'missing':>10}: {len(missing)} live records not in the index {missing[:10] or ''}")
            self.stdout.write(f"{'stale':>10}: {len(stale)} indexed records no longer live {stale[:10] or ''}")
            if missing or stale:
                self.stdout.write(self.style.WARNING("Run `manage.py search_reindex` to repair the drift."))
                in_step = False
        if in_step:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))

    def _report_queue(self):
        queued = PendingIndexUpdate.objects.all()
        count = queued.count()
        if not count:
            self.stdout.write(f"{'queued':>10}: 0 index updates waiting")
            return True
        oldest = queued.order_by("queued_at").first()
        failing = queued.filter(attempts__gt=0)
        age = (timezone.now() - oldest.queued_at).total_seconds()
        ids = list(queued.values_list("record_id", flat=True)[:10])
        self.stdout.write(
            f"{'queued':>10}: {count} index updates waiting {ids}, the oldest for {age:.0f} s,"
            f" {failing.count()} failed at least once"
        )
        last = failing.order_by("-last_attempt_at").first()
        if last:
            self.stdout.write(f"{'error':>10}: {last.last_error}")
        self.stdout.write(self.style.WARNING("Run `manage.py search_retry` to send the queued updates."))
        return False
