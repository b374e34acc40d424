import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from heritage.models import RecordPage
from search import indexing
from search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from the live records (a new index, then an alias swap: no downtime)."

    def handle(self, *args, **options):
        backend = get_backend()
        total = RecordPage.objects.live().count()
        started = time.perf_counter()
        with tqdm(total=total, unit="records", disable=options["verbosity"] == 0) as bar:
            count = indexing.rebuild(progress=bar.update)
        seconds = time.perf_counter() - started
        rate = count / seconds if seconds else count
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} records into {backend.name} in {seconds:.1f} s ({rate:.0f} records/s)."
            )
        )
