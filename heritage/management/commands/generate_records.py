from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from heritage.synthetic import generate_records


class Command(BaseCommand):
    help = "Create N synthetic, clearly labelled records in bulk (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, count, batch_size, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if not 1 <= batch_size <= 5000:
            raise CommandError("--batch-size must be between 1 and 5000.")
        with tqdm(total=count, unit="records", disable=options["verbosity"] == 0) as bar:
            try:
                created = generate_records(count, batch_size=batch_size, seed=seed, progress=bar.update)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {created} synthetic records."))
