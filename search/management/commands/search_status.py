from django.core.management.base import BaseCommand

from heritage.models import RecordPage
from search import indexing
from search.backends import get_backend


class Command(BaseCommand):
    help = "Report the search engine's health, document counts and drift from the database."

    def handle(self, *args, **options):
        health = get_backend().health()
        for key, value in health.items():
            self.stdout.write(f"{key:>10}: {value}")
        live = RecordPage.objects.live().count()
        missing, stale = indexing.drift()
        self.stdout.write(f"{'database':>10}: {live} live records")
        self.stdout.write(f"{'missing':>10}: {len(missing)} live records not in the index {missing[:10] or ''}")
        self.stdout.write(f"{'stale':>10}: {len(stale)} indexed records no longer live {stale[:10] or ''}")
        if missing or stale:
            self.stdout.write(self.style.WARNING("Run `manage.py search_reindex` to repair the drift."))
        else:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
