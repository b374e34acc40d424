import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from heritage.models import RecordPage
from search import indexing
from search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes from the live records: the database fallback's, and the engine's when one "
        "is configured (a new index, then an alias swap: no downtime). Clears the queued updates it covers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that build the documents (default: one fewer than the cores; 1 builds them here).",
        )

    def handle(self, *args, **options):
        backend = get_backend()
        targets = indexing.index_targets(backend)
        total = RecordPage.objects.live().count() * len(targets)
        started = time.perf_counter()
        with tqdm(total=total, unit="records", disable=options["verbosity"] == 0) as bar:
            count = indexing.rebuild(progress=bar.update, workers=options["workers"])
        seconds = time.perf_counter() - started
        rate = count * len(targets) / seconds if seconds else count
        names = " and ".join(getattr(target, "label", backend.name) for target in targets)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} records into {names} in {seconds:.1f} s ({rate:.0f} records/s).")
        )
